import { Injectable } from '@nestjs/common';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { noteAad } from '../notes/note-cipher';
import { NoteCipherService } from '../notes/note-cipher.service';
import { SessionAddendumDto, NoteDto, toAddendumReceiptDto } from './dto/session.dto';
import { canReadNotes } from './note-access';
import { AddendumRow } from './session-addenda.repository';
import { SessionsRepository, SessionWithChildrenRow } from './sessions.repository';
import { TherapySession } from './therapy-session.entity';
import { ADDENDUM_TEXTS, SESSION_NOTES } from '../notes/encrypted-columns.repository';

/** The tables whose names bind each encrypted value to its record (the AAD). */
export const SESSION_NOTE_TABLE = SESSION_NOTES.table;
export const ADDENDUM_TABLE = ADDENDUM_TEXTS.table;

/** The encrypted clinical note and its addenda: who may read and write them, and their encryption. */
@Injectable()
export class SessionNotesService {
  constructor(
    private readonly notes: NoteCipherService,
    private readonly sessions: SessionsRepository,
  ) {}

  encryptNote(organizationId: string, sessionId: string, note: NoteDto): string {
    return this.notes.cipher.encrypt(JSON.stringify(note), noteAad(SESSION_NOTE_TABLE, organizationId, sessionId));
  }

  decryptNote(session: Pick<TherapySession, 'organizationId' | 'id' | 'noteCiphertext'>): NoteDto {
    return JSON.parse(this.notes.cipher.decrypt(session.noteCiphertext!, noteAad(SESSION_NOTE_TABLE, session.organizationId, session.id))) as NoteDto;
  }

  encryptAddendum(organizationId: string, addendumId: string, text: string): string {
    return this.notes.cipher.encrypt(text, noteAad(ADDENDUM_TABLE, organizationId, addendumId));
  }

  /** The organization's addenda with their text, in the order given. */
  decryptAddenda(organizationId: string, addenda: AddendumRow[]): SessionAddendumDto[] {
    return addenda.map((row) => ({ ...toAddendumReceiptDto(row), text: this.notes.cipher.decrypt(row.textCiphertext, noteAad(ADDENDUM_TABLE, organizationId, row.id)) }));
  }

  /**
   * Whom a session row is read for, so that it tells whether they reach its subject (`readable`):
   * no one for those who see the whole organization, whose right to the notes does not depend on it.
   */
  readerOf(actor: Actor): { userId: string } | undefined {
    return seesWholeOrganization(actor) ? undefined : { userId: actor.id };
  }

  /** Whether the actor may read the session's notes; the row was read with `readerOf(actor)`. */
  readable(actor: Actor, session: SessionWithChildrenRow): boolean {
    return canReadNotes(actor, session, session.subjectInReach);
  }

  /** Writing a note (completing, or an addendum) needs the right to read it. */
  async requireWriter(actor: Actor, sessionId: string): Promise<void> {
    const session = await this.sessions.findWithChildren(actor.organizationId, sessionId, this.readerOf(actor));
    if (!session) throw DomainError.notFound('Session');
    if (!this.readable(actor, session)) throw new DomainError(ErrorCode.Forbidden, 'You may not write this session’s clinical note.');
  }
}
