import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { AssignmentsService } from '../assignments/assignments.service';
import { AssignmentDto } from '../assignments/dto/assignment.dto';
import { ClientActor } from '../auth/actor';
import { BoundariesService } from '../boundaries/boundaries.service';
import { BoundaryBreachesService } from '../boundaries/boundary-breaches.service';
import { BoundaryDto } from '../boundaries/dto/boundary.dto';
import { BreachDto } from '../boundaries/dto/breach.dto';
import { CommitmentOutcomesService } from '../commitments/commitment-outcomes.service';
import { CommitmentsService } from '../commitments/commitments.service';
import { CommitmentDto } from '../commitments/dto/commitment.dto';
import { OccurrenceDto, RecordOutcomeDto } from '../commitments/dto/occurrence.dto';
import { IfMatch } from '../common/concurrency';
import { Page, PageQueryDto } from '../common/pagination';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { MeasurementDto } from '../measurements/dto/measurement.dto';
import { MeasurementsService } from '../measurements/measurements.service';
import { CreatePortalBreachDto, CreatePortalMeasurementDto, UpdatePortalAssignmentDto } from './dto/portal-care.dto';

/**
 * What a client does between sessions, through the same services staff use, with the client as the
 * actor: the access rules let a client reach only what is theirs (or shared with their partner), the
 * services record it as written by the client, put it on the timeline, and the request is audited
 * with the client as the actor. What only staff may do (a viewpoint that is not the client's, a
 * reporter other than themselves) is settled here, before the service is called.
 */
@Injectable()
export class PortalCareService {
  constructor(
    private readonly access: AccessService,
    private readonly assignments: AssignmentsService,
    private readonly commitments: CommitmentsService,
    private readonly outcomes: CommitmentOutcomesService,
    private readonly boundaries: BoundariesService,
    private readonly breaches: BoundaryBreachesService,
    private readonly measurements: MeasurementsService,
  ) {}

  listAssignments(client: ClientActor, page: PageQueryDto): Promise<Page<AssignmentDto>> {
    return this.assignments.listOwn(client, page);
  }

  getAssignment(client: ClientActor, id: string): Promise<AssignmentDto> {
    return this.assignments.get(client, id);
  }

  updateAssignment(client: ClientActor, id: string, dto: UpdatePortalAssignmentDto, ifMatch?: IfMatch): Promise<AssignmentDto> {
    return this.assignments.update(client, id, { status: dto.status, response: dto.reflection, shareReflection: dto.shareReflection }, ifMatch);
  }

  listCommitments(client: ClientActor, page: PageQueryDto): Promise<Page<CommitmentDto>> {
    return this.commitments.listShared(client, page);
  }

  getCommitment(client: ClientActor, id: string): Promise<CommitmentDto> {
    return this.commitments.get(client, id);
  }

  /** The committer reports on their own commitment; the other partner confirms or disputes it. */
  async recordOutcome(client: ClientActor, id: string, date: string, dto: RecordOutcomeDto): Promise<OccurrenceDto> {
    await this.access.require(client, Resource.Commitment, [id]);
    const commitment = await this.commitments.find(client.organizationId, id);
    const committer = commitment.committerId === client.id;
    if (dto.viewpoint === 'committer' && !committer) {
      throw new DomainError(ErrorCode.Forbidden, 'Only the partner who made this commitment reports on it; you can confirm or dispute their report.');
    }
    if (dto.viewpoint === 'partner' && committer) {
      throw new DomainError(ErrorCode.Forbidden, 'You made this commitment: report on it as the committer; your partner confirms or disputes.');
    }
    return this.outcomes.record(client, id, date, dto);
  }

  listBoundaries(client: ClientActor, page: PageQueryDto): Promise<Page<BoundaryDto>> {
    return this.boundaries.listShared(client, page);
  }

  getBoundary(client: ClientActor, id: string): Promise<BoundaryDto> {
    return this.boundaries.get(client, id);
  }

  agree(client: ClientActor, id: string): Promise<BoundaryDto> {
    return this.boundaries.agree(client, id, client.id);
  }

  withdrawAgreement(client: ClientActor, id: string): Promise<BoundaryDto> {
    return this.boundaries.withdraw(client, id, client.id);
  }

  reportBreach(client: ClientActor, id: string, dto: CreatePortalBreachDto): Promise<BreachDto> {
    return this.breaches.create(client, id, { ...dto, reportedBy: { type: 'partner', id: client.id } });
  }

  listMeasurements(client: ClientActor, page: PageQueryDto): Promise<Page<MeasurementDto>> {
    return this.measurements.listOwn(client, page);
  }

  getMeasurement(client: ClientActor, id: string): Promise<MeasurementDto> {
    return this.measurements.get(client, id);
  }

  /** The client answers as themselves; the server scores the answers as it does for staff. */
  answerMeasure(client: ClientActor, dto: CreatePortalMeasurementDto): Promise<MeasurementDto> {
    return this.measurements.create(client, { ...dto, clientId: client.id });
  }
}
