import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { COMMITTER_OUTCOMES, CommitterOutcome, PARTNER_VIEWS, PartnerView } from '../../commitments/rules/reliability';
import { ApiKebabKey } from '../../http/key-param';
import { ApiStepKey } from '../../programs/built-in/built-in-keys';
import { ApiUnion } from '../../openapi/api-union.decorator';
import { SESSION_KINDS, SessionKind } from '../../sessions/therapy-session.entity';
import type { EnrollmentEventRow } from '../enrollment-events.repository';
import { ENROLLMENT_STATUSES, EnrollmentStatus } from '../enrollment.entity';
import { ActorRefDto, SubjectDto } from './enrollment.dto';

/** A key that is always null for this type of event. */
const ALWAYS_NULL: ApiPropertyOptions = { type: 'string', nullable: true, enum: [null] };
/** `source` of an event that comes from no other module's record. */
const NO_SOURCE: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: false,
  nullable: true,
  enum: [null],
  description: 'Always null: the event comes from the enrollment itself.',
};

/** What every timeline event carries, whatever its type. */
export abstract class TimelineEventFields {
  id!: string;
  enrollmentId!: string;
  /** When it happened. */
  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt!: string;
  /** When it was recorded; the timeline is ordered by it. */
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  actor!: ActorRefDto;
  /** Events never change: always `createdAt`. */
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
  /** Events never change: always 1. */
  version!: number;
}

/** An event about the enrollment as a whole: no step, no practice, no other record. */
export abstract class EnrollmentWideEventFields extends TimelineEventFields {
  @ApiProperty(ALWAYS_NULL)
  stepKey!: null;
  @ApiProperty(ALWAYS_NULL)
  practiceKey!: null;
  @ApiProperty(NO_SOURCE)
  source!: null;
}

/** An event about one step. */
export abstract class StepEventFields extends TimelineEventFields {
  @ApiKebabKey()
  stepKey!: string;
  @ApiProperty(ALWAYS_NULL)
  practiceKey!: null;
  @ApiProperty(NO_SOURCE)
  source!: null;
}

/** An event about one practice of one step. */
export abstract class PracticeEventFields extends TimelineEventFields {
  @ApiKebabKey()
  stepKey!: string;
  @ApiKebabKey()
  practiceKey!: string;
  @ApiProperty(NO_SOURCE)
  source!: null;
}

export class EnrollmentCreatedDataDto {
  programKey!: string;
  /** The program version the enrollment is pinned to. */
  programVersion!: number;
  subject!: SubjectDto;
}

export class EnrollmentCreatedEventDto extends EnrollmentWideEventFields {
  @ApiProperty({ enum: ['enrollment_created'] })
  type!: 'enrollment_created';
  data!: EnrollmentCreatedDataDto;
}

export class StatusChangedDataDto {
  @ApiProperty({ enum: ENROLLMENT_STATUSES })
  from!: EnrollmentStatus;
  @ApiProperty({ enum: ENROLLMENT_STATUSES })
  to!: EnrollmentStatus;
}

export class StatusChangedEventDto extends EnrollmentWideEventFields {
  @ApiProperty({ enum: ['status_changed'] })
  type!: 'status_changed';
  data!: StatusChangedDataDto;
}

export class StepStartedDataDto {
  @ApiProperty({ enum: ['not_started'] })
  from!: 'not_started';
  @ApiProperty({ enum: ['in_progress'] })
  to!: 'in_progress';
  /** The practitioner's note on the move, when one was given. */
  note?: string;
}

export class StepStartedEventDto extends StepEventFields {
  @ApiProperty({ enum: ['step_started'] })
  type!: 'step_started';
  data!: StepStartedDataDto;
}

export class StepCompletedDataDto {
  @ApiProperty({ enum: ['in_progress'] })
  from!: 'in_progress';
  @ApiProperty({ enum: ['completed'] })
  to!: 'completed';
  /** The practitioner's note on the move, when one was given. */
  note?: string;
}

export class StepCompletedEventDto extends StepEventFields {
  @ApiProperty({ enum: ['step_completed'] })
  type!: 'step_completed';
  data!: StepCompletedDataDto;
}

export class SetbackDataDto {
  @ApiProperty({ enum: ['completed'] })
  from!: 'completed';
  @ApiProperty({ enum: ['in_progress'] })
  to!: 'in_progress';
  /** Why the completed step went back to in progress. */
  reason!: string;
  /** The practitioner's note on the move, when one was given. */
  note?: string;
}

/** A completed step back in progress. */
export class SetbackEventDto extends StepEventFields {
  @ApiProperty({ enum: ['setback'] })
  type!: 'setback';
  data!: SetbackDataDto;
}

export class PracticeTickDataDto {
  /** The viewpoints whose tick changed: partners of the couple, or the enrolled client. */
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 2 })
  partnerIds!: string[];
  /** The practitioner's note, when one was given. */
  note?: string;
}

