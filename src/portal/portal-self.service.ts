import { Injectable } from '@nestjs/common';
import { ClientActor } from '../auth/actor';
import { ClientsRepository } from '../clients/clients.repository';
import { CouplesRepository } from '../couples/couples.repository';
import { DomainError } from '../errors/domain-error';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { Page, PageQueryDto } from '../common/pagination';
import { SessionsRepository } from '../sessions/sessions.repository';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { InstrumentsRepository } from '../instruments/instruments.repository';
import { measureDue } from '../instruments/rules/measures-due';
import { MeasurementsRepository } from '../measurements/measurements.repository';
import { PortalMeasuresDueDto, toPortalMeasureDueDto } from './dto/portal-measures-due.dto';
import { PortalMeDto, PortalProgramDto, PortalUpcomingSessionDto, toPortalMeDto, toPortalUpcomingSessionDto } from './dto/portal-me.dto';

/** What a signed-in client reads about themselves. */
@Injectable()
export class PortalSelfService {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly couples: CouplesRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly sessions: SessionsRepository,
    private readonly enrollments: EnrollmentsService,
    private readonly instruments: InstrumentsRepository,
    private readonly measurements: MeasurementsRepository,
  ) {}

  /**
   * The instruments the client should answer now (`measureDue`): those with a cadence, while the
   * client has an open program of their own or their couple's, unanswered since it started or since
   * a cadence ago. An answer to any version of an instrument counts for it.
   */
  async measuresDue(actor: ClientActor, now = new Date()): Promise<PortalMeasuresDueDto> {
    const couples = await this.currentCouples(actor);
    const open = (await this.enrollments.listOfClient(actor, couples.map((couple) => couple.id))).filter((e) => e.status === 'active' || e.status === 'paused');
    const enrollmentStartedAt = open.length === 0 ? null : new Date(Math.min(...open.map((e) => new Date(e.startedAt).getTime())));
    const instruments = await this.instruments.latestWithCadence(actor.organizationId);
    const answered = await this.measurements.lastAnsweredBy(actor.organizationId, actor.id);
    const versions = await this.instruments.findAllUsable(actor.organizationId, answered.map((a) => a.instrumentId));
    const keyOf = new Map(versions.map((version) => [version.id, version.key]));
    const lastByKey = new Map<string, Date>();
    for (const { instrumentId, takenAt } of answered) {
      const key = keyOf.get(instrumentId);
      const last = key === undefined ? undefined : lastByKey.get(key);
      if (key !== undefined && (!last || takenAt > last)) lastByKey.set(key, new Date(takenAt));
    }
    const measures = instruments.flatMap((instrument) => {
      const due = measureDue({ cadenceDays: instrument.cadenceDays, enrollmentStartedAt, lastAnsweredAt: lastByKey.get(instrument.key) ?? null, now });
      return due ? [toPortalMeasureDueDto(instrument, due)] : [];
    });
    return { measures: measures.sort((a, b) => a.dueSince.localeCompare(b.dueSince) || a.key.localeCompare(b.key)) };
  }

  /** The client's program and their couple's, with the current step and its practices. */
  async program(actor: ClientActor): Promise<PortalProgramDto> {
    const couples = await this.currentCouples(actor);
    return { enrollments: await this.enrollments.listOfClient(actor, couples.map((couple) => couple.id)) };
  }

  /** The client's scheduled sessions from now on: their own, their couple's and their groups'. */
  async upcomingSessions(actor: ClientActor, page: PageQueryDto): Promise<Page<PortalUpcomingSessionDto>> {
    const found = await this.sessions.list(
      { organizationId: actor.organizationId, clientId: actor.id, status: 'scheduled', from: new Date().toISOString() },
      page,
    );
    return { data: found.data.map(toPortalUpcomingSessionDto), nextCursor: found.nextCursor };
  }

  async me(actor: ClientActor): Promise<PortalMeDto> {
    const client = await this.clients.findById(actor.organizationId, actor.id);
    if (!client) throw DomainError.notFound('client');
    const organization = await this.organizations.findOrFail(actor.organizationId);
    const couples = await this.currentCouples(actor);
    const partners = await this.clients.findByIds(actor.organizationId, couples.map((couple) => couple.partnerId));
    return toPortalMeDto(
      client,
      organization,
      couples.flatMap((couple) => {
        const partner = partners.find((p) => p.id === couple.partnerId);
        return partner ? [{ id: couple.id, partner }] : [];
      }),
    );
  }

  /** The client's current couples, each with the other partner's id. */
  async currentCouples(actor: ClientActor): Promise<{ id: string; partnerId: string }[]> {
    const page = await this.couples.list(actor.organizationId, { partnerId: actor.id }, { limit: 100, includeArchived: false });
    return page.data
      .filter((couple) => !couple.archivedAt)
      .map((couple) => ({ id: couple.id, partnerId: couple.partnerAId === actor.id ? couple.partnerBId : couple.partnerAId }));
  }
}
