import { Injectable } from '@nestjs/common';
import { ClientActor } from '../auth/actor';
import { ClientsRepository } from '../clients/clients.repository';
import { CouplesRepository } from '../couples/couples.repository';
import { DomainError } from '../errors/domain-error';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { Page, PageQueryDto } from '../common/pagination';
import { SessionsRepository } from '../sessions/sessions.repository';
import { EnrollmentsService } from '../enrollments/enrollments.service';
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
  ) {}

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