export class PracticeTickedEventDto extends PracticeEventFields {
  @ApiProperty({ enum: ['practice_ticked'] })
  type!: 'practice_ticked';
  data!: PracticeTickDataDto;
}

export class PracticeUntickedEventDto extends PracticeEventFields {
  @ApiProperty({ enum: ['practice_unticked'] })
  type!: 'practice_unticked';
  data!: PracticeTickDataDto;
}

export class NoteAddedDataDto {
  note!: string;
}

/** A note on a practice sent with a tick that changed nothing. */
export class NoteAddedEventDto extends PracticeEventFields {
  @ApiProperty({ enum: ['note_added'] })
  type!: 'note_added';
  data!: NoteAddedDataDto;
}

export class SessionSourceDto {
  @ApiProperty({ enum: ['session'] })
  type!: 'session';
  id!: string;
}

/** Never the note: the timeline shows that the session took place. */
export class SessionCompletedDataDto {
  sessionId!: string;
  @ApiProperty({ enum: SESSION_KINDS })
  kind!: SessionKind;
  // The steps of the Rebuilding Trust program the session worked on. (A line comment: the plugin
  // would copy a doc comment onto the shared StepKey schema.)
  @ApiStepKey({ isArray: true })
  stepsAddressed!: string[];
}

/** A session with the enrolled subject was completed; `occurredAt` is when it started. */
export class SessionCompletedEventDto extends TimelineEventFields {
  @ApiProperty({ enum: ['session_completed'] })
  type!: 'session_completed';
  @ApiProperty(ALWAYS_NULL)
  stepKey!: null;
  @ApiProperty(ALWAYS_NULL)
  practiceKey!: null;
  data!: SessionCompletedDataDto;
  source!: SessionSourceDto;
}

export class AssignmentSourceDto {
  @ApiProperty({ enum: ['assignment'] })
  type!: 'assignment';
  id!: string;
}

/** Never the response: the timeline shows that the work was done, not what the client wrote. */
export class AssignmentCompletedDataDto {
  exerciseId!: string;
  exerciseTitle!: string;
  /** The client who did the work (one partner, for a couple's enrollment). */
  clientId!: string;
}

/** An exercise given to the enrolled client (or one partner) was completed; the keys are the exercise's. */
export class AssignmentCompletedEventDto extends TimelineEventFields {
  @ApiProperty({ enum: ['assignment_completed'] })
  type!: 'assignment_completed';
  @ApiKebabKey()
  stepKey!: string;
  /** Null for an exercise about the step as a whole. */
  @ApiKebabKey({ nullable: true })
  practiceKey!: string | null;
  data!: AssignmentCompletedDataDto;
  source!: AssignmentSourceDto;
}

export class CommitmentSourceDto {
  @ApiProperty({ enum: ['commitment'] })
  type!: 'commitment';
  id!: string;
}

/** What every commitment event carries: the commitment's own step and practice keys, if any. */
export abstract class CommitmentEventFields extends TimelineEventFields {
  @ApiKebabKey({ nullable: true })
  stepKey!: string | null;
  @ApiKebabKey({ nullable: true })
  practiceKey!: string | null;
  source!: CommitmentSourceDto;
}

/** Never the description: the timeline shows that a promise was made, not what it says. */
export class CommitmentCreatedDataDto {
  commitmentId!: string;
  committerId!: string;
  /** The version it renegotiates, if it is a renegotiation's new terms. */
  previousId!: string | null;
}

/** A partner (or the enrolled client) made a commitment. */
export class CommitmentCreatedEventDto extends CommitmentEventFields {
  @ApiProperty({ enum: ['commitment_created'] })
  type!: 'commitment_created';
  data!: CommitmentCreatedDataDto;
}

/** Never the reason: it stays on the record. */
export class CommitmentOutcomeReportedDataDto {
  commitmentId!: string;
  /** The occurrence's date, in the commitment's time zone. */
  @ApiProperty({ type: String, format: 'date' })
  date!: string;
  committerId!: string;
  @ApiProperty({ enum: COMMITTER_OUTCOMES })
  outcome!: CommitterOutcome;
  /** The report it replaced; null for the first one. */
  @ApiProperty({ enum: COMMITTER_OUTCOMES, nullable: true })
  previousOutcome!: CommitterOutcome | null;
  /** Whether the other partner's answer was cleared, as it answered the replaced report. */
  answerCleared!: boolean;
  /** For `renegotiated`: the new version. */
  newCommitmentId!: string | null;
}

/** The committer's report on one occurrence was recorded or changed. */
export class CommitmentOutcomeReportedEventDto extends CommitmentEventFields {
  @ApiProperty({ enum: ['commitment_outcome_reported'] })
  type!: 'commitment_outcome_reported';
  data!: CommitmentOutcomeReportedDataDto;
}

