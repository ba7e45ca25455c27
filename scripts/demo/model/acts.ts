import type { NoteDto } from '../../../src/sessions/dto/session.dto';
import type { ScreeningResult } from '../data/journeys';
import type { Weekday } from '../data/agreements';
import type { StaffKey } from '../data/people';

/**
 * One thing that happens in a case, in the order it happened: the unit the demo sends through the
 * API and counts on its progress bar. Acts are plain data (keys, not ids: ids exist only once the
 * records are created); `features/` sends each type. A new kind of record in the demo is a new
 * member of this union, a planner that adds its acts to cases, and a sender: the compiler asks for
 * the sender.
 */
export type Act =
  | ScreeningAct
  | EnrollAct
  | StepMoveAct
  | PracticeTickAct
  | EnrollmentStatusAct
  | SessionAct
  | AssignAct
  | AssignmentProgressAct
  | CommitAct
  | CommitmentReportAct
  | CommitmentAnswerAct
  | BoundaryAct
  | BoundaryAgreementAct
  | BoundaryRevisionAct
  | BreachAct
  | BreachAcknowledgementAct
  | MeasurementAct;

/** What every act has: when it happened and who does it. */
interface ActBase {
  /**
   * When it happened in the story: it orders a case's acts, and it is the date the API is given
   * where it takes one (a session's start, a screening's date). Step moves, ticks, signatures and
   * assignment progress are stamped by the API with the time of the request, and no route dates
   * them otherwise (the timeline is append-only): the demo keeps their order, not their day.
   */
  at: Date;
  by: StaffKey;
}

export interface ScreeningAct extends ActBase {
  type: 'screening';
  key: string;
  client: string;
  result: ScreeningResult;
  note?: string;
}

/** A subject of an enrollment, a session or an assignment, by its key in the practice. */
export type Subject = { kind: 'couple'; couple: string } | { kind: 'client'; client: string } | { kind: 'group'; group: string };

export interface EnrollAct extends ActBase {
  type: 'enroll';
  key: string;
  subject: Extract<Subject, { kind: 'couple' | 'client' }>;
}

/** Every enrollment move names the enrollment by the key of the act that created it. */
export interface StepMoveAct extends ActBase {
  type: 'step';
  enrollment: string;
  stepKey: string;
  status: 'in_progress' | 'completed';
  reason?: string;
  note?: string;
}

export interface PracticeTickAct extends ActBase {
  type: 'tick';
  enrollment: string;
  stepKey: string;
  practiceKey: string;
  /** Client keys of the partners it is ticked for; left out: every viewpoint. */
  partners?: string[];
}

export interface EnrollmentStatusAct extends ActBase {
  type: 'enrollment-status';
  enrollment: string;
  status: 'paused' | 'completed';
}

export type SessionOutcome =
  | { status: 'completed'; attendance: { client: string; attended: boolean }[]; stepsAddressed: string[]; note: NoteDto }
  | { status: 'cancelled'; reason: string }
  | { status: 'no_show' }
  /** Still ahead. */
  | { status: 'scheduled' };

export interface SessionAct extends ActBase {
  type: 'session';
  key: string;
  subject: Subject;
  durationMinutes: number;
  modality: 'in_person' | 'video' | 'phone';
  location: string;
  plannedStepKeys: string[];
  outcome: SessionOutcome;
}

export interface AssignAct extends ActBase {
  type: 'assign';
  key: string;
  subject: Subject;
  exerciseId: string;
  dueOn: string;
  instructions?: string;
}

/** The recipient's progress on an assignment, as recorded by staff. */
export interface AssignmentProgressAct extends ActBase {
  type: 'assignment-progress';
  /** The key of the assign act. */
  assignment: string;
  client: string;
  status: 'in_progress' | 'completed' | 'skipped';
  response?: string;
}

/** A commitment's schedule, as the API takes it: dates are calendar days in the organization's time zone. */
export type CommitmentSchedule =
  | { kind: 'once'; dueOn: string }
  | { kind: 'daily'; startsOn: string; count: number }
  | { kind: 'weekly'; weekdays: Weekday[]; startsOn: string; endsOn: string };

/** A partner's commitment, made in a session. */
export interface CommitAct extends ActBase {
  type: 'commit';
  key: string;
  subject: Extract<Subject, { kind: 'couple' }>;
  /** The client key of the partner who makes it. */
  committer: string;
  to: 'partner' | 'relationship';
  description: string;
  stepKey: string;
  practiceKey: string;
  schedule: CommitmentSchedule;
}

/** The committer's report on one occurrence; `renegotiated` makes a new version, known by its own key. */
export interface CommitmentReportAct extends ActBase {
  type: 'commitment-report';
  /** The key of the commit act, or of the renegotiation that made the version. */
  commitment: string;
  date: string;
  outcome: 'kept' | 'missed' | 'excused' | 'renegotiated';
  reason?: string;
  renegotiated?: { key: string; description: string; schedule: CommitmentSchedule };
}

/** The other partner's answer to a report. */
export interface CommitmentAnswerAct extends ActBase {
  type: 'commitment-answer';
  commitment: string;
  date: string;
  answer: 'confirmed' | 'disputed';
  note?: string;
}

/** A boundary one partner proposes for the couple. */
export interface BoundaryAct extends ActBase {
  type: 'boundary';
  key: string;
  subject: Extract<Subject, { kind: 'couple' }>;
  text: string;
  proposedBy: string;
}

/** A partner agrees to the boundary's current text. */
export interface BoundaryAgreementAct extends ActBase {
  type: 'boundary-agreement';
  boundary: string;
  partner: string;
}

/** New wording, proposed by a partner: both agree again. */
export interface BoundaryRevisionAct extends ActBase {
  type: 'boundary-revision';
  boundary: string;
  text: string;
  proposedBy: string;
}

/** A breach of an agreed boundary, reported by the other partner. */
export interface BreachAct extends ActBase {
  type: 'breach';
  key: string;
  boundary: string;
  breachedBy: string;
  reportedBy: string;
  occurredAt: Date;
  severity: 'minor' | 'major';
  note: string;
}

/** The partner in breach acknowledges it. */
export interface BreachAcknowledgementAct extends ActBase {
  type: 'breach-acknowledgement';
  boundary: string;
  breach: string;
}

/** A built-in instrument the demo's clients answer. */
export type DemoInstrument = 'csi-4' | 'trust-check-in';

/**
 * A respondent's answers to an instrument, item by item (the API scores them): a partner's for
 * their couple, or a client's in individual work. A correction supersedes an earlier one, with
 * the reason.
 */
export interface MeasurementAct extends ActBase {
  type: 'measurement';
  key: string;
  subject: Extract<Subject, { kind: 'couple' | 'client' }>;
  /** The client key of the one answering. */
  respondent: string;
  instrument: DemoInstrument;
  answers: number[];
  correction?: { of: string; reason: string };
}

/** One case's acts, sent one after another; cases go concurrently. */
export interface CaseFile {
  key: string;
  acts: Act[];
}
