import type { NoteDto } from '../../../src/sessions/dto/session.dto';
import { Setback } from '../data/journeys';
import { StaffKey } from '../data/people';
import { CANCELLATION_REASONS } from '../data/notes';
import { Random } from '../random';
import { Act, SessionAct, SessionOutcome, Subject } from './acts';
import { Calendar, OFFICE_HOURS, Slot, SlotBook, WEEKDAYS } from './calendar';
import { ExerciseLog } from './exercise-log';
import { ProgramProgress } from './program-progress';
import { STEPS, stepKey } from './program';


/** A series of sessions with one subject, led by one staff member, every week or every other week. */
export interface Series {
  key: string;
  lead: StaffKey;
  subject: Extract<Subject, { kind: 'couple' | 'client' }>;
  startWeek: number;
  lastWeek: number;
  cadence: 1 | 2;
  modality: 'in_person' | 'video';
  /** The partners (couple) or the client, by key, as attendance lists them. */
  participants: string[];
  /** Still seen: a session is booked for next week. */
  continuing: boolean;
}

/** Work through the program alongside a series: the step reached (8: all) and the setbacks on the way. */
export interface ProgramCourse {
  reached: number;
  setbacks: Setback[];
}

export interface NoteWriter {
  /** The note of the `held`-th session held, on `step` (undefined when not enrolled). */
  note(held: number, step: number | undefined, setback?: Setback): NoteDto;
}

/** One session of a series, as planned: when, and whether it was missed or is still ahead. */
interface PlannedSession {
  key: string;
  week: number;
  slot: Slot;
  at: Date;
  /** Cancelled or a no-show; undefined when it took place (or is ahead). */
  missed?: Extract<SessionOutcome, { status: 'cancelled' | 'no_show' }>;
  ahead: boolean;
}

const ROOMS: Record<StaffKey, string> = { miriam: 'Room 1', theo: 'Room 1', amara: 'Room 2', jonah: 'Room 3', priya: 'Room 4', sol: 'Group room' };

export function locationOf(lead: StaffKey, modality: 'in_person' | 'video' | 'phone'): string {
  return modality === 'in_person' ? ROOMS[lead] : `https://video.example/harbor-light/${lead}`;
}

/** The series' sessions, in its usual slot when free: the first and last held, a few in between missed. */
function planSessions(series: Series, calendar: Calendar, book: SlotBook, rng: Random): PlannedSession[] {
  const usual = { weekday: rng.pick(WEEKDAYS), hour: rng.pick(OFFICE_HOURS) };
  const weeks: number[] = [];
  for (let week = series.startWeek; week >= series.lastWeek; week -= series.cadence) weeks.push(week);
  const sessions = weeks.map((week, i): PlannedSession => {
    const slot = book.book(series.lead, week, usual);
    const session = { key: `${series.key}-w${week}`, week, slot, at: calendar.at(week, slot), ahead: false };
    if (i === 0 || i === weeks.length - 1 || !rng.chance(0.09)) return session;
    return { ...session, missed: rng.chance(0.7) ? { status: 'cancelled', reason: rng.pick(CANCELLATION_REASONS) } : { status: 'no_show' } };
  });
  if (series.continuing) {
    const slot = book.book(series.lead, -1, usual);
    sessions.push({ key: `${series.key}-next`, week: -1, slot, at: calendar.at(-1, slot), ahead: true });
  }
  return sessions;
}

function sessionAct(series: Series, session: PlannedSession, plannedStepKeys: string[], outcome: SessionOutcome): SessionAct {
  return {
    type: 'session',
    key: session.key,
    at: session.at,
    by: series.lead,
    subject: series.subject,
    durationMinutes: 50,
    modality: series.modality,
    location: locationOf(series.lead, series.modality),
    plannedStepKeys,
    outcome,
  };
}

/**
 * A series and, when the subject is enrolled, its way through the program: the step worked on in
 * each session, step moves and practice ticks after the sessions, setbacks with their reasons,
 * and the exercises given for the last steps and how they went. Acts come in the order they
 * happened.
 */
export function planCourse(series: Series, program: ProgramCourse | undefined, notes: NoteWriter, calendar: Calendar, book: SlotBook, rng: Random): Act[] {
  const sessions = planSessions(series, calendar, book, rng);
  const heldCount = sessions.filter((s) => !s.missed && !s.ahead).length;
  const progress = program ? new ProgramProgress(series, program, heldCount, rng) : undefined;
  const exercises = new ExerciseLog(series, program ? Math.min(program.reached, STEPS.length) : undefined, calendar, rng);
  const acts: Act[] = [];
  let k = 0;
  for (const session of sessions) {
    if (session.missed || session.ahead) {
      acts.push(sessionAct(series, session, [], session.missed ?? { status: 'scheduled' }));
      continue;
    }
    const step = progress?.stepAt(k);
    acts.push(
      sessionAct(series, session, step ? [stepKey(step)] : [], {
        status: 'completed',
        attendance: series.participants.map((client) => ({ client, attended: true })),
        stepsAddressed: (progress?.stepsAddressed(k) ?? []).map(stepKey),
        note: notes.note(k, step, progress?.setbackSurfacingAt(k)),
      }),
    );
    // What followed the session: moves on the enrollment, exercises given and done.
    const after = new Date(session.at.getTime() + 50 * 60_000);
    const moves = progress?.movesAfter(k, after);
    acts.push(...(moves?.acts ?? []));
    acts.push(...exercises.after(k, heldCount, { week: session.week, weekday: session.slot.weekday }, after, moves));
    k += 1;
  }
  return acts;
}