/** Never the note: it stays on the record. */
export class CommitmentOutcomeAnsweredDataDto {
  commitmentId!: string;
  @ApiProperty({ type: String, format: 'date' })
  date!: string;
  /** The other partner, who answered. */
  partnerId!: string;
  @ApiProperty({ enum: PARTNER_VIEWS })
  answer!: PartnerView;
  /** The answer it replaced; null for the first one. */
  @ApiProperty({ enum: PARTNER_VIEWS, nullable: true })
  previousAnswer!: PartnerView | null;
}

/** The other partner confirmed or disputed the committer's report (recorded or changed). */
export class CommitmentOutcomeAnsweredEventDto extends CommitmentEventFields {
  @ApiProperty({ enum: ['commitment_outcome_answered'] })
  type!: 'commitment_outcome_answered';
  data!: CommitmentOutcomeAnsweredDataDto;
}

export class BoundarySourceDto {
  @ApiProperty({ enum: ['boundary'] })
  type!: 'boundary';
  id!: string;
}

/** Who proposed a boundary's text: a partner (`id`, the client) or the practitioner (no `id`). */
export class BoundaryProposerDto {
  @ApiProperty({ enum: ['partner', 'practitioner'] })
  type!: 'partner' | 'practitioner';
  /** The partner's client id; left out for the practitioner. */
  @ApiProperty({ format: 'uuid', required: false })
  id?: string;
}

/** Never the text: the timeline shows that a boundary was proposed, the boundary keeps its words. */
export class BoundaryProposedDataDto {
  @ApiProperty({ type: 'integer', enum: [1] })
  boundaryVersion!: 1;
  proposedBy!: BoundaryProposerDto;
}

/** What the boundary events carry: the version concerned and the boundary's status after the change. */
export class BoundaryChangeDataDto {
  @ApiProperty({ type: 'integer', minimum: 1 })
  boundaryVersion!: number;
  @ApiProperty({ enum: ['proposed', 'agreed', 'retired'] })
  boundaryStatus!: 'proposed' | 'agreed' | 'retired';
}

export class BoundaryAgreementDataDto extends BoundaryChangeDataDto {
  /** The partner who agreed, or whose agreement was withdrawn. */
  @ApiProperty({ format: 'uuid' })
  partnerId!: string;
}

/** Never the note. */
export class BoundaryBreachRecordedDataDto {
  @ApiProperty({ format: 'uuid' })
  breachId!: string;
  @ApiProperty({ type: 'integer', minimum: 1 })
  boundaryVersion!: number;
  /** The partner in breach. */
  @ApiProperty({ format: 'uuid' })
  breachedBy!: string;
  @ApiProperty({ enum: ['minor', 'major'] })
  severity!: 'minor' | 'major';
}

export class BoundaryBreachAcknowledgedDataDto {
  @ApiProperty({ format: 'uuid' })
  breachId!: string;
  /** The partner who acknowledged it. */
  @ApiProperty({ format: 'uuid' })
  partnerId!: string;
}

/** What every boundary event carries: no step, no practice; `source` names the boundary. */
export abstract class BoundaryEventFields extends TimelineEventFields {
  @ApiProperty(ALWAYS_NULL)
  stepKey!: null;
  @ApiProperty(ALWAYS_NULL)
  practiceKey!: null;
  source!: BoundarySourceDto;
}

/** A boundary was proposed for the enrolled couple. */
export class BoundaryProposedEventDto extends BoundaryEventFields {
  @ApiProperty({ enum: ['boundary_proposed'] })
  type!: 'boundary_proposed';
  data!: BoundaryProposedDataDto;
}

/** A boundary's text was revised: a new version, which both partners must agree to again. */
export class BoundaryRevisedEventDto extends BoundaryEventFields {
  @ApiProperty({ enum: ['boundary_revised'] })
  type!: 'boundary_revised';
  data!: BoundaryChangeDataDto;
}

/** A partner agreed to a boundary's current version; `boundaryStatus` is `agreed` once both have. */
export class BoundaryAgreedEventDto extends BoundaryEventFields {
  @ApiProperty({ enum: ['boundary_agreed'] })
  type!: 'boundary_agreed';
  data!: BoundaryAgreementDataDto;
}

/** A partner's agreement to a boundary's current version was withdrawn. */
export class BoundaryAgreementWithdrawnEventDto extends BoundaryEventFields {
  @ApiProperty({ enum: ['boundary_agreement_withdrawn'] })
  type!: 'boundary_agreement_withdrawn';
  data!: BoundaryAgreementDataDto;
}

/** A boundary was retired. */
export class BoundaryRetiredEventDto extends BoundaryEventFields {
  @ApiProperty({ enum: ['boundary_retired'] })
  type!: 'boundary_retired';
  data!: BoundaryChangeDataDto;
}

