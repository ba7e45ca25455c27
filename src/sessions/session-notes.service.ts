import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { noteAad } from '../notes/note-cipher';
import { NoteCipherService } from '../notes/note-cipher.service';
import { SessionAddendumDto, NoteDto, toAddendumReceiptDto } from './dto/session.dto';
import { canReadNotes } from './note-access';
import { SessionAddendaRepository } from './session-addenda.repository';
import { subjectOf, SUBJECT_RESOURCE } from './session-rules';
import { SessionsRepository } from './sessions.repository';
import { SessionKind, TherapySession } from './therapy-session.entity';
import { ADDENDUM_TEXTS, SESSION_NOTES } from '../notes/encrypted-columns.repository';

/** The tables whose names bind each encrypted value to its record (the AAD). */
export const SESSION_NOTE_TABLE = SESSION_NOTES.table;
export const ADDENDUM_TABLE = ADDENDUM_TEXTS.table;

/** The encrypted clinical note and its addenda: who may read and write them, and their encryption. */
@Injectable()
export class SessionNotesService {
  constructor(
    private readonly notes: NoteCipherService,
    private readonly access: AccessService,
    private readonly sessions: SessionsRepository,
    private readonly addenda: SessionAddendaRepository,
  ) {}

  encryptNote(organizationId: string, sessionId: string, note: NoteDto): string {
    return this.notes.cipher.encrypt(JSON.stringify(note), noteAad(SESSION_NOTE_TABLE, organizationId, sessionId));
  }

  decryptNote(session: TherapySession): NoteDto {
    return JSON.parse(this.notes.cipher.decrypt(session.noteCiphertext!, noteAad(SESSION_NOTE_TABLE, session.organizationId, session.id))) as NoteDto;
  }

  encryptAddendum(organizationId: string, addendumId: string, text: string): string {
    return this.notes.cipher.encrypt(text, noteAad(ADDENDUM_TABLE, organizationId, addendumId));
  }

  /** The addenda of these sessions with their text, oldest first, by session id. */
  async addendaOf(organizationId: string, sessionIds: string[]): Promise<Map<string, SessionAddendumDto[]>> {
    const bySession = new Map<string, SessionAddendumDto[]>();
    for (const row of await this.addenda.listBySessionIds(organizationId, sessionIds)) {
      const text = this.notes.cipher.decrypt(row.textCiphertext, noteAad(ADDENDUM_TABLE, row.organizationId, row.id));
      bySession.set(row.sessionId, [...(bySession.get(row.sessionId) ?? []), { ...toAddendumReceiptDto(row), text }]);
    }
    return bySession;
  }

  /** For each session, whether the actor may read its notes (one query per subject kind at most). */
  async readable(actor: Actor, sessions: TherapySession[]): Promise<boolean[]> {
    if (actor.kind !== 'user') return sessions.map(() => false);
    const reach = new Map<SessionKind, Set<string>>();
    if (!seesWholeOrganization(actor)) {
      for (const kind of ['individual', 'couple', 'group'] as SessionKind[]) {
        const ids = sessions.filter((s) => s.kind === kind).map((s) => subjectOf(s).id);
        if (ids.length > 0) reach.set(kind, await this.access.reachable(actor, SUBJECT_RESOURCE[kind], ids));
      }
    }
    return sessions.map((s) => canReadNotes(actor, s, reach.get(s.kind)?.has(subjectOf(s).id) ?? false));
  }

  /** Writing a note (completing, or an addendum) needs the right to read it. */
  async requireWriter(actor: Actor, sessionId: string): Promise<void> {
    const session = await this.sessions.findById(actor.organizationId, sessionId);
    if (!session) throw DomainError.notFound('Session');
    const [readable] = await this.readable(actor, [session]);
    if (!readable) throw new DomainError(ErrorCode.Forbidden, 'You may not write this session’s clinical note.');
  }
}
