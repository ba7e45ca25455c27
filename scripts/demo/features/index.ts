import { DemoContext } from '../context';
import { Act, CaseFile } from '../model/acts';
import { acknowledgeBreach, agreeToBoundary, answerOutcome, commit, proposeBoundary, reportBreach, reportOutcome, reviseBoundary } from './agreements';
import { assign, recordProgress } from './assignments';
import { CaseState } from './case-state';
import { changeEnrollmentStatus, enroll, moveStep, tickPractice } from './enrollments';
import { recordMeasurement } from './measures';
import { screen } from './screenings';
import { sendSession } from './sessions';

type Sender<A extends Act> = (ctx: DemoContext, state: CaseState, act: A) => Promise<void>;

/** How each type of act goes to the API: a new type of act does not compile until it is here. */
const SENDERS: { [T in Act['type']]: Sender<Extract<Act, { type: T }>> } = {
  screening: (ctx, _state, act) => screen(ctx, act),
  enroll,
  step: moveStep,
  tick: tickPractice,
  'enrollment-status': changeEnrollmentStatus,
  session: (ctx, _state, act) => sendSession(ctx, act),
  assign,
  'assignment-progress': recordProgress,
  commit,
  'commitment-report': reportOutcome,
  'commitment-answer': answerOutcome,
  boundary: proposeBoundary,
  'boundary-agreement': agreeToBoundary,
  'boundary-revision': reviseBoundary,
  breach: reportBreach,
  'breach-acknowledgement': acknowledgeBreach,
  measurement: recordMeasurement,
};

/** What the progress bar says an act is creating. */
const PHASES: Record<Act['type'], string> = {
  screening: 'safety screenings',
  enroll: 'enrollments',
  step: 'step progress',
  tick: 'practice ticks',
  'enrollment-status': 'enrollments',
  session: 'sessions and notes',
  assign: 'assignments',
  'assignment-progress': 'assignments',
  commit: 'commitments',
  'commitment-report': 'commitment outcomes',
  'commitment-answer': 'commitment outcomes',
  boundary: 'boundaries',
  'boundary-agreement': 'boundaries',
  'boundary-revision': 'boundaries',
  breach: 'boundary breaches',
  'breach-acknowledgement': 'boundary breaches',
  measurement: 'weekly measures',
};

/** Sends one case's acts in the order they happened. */
export async function runCase(ctx: DemoContext, file: CaseFile): Promise<void> {
  const state = new CaseState();
  for (const act of file.acts) {
    ctx.stopIfAsked();
    await (SENDERS[act.type] as Sender<Act>)(ctx, state, act);
    ctx.progress.tick(PHASES[act.type]);
  }
}