/** A breach of a boundary was recorded; `occurredAt` is when it was recorded (the breach keeps when it happened). */
export class BoundaryBreachRecordedEventDto extends BoundaryEventFields {
  @ApiProperty({ enum: ['boundary_breach_recorded'] })
  type!: 'boundary_breach_recorded';
  data!: BoundaryBreachRecordedDataDto;
}

/** A breach of a boundary was acknowledged by the other partner. */
export class BoundaryBreachAcknowledgedEventDto extends BoundaryEventFields {
  @ApiProperty({ enum: ['boundary_breach_acknowledged'] })
  type!: 'boundary_breach_acknowledged';
  data!: BoundaryBreachAcknowledgedDataDto;
}

export class MeasurementSourceDto {
  @ApiProperty({ enum: ['measurement'] })
  type!: 'measurement';
  id!: string;
}

/** Never the answers: the timeline shows that a measure was taken and its score; the measurement keeps the answers. */
export class MeasurementRecordedDataDto {
  @ApiProperty({ format: 'uuid' })
  measurementId!: string;
  @ApiProperty({ format: 'uuid' })
  instrumentId!: string;
  @ApiKebabKey()
  instrumentKey!: string;
  @ApiProperty({ type: 'integer', minimum: 1 })
  instrumentVersion!: number;
  /** The partner (or client) who answered. */
  @ApiProperty({ format: 'uuid' })
  respondentId!: string;
  /** The score the server computed. */
  @ApiProperty({ type: 'number', format: 'double' })
  score!: number;
  /** The measurement it corrects, if it is a correction. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  supersedesId!: string | null;
}

/** A partner (or the enrolled client) answered an instrument; `occurredAt` is when they answered. */
export class MeasurementRecordedEventDto extends TimelineEventFields {
  @ApiProperty({ enum: ['measurement_recorded'] })
  type!: 'measurement_recorded';
  @ApiProperty(ALWAYS_NULL)
  stepKey!: null;
  @ApiProperty(ALWAYS_NULL)
  practiceKey!: null;
  data!: MeasurementRecordedDataDto;
  source!: MeasurementSourceDto;
}

/** Each event type and the schema of its events. */
const EVENT_VARIANTS = {
  enrollment_created: EnrollmentCreatedEventDto,
  status_changed: StatusChangedEventDto,
  step_started: StepStartedEventDto,
  step_completed: StepCompletedEventDto,
  setback: SetbackEventDto,
  practice_ticked: PracticeTickedEventDto,
  practice_unticked: PracticeUntickedEventDto,
  note_added: NoteAddedEventDto,
  session_completed: SessionCompletedEventDto,
  assignment_completed: AssignmentCompletedEventDto,
  commitment_created: CommitmentCreatedEventDto,
  commitment_outcome_reported: CommitmentOutcomeReportedEventDto,
  commitment_outcome_answered: CommitmentOutcomeAnsweredEventDto,
  boundary_proposed: BoundaryProposedEventDto,
  boundary_revised: BoundaryRevisedEventDto,
  boundary_agreed: BoundaryAgreedEventDto,
  boundary_agreement_withdrawn: BoundaryAgreementWithdrawnEventDto,
  boundary_retired: BoundaryRetiredEventDto,
  boundary_breach_recorded: BoundaryBreachRecordedEventDto,
  boundary_breach_acknowledged: BoundaryBreachAcknowledgedEventDto,
  measurement_recorded: MeasurementRecordedEventDto,
};

/** Every type of timeline event: the enrollment's own, and those sessions and assignments add. */
export type EnrollmentEventType = keyof typeof EVENT_VARIANTS;

/** One timeline event; `type` tells which, and with it the shape of `data`, the keys and `source`. */
export type EnrollmentEventDto = InstanceType<(typeof EVENT_VARIANTS)[EnrollmentEventType]>;

/** The spec's `EnrollmentEventDto`: one of the event schemas above, by `type`. */
@ApiUnion('EnrollmentEventDto', 'type', EVENT_VARIANTS)
export class EnrollmentEventSchema {}

/** The event as stored; its writers (the timeline's callers) give each type its documented shape. */
export function toEnrollmentEventDto(event: EnrollmentEventRow): EnrollmentEventDto {
  return {
    id: event.id,
    enrollmentId: event.enrollmentId,
    type: event.type,
    occurredAt: event.occurredAt,
    createdAt: event.createdAt,
    stepKey: event.stepKey,
    practiceKey: event.practiceKey,
    actor: { type: event.actorType, id: event.actorId },
    data: event.data,
    source: event.sourceType && event.sourceId ? { type: event.sourceType, id: event.sourceId } : null,
    updatedAt: event.createdAt,
    version: 1,
  } as unknown as EnrollmentEventDto;
}
