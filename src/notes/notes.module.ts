import { Module } from '@nestjs/common';
import { NoteCipherService } from './note-cipher.service';
import { NoteRekeying } from './note-rekeying.service';

/** The encryption of clinical notes: the installation's cipher and key rotation. */
@Module({ providers: [NoteCipherService, NoteRekeying], exports: [NoteCipherService, NoteRekeying] })
export class NotesModule {}
