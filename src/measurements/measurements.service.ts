import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor, ClientActor, RequestActor, seesWholeOrganization } from '../auth/actor';
import { ClientsRepository } from '../clients/clients.repository';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { EnrollmentTimeline, timelineActorOf } from '../enrollments/enrollment-timeline';
import { DomainError, FieldError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { Instrument } from '../instruments/instrument.entity';
import { InstrumentsService } from '../instruments/instruments.service';
import { checkAnswers } from '../instruments/rules/answers';
import { score } from '../instruments/rules/scoring';
import { SessionsRepository } from '../sessions/sessions.repository';
import { CreateMeasurementDto, ListMeasurementsQueryDto, MeasurementDto, toMeasurementDto } from './dto/measurement.dto';
import { Measurement } from './measurement.entity';
import { MeasurementsRepository } from './measurements.repository';

/** How far ahead of the server's clock `takenAt` may be: clocks differ a little. */
const CLOCK_SKEW_MS = 60_000;

/** Whose measure it is: a couple's (answered by one partner) or a client's own. */
type MeasurementSubject = { kind: 'couple'; coupleId: string; respondentId: string } | { kind: 'client'; respondentId: string };

/**
 * Measurements: one respondent's answers to an instrument version, scored by the server. Who reaches
 * one: as for its subject, the couple (whichever partner answered) or, in individual work, the
 * client; owners, admins and API keys the whole organization's; facilitators none. Answers and
 * score never change: a correction is a new measurement that supersedes the old one, with a reason.
 * The timeline of the subject's open enrollments shows each one, without answers or reason.
 */
@Injectable()
export class MeasurementsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: MeasurementsRepository,
    private readonly instruments: InstrumentsService,
    private readonly couples: CouplesRepository,
    private readonly clients: ClientsRepository,
    private readonly sessions: SessionsRepository,
    private readonly timeline: EnrollmentTimeline,
  ) {}

  async list(actor: Actor, query: ListMeasurementsQueryDto): Promise<Page<MeasurementDto>> {
    const qb = this.repository.listQuery({
      organizationId: actor.organizationId,
      caseloadOf: seesWholeOrganization(actor) ? undefined : actor.id,
      coupleId: query.coupleId,
      clientId: query.clientId,
      instrumentId: query.instrumentId,
      from: query.from,
      to: query.to,
      includeSuperseded: query.includeSuperseded ?? query.updatedSince !== undefined,
    });
    const page = await paginate(qb, query);
    return { data: await this.toDtos(actor.organizationId, page.data), nextCursor: page.nextCursor };
  }

  /** A client's own answers in the portal (never their partner's), current ones only. */
  async listOwn(client: ClientActor, page: PageQueryDto): Promise<Page<MeasurementDto>> {
    const qb = this.repository.listQuery({ organizationId: client.organizationId, clientId: client.id, includeSuperseded: false });
    const found = await paginate(qb, page);
    return { data: await this.toDtos(client.organizationId, found.data), nextCursor: found.nextCursor };
  }

  async get(actor: RequestActor, id: string): Promise<MeasurementDto> {
    await this.access.require(actor, Resource.Measurement, [id]);
    return this.read(actor.organizationId, id);
  }

  async create(actor: RequestActor, dto: CreateMeasurementDto): Promise<MeasurementDto> {
    const takenAt = dto.takenAt ? new Date(dto.takenAt) : new Date();
    this.checkRequest(dto, takenAt);
    const subject: MeasurementSubject = dto.coupleId
      ? { kind: 'couple', coupleId: dto.coupleId.toLowerCase(), respondentId: dto.clientId.toLowerCase() }
      : { kind: 'client', respondentId: dto.clientId.toLowerCase() };
    if (subject.kind === 'couple') await this.access.require(actor, Resource.Couple, [subject.coupleId]);
    else await this.access.require(actor, Resource.Client, [subject.respondentId]);
    await this.access.require(actor, Resource.Instrument, [dto.instrumentId]);
    if (dto.sessionId) await this.access.require(actor, Resource.Session, [dto.sessionId]);
    if (dto.supersedesId) await this.access.require(actor, Resource.Measurement, [dto.supersedesId]);
    const organizationId = actor.organizationId;

    return this.db.run(async () => {
      const instrument = await this.instruments.find(organizationId, dto.instrumentId);
      const check = checkAnswers(instrument.items, dto.answers);
      if (check.values === null) throw DomainError.validation(check.errors, 'The answers do not fit the instrument’s items.');
      await this.checkSubject(organizationId, subject);
      const sessionId = dto.sessionId ? await this.checkSession(organizationId, subject, dto.sessionId) : null;
      const supersedes = dto.supersedesId ? await this.lockSuperseded(organizationId, dto.supersedesId, subject, instrument) : null;

      let id: string;
      try {
        id = await this.repository.insert({
          organizationId,
          instrumentId: instrument.id,
          coupleId: subject.kind === 'couple' ? subject.coupleId : null,
          clientId: subject.respondentId,
          sessionId,
          takenAt,
          answers: instrument.items.map((item, i) => ({ itemId: item.id, value: check.values[i] })),
          score: score(instrument.items, check.values, instrument.scoring),
          supersedesId: supersedes?.id ?? null,
          supersededById: null,
          reason: supersedes ? dto.reason! : null,
          recordedByType: actor.kind,
          recordedById: actor.id,
        });
      } catch (error) {
        if (supersedes && isUniqueViolation(error, 'measurements_supersedes_key')) throw this.alreadySuperseded(null);
        throw error;
      }
      if (supersedes) await this.repository.markSuperseded({ resource: 'Measurement', organizationId, id: supersedes.id }, id);
      const measurement = (await this.repository.find(organizationId, id))!;
      await this.onTimeline(actor, measurement, instrument);
      return toMeasurementDto(measurement, instrument);
    });
  }

  /** What the field validators can't see: a reason exactly with a correction, and no answers from the future. */
  private checkRequest(dto: CreateMeasurementDto, takenAt: Date): void {
    const errors: FieldError[] = [];
    const correcting = dto.supersedesId !== undefined && dto.supersedesId !== null;
    const reasoned = dto.reason !== undefined && dto.reason !== null;
    if (correcting && !reasoned) errors.push({ field: 'reason', message: 'is required with supersedesId: say why the measurement is corrected' });
    if (!correcting && reasoned) errors.push({ field: 'reason', message: 'is only given with supersedesId' });
    if (takenAt.getTime() > Date.now() + CLOCK_SKEW_MS) errors.push({ field: 'takenAt', message: 'must not be in the future' });
    if (errors.length > 0) throw DomainError.validation(errors);
  }

  /** The couple (or client) exists and is not archived, and the respondent is a partner of the couple. */
  private async checkSubject(organizationId: string, subject: MeasurementSubject): Promise<void> {
    if (subject.kind === 'couple') {
      const couple = await this.couples.findPartners(organizationId, subject.coupleId);
      if (!couple) throw DomainError.notFound('Couple');
      if (couple.archivedAt) throw new DomainError(ErrorCode.SubjectArchived, 'The couple is archived; restore it before recording a measurement for it.');
      if (subject.respondentId !== couple.partnerAId && subject.respondentId !== couple.partnerBId) {
        throw new DomainError(ErrorCode.NotAPartner, 'The client in clientId is not a partner of the couple: the respondent of a couple’s measure is one of its partners.');
      }
      return;
    }
    const client = await this.clients.findState(organizationId, subject.respondentId);
    if (!client) throw DomainError.notFound('Client');
    if (client.archivedAt) throw new DomainError(ErrorCode.SubjectArchived, 'The client is archived; restore them before recording a measurement for them.');
  }

  /** The session is the couple's (or, in individual work, the client's own). */
  private async checkSession(organizationId: string, subject: MeasurementSubject, sessionId: string): Promise<string> {
    const session = await this.sessions.findById(organizationId, sessionId);
    if (!session) throw DomainError.notFound('Session');
    const same = subject.kind === 'couple' ? session.coupleId === subject.coupleId : session.clientId === subject.respondentId;
    if (!same) {
      const whose = subject.kind === 'couple' ? 'the couple’s' : 'the client’s individual';
      throw DomainError.validation([{ field: 'sessionId', message: `must be one of ${whose} sessions` }]);
    }
    return session.id;
  }

  /** The measurement a correction replaces, locked: the same instrument, respondent and couple, not corrected yet. */
  private async lockSuperseded(organizationId: string, id: string, subject: MeasurementSubject, instrument: Instrument): Promise<Measurement> {
    const old = await this.repository.lock(organizationId, id);
    const coupleId = subject.kind === 'couple' ? subject.coupleId : null;
    if (old.instrumentId !== instrument.id || old.clientId !== subject.respondentId || old.coupleId !== coupleId) {
      throw DomainError.validation([{ field: 'supersedesId', message: 'must be a measurement of the same instrument, respondent and couple' }]);
    }
    if (old.supersededById) throw this.alreadySuperseded(old.supersededById);
    return old;
  }

  private alreadySuperseded(supersededById: string | null): DomainError {
    const detail = 'The measurement has already been corrected; correct the correction instead.';
    return new DomainError(ErrorCode.MeasurementSuperseded, detail, supersededById ? { extensions: { supersededById } } : {});
  }

  /** Puts `measurement_recorded` on the open enrollments of the couple (or the client in individual work). */
  private async onTimeline(actor: RequestActor, m: Measurement, instrument: Instrument): Promise<void> {
    const subject = m.coupleId ? { coupleId: m.coupleId } : { clientId: m.clientId };
    for (const enrollment of await this.timeline.activeEnrollmentsOf(m.organizationId, subject)) {
      await this.timeline.append({
        organizationId: m.organizationId,
        enrollmentId: enrollment.id,
        type: 'measurement_recorded',
        actor: timelineActorOf(actor),
        data: {
          measurementId: m.id,
          instrumentId: instrument.id,
          instrumentKey: instrument.key,
          instrumentVersion: instrument.instrumentVersion,
          respondentId: m.clientId,
          score: m.score,
          supersedesId: m.supersedesId,
        },
        source: { type: 'measurement', id: m.id },
        occurredAt: m.takenAt,
      });
    }
  }

  private async read(organizationId: string, id: string): Promise<MeasurementDto> {
    const measurement = await this.repository.find(organizationId, id);
    if (!measurement) throw DomainError.notFound('Measurement');
    return toMeasurementDto(measurement, await this.instruments.find(organizationId, measurement.instrumentId));
  }

  private async toDtos(organizationId: string, measurements: Measurement[]): Promise<MeasurementDto[]> {
    const ids = [...new Set(measurements.map((m) => m.instrumentId))];
    const instruments = new Map((await this.instruments.findAll(organizationId, ids)).map((i) => [i.id, i]));
    return measurements.map((m) => toMeasurementDto(m, instruments.get(m.instrumentId)!));
  }
}
