import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { AssignmentsService } from '../assignments/assignments.service';
import { Actor } from '../auth/actor';
import { BoundariesService } from '../boundaries/boundaries.service';
import { BoundaryBreachesService } from '../boundaries/boundary-breaches.service';
import { ClientsService } from '../clients/clients.service';
import { CommitmentsService } from '../commitments/commitments.service';
import type { Subject } from '../common/subject';
import { CouplesService } from '../couples/couples.service';
import { Transactions } from '../database/transactions';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { MeasurementsService } from '../measurements/measurements.service';
import { SafetyScreeningsService } from '../screenings/safety-screenings.service';
import { SessionsService } from '../sessions/sessions.service';
import { ClientExportDto, CoupleExportDto, ExportedBoundaryDto, ExportedCommitmentDto, ExportedEnrollmentDto, SubjectExportSectionsDto } from './dto/subject-export.dto';
import { everyRecord } from './every-page';

/**
 * A couple's or a client's whole record as one document. Every section is read through the owning
 * feature's own list method, as the actor: the same access rules, the same mappers and so the same
 * shapes as the API's routes, and notes only for a reader `canReadNotes` allows. It is read in one
 * transaction, so that its sections agree with each other.
 */
@Injectable()
export class SubjectExportsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly clients: ClientsService,
    private readonly couples: CouplesService,
    private readonly screenings: SafetyScreeningsService,
    private readonly enrollments: EnrollmentsService,
    private readonly sessions: SessionsService,
    private readonly assignments: AssignmentsService,
    private readonly commitments: CommitmentsService,
    private readonly boundaries: BoundariesService,
    private readonly breaches: BoundaryBreachesService,
    private readonly measurements: MeasurementsService,
  ) {}

  async ofCouple(actor: Actor, coupleId: string): Promise<CoupleExportDto> {
    await this.access.require(actor, Resource.Couple, [coupleId]);
    return this.db.run(async () => {
      const profile = await this.couples.get(actor, coupleId);
      const partnerIds = profile.partners.map((p) => p.id);
      const partners = [];
      for (const id of partnerIds) partners.push(await this.clients.get(actor, id));
      return {
        subjectType: 'couple' as const,
        profile,
        partners,
        ...(await this.sections(actor, { coupleId }, partnerIds)),
        boundaries: await this.boundariesOf(actor, coupleId),
      };
    });
  }

  async ofClient(actor: Actor, clientId: string): Promise<ClientExportDto> {
    await this.access.require(actor, Resource.Client, [clientId]);
    return this.db.run(async () => ({
      subjectType: 'client' as const,
      profile: await this.clients.get(actor, clientId),
      ...(await this.sections(actor, { clientId }, [clientId])),
    }));
  }

  private async sections(actor: Actor, subject: Subject, screenedIds: string[]): Promise<SubjectExportSectionsDto> {
    const screenings = [];
    for (const clientId of screenedIds) screenings.push(...(await everyRecord((page) => this.screenings.list(actor, clientId, page))));
    // A client's export holds their individual sessions; their couple's joint sessions are the couple's record.
    const sessions = await everyRecord((page) => this.sessions.list(actor, { ...page, ...subject, kind: 'coupleId' in subject ? 'couple' : 'individual' }));
    return {
      exportedAt: new Date(),
      screenings,
      enrollments: await this.enrollmentsOf(actor, subject),
      sessions,
      notesLeftOut: sessions.some((session) => session.noteRedacted),
      assignments: await everyRecord((page) => this.assignments.list(actor, { ...page, ...subject })),
      commitments: await this.commitmentsOf(actor, subject),
      measurements: await everyRecord((page) => this.measurements.list(actor, { ...page, ...subject, includeSuperseded: true })),
    };
  }

  private async enrollmentsOf(actor: Actor, subject: Subject): Promise<ExportedEnrollmentDto[]> {
    const exported: ExportedEnrollmentDto[] = [];
    for (const enrollment of await everyRecord((page) => this.enrollments.list(actor, { ...page, ...subject }))) {
      exported.push({ enrollment, timeline: await everyRecord((page) => this.enrollments.events(actor, enrollment.id, page)) });
    }
    return exported;
  }

  private async commitmentsOf(actor: Actor, subject: Subject): Promise<ExportedCommitmentDto[]> {
    const exported: ExportedCommitmentDto[] = [];
    for (const commitment of await everyRecord((page) => this.commitments.list(actor, { ...page, ...subject }))) {
      exported.push({ commitment, occurrences: await this.commitments.everyOccurrence(actor.organizationId, commitment.id) });
    }
    return exported;
  }

  private async boundariesOf(actor: Actor, coupleId: string): Promise<ExportedBoundaryDto[]> {
    const exported: ExportedBoundaryDto[] = [];
    for (const boundary of await everyRecord((page) => this.boundaries.list(actor, { ...page, coupleId }))) {
      exported.push({ boundary, breaches: await everyRecord((page) => this.breaches.list(actor, boundary.id, page)) });
    }
    return exported;
  }
}
