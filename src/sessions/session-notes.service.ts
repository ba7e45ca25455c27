import { Injectable } from '@nestjs/common';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { NoteCipherService } from '../notes/note-cipher.service';
import { SessionAddendumDto, NoteDto, toAddendumReceiptDto } from './dto/session.dto';
import { canReadNotes } from './note-access';
import { AddendumRow } from './session-addenda.repository';
import { SessionsRepository, SessionWithChildrenRow } from './sessions.repository';
import { TherapySession } from './therapy-session.entity';
import { ADDENDUM_TEXTS, SESSION_NOTES } from '../notes/encrypted-columns.repository';

/** The encrypted clinical note and its addenda: who may read and write them, and their encryption. */
@Injectable()
export class SessionNotesService {
  constructor(
    private readonly notes: NoteCipherService,
    private readonly sessions: SessionsRepository,
  ) {}

  encryptNote(organizationId: string, sessionId: string, note: NoteDto): string {
    return this.notes.cipher.encrypt(JSON.stringify(note), SESSION_NOTES.aad(organizationId, sessionId));
  }

  decryptNote(session: Pick<TherapySession, 'organizationId' | 'id' | 'noteCiphertext'>): NoteDto {
    return JSON.parse(this.notes.cipher.decrypt(session.noteCiphertext!, SESSION_NOTES.aad(session.organizationId, session.id))) as NoteDto;
  }

  encryptAddendum(organizationId: string, addendumId: string, text: string): string {
    return this.notes.cipher.encrypt(text, ADDENDUM_TEXTS.aad(organizationId, addendumId));
  }

  /** The organization's addenda with their text, in the order given. */
  decryptAddenda(organizationId: string, addenda: AddendumRow[]): SessionAddendumDto[] {
    return addenda.map((row) => ({ ...toAddendumReceiptDto(row), text: this.notes.cipher.decrypt(row.textCiphertext, ADDENDUM_TEXTS.aad(organizationId, row.id)) }));
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
