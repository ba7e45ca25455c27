import { COUPLE_JOURNEYS, CoupleJourney, INDIVIDUAL_COURSES } from '../data/journeys';
import { STAFF, StaffMember } from '../data/people';
import { Random } from '../random';
import { Act, CaseFile, ScreeningAct, Subject } from './acts';
import { planBoundaries, planCommitments } from './agreements';
import { Calendar, SlotBook } from './calendar';
import { planCourse, Series } from './course';
import { groupCase } from './group-case';
import { planMeasures } from './measures';
import { coupleNote, individualNote, NamedClient } from './notes';
import {
  ClientRecord,
  clientRecords,
  coupleKey,
  CoupleRecord,
  coupleRecords,
  GroupRecord,
  groupRecords,
  individualKey,
  partnerKeys,
} from './records';

/** The same seed on every run: the same practice, and so the same requests. */
const SEED = 20_240_917;

/**
 * The whole demo practice as data: who works there, the records to create, and each case's story
 * as acts in the order they happened. Nothing here talks to the API, and only dates depend on
 * `anchor` (when the demo organization was created), so a resumed run plans exactly what the
 * interrupted one did.
 */
export interface Practice {
  calendar: Calendar;
  staff: readonly StaffMember[];
  clients: ClientRecord[];
  couples: CoupleRecord[];
  groups: GroupRecord[];
  cases: CaseFile[];
}

/**
 * Adds acts to the cases: a later kind of record in the demo (commitments, boundaries, weekly
 * check-ins) is one more planner in this list, reading the cases' sessions and enrollment moves
 * to fit its acts into their story.
 */
export type CasePlanner = (practice: Practice, rng: Random) => void;
export const CASE_PLANNERS: CasePlanner[] = [planCommitments, planBoundaries, planMeasures];

export function buildPractice(anchor: Date): Practice {
  const root = new Random(SEED);
  const calendar = new Calendar(anchor);
  const book = new SlotBook();
  const clients = clientRecords(root.fork('clients'));
  const called = new Map(clients.map((c): [string, NamedClient] => [c.key, { name: c.calledAs, pronouns: c.body.pronouns }]));
  const cases: CaseFile[] = [
    ...COUPLE_JOURNEYS.map((journey, i) => coupleCase(i, journey, called, calendar, book, root.fork(coupleKey(i)))),
    ...INDIVIDUAL_COURSES.map((course, i) => {
      const key = individualKey(i);
      const rng = root.fork(key);
      const series: Series = {
        key,
        lead: course.therapist,
        subject: { kind: 'client', client: key },
        startWeek: course.startWeek,
        lastWeek: course.lastWeek,
        cadence: course.cadence,
        modality: rng.chance(0.3) ? 'video' : 'in_person',
        participants: [key],
        continuing: course.status === 'active' && course.lastWeek === 1,
      };
      const client = { ...called.get(key)!, focus: course.focus };
      const writer = { note: (_held: number, step: number | undefined) => individualNote(course.therapist, client, step, rng) };
      const program = course.reached ? { reached: course.reached, setbacks: [] } : undefined;
      return { key, acts: planCourse(series, program, writer, calendar, book, rng) };
    }),
  ];
  const groups = groupRecords(calendar);
  cases.push(...groups.map((group) => groupCase(group, calendar, book, root.fork(group.key))));
  const practice: Practice = { calendar, staff: STAFF, clients, couples: coupleRecords(calendar), groups, cases };
  for (const plan of CASE_PLANNERS) plan(practice, root.fork(plan.name));
  practice.cases = joinCasesSharingTimelines(practice);
  // Stable: acts planned at the same moment keep the order they were planned in.
  for (const file of practice.cases) file.acts.sort((x, y) => x.at.getTime() - y.at.getTime());
  return practice;
}

/**
 * Cases run concurrently, so an act of one case that writes on the timeline of an enrollment
 * another case creates (a group session or a group exercise done, on a member's own enrollment)
 * would write there or not depending on which case got there first: the same demo would hold
 * different events from run to run, and a resumed run others than an uninterrupted one. Such
 * cases are joined into one, whose acts keep the order they happened in.
 */
export function joinCasesSharingTimelines(practice: Pick<Practice, 'cases' | 'couples' | 'groups'>): CaseFile[] {
  const joined = new Map<CaseFile, CaseFile>(practice.cases.map((file) => [file, file]));
  const rootOf = (file: CaseFile): CaseFile => (joined.get(file) === file ? file : rootOf(joined.get(file)!));
  const enrolledBy = new Map<string, CaseFile>();
  for (const file of practice.cases) {
    for (const act of file.acts) if (act.type === 'enroll') enrolledBy.set(subjectKey(act.subject), file);
  }
  for (const file of practice.cases) {
    for (const act of file.acts) {
      for (const reached of timelinesReachedBy(act, practice)) {
        const owner = enrolledBy.get(reached);
        if (owner && rootOf(owner) !== rootOf(file)) joined.set(rootOf(owner), rootOf(file));
      }
    }
  }
  const merged = new Map<CaseFile, CaseFile>();
  for (const file of practice.cases) {
    const root = rootOf(file);
    const into = merged.get(root);
    if (!into) merged.set(root, { key: file.key, acts: [...file.acts] });
    else merged.set(root, { key: `${into.key}+${file.key}`, acts: [...into.acts, ...file.acts] });
  }
  return [...merged.values()];
}

const subjectKey = (subject: Subject): string => `${subject.kind}:${subject.kind === 'client' ? subject.client : subject.kind === 'couple' ? subject.couple : subject.group}`;

/**
 * The subjects whose enrollments an act may write on: its own subject's, and for a couple or a
 * group each client's own (an exercise done, a group session attended).
 */
function timelinesReachedBy(act: Act, practice: Pick<Practice, 'couples' | 'groups'>): string[] {
  if (!('subject' in act)) return [];
  const subject = act.subject;
  const clients =
    subject.kind === 'couple'
      ? (practice.couples.find((c) => c.key === subject.couple)?.partners ?? [])
      : subject.kind === 'group'
        ? (practice.groups.find((g) => g.key === subject.group)?.members ?? [])
        : [];
  return [subjectKey(subject), ...clients.map((client) => subjectKey({ kind: 'client', client }))];
}

function coupleCase(index: number, journey: CoupleJourney, called: Map<string, NamedClient>, calendar: Calendar, book: SlotBook, rng: Random): CaseFile {
  const key = coupleKey(index);
  const [a, b] = partnerKeys(index);
  const names = { a: called.get(a)!, b: called.get(b)! };
  const acts: Act[] = screenings(key, journey, [a, b], calendar);
  if (!journey.jointWorkOnHold) {
    const series: Series = {
      key,
      lead: journey.therapist,
      subject: { kind: 'couple', couple: key },
      startWeek: journey.startWeek,
      lastWeek: 1,
      cadence: journey.cadence,
      modality: journey.modality,
      participants: [a, b],
      continuing: true,
    };
    const writer = {
      note: (held: number, step: number | undefined, setback?: { reason: string }) =>
        coupleNote(journey.therapist, held === 0 ? 'intake' : step!, names, rng, setback?.reason),
    };
    acts.push(...planCourse(series, { reached: journey.reached, setbacks: journey.setbacks }, writer, calendar, book, rng));
  }
  for (const work of journey.individualWork ?? []) {
    const client = work.partner === 'a' ? a : b;
    const series: Series = {
      key: `${key}-${client}`,
      lead: work.therapist,
      subject: { kind: 'client', client },
      startWeek: work.startWeek,
      lastWeek: 1,
      cadence: work.cadence,
      modality: 'in_person',
      participants: [client],
      continuing: true,
    };
    const person = { ...called.get(client)!, focus: work.focus };
    acts.push(...planCourse(series, undefined, { note: () => individualNote(work.therapist, person, undefined, rng) }, calendar, book, rng));
  }
  return { key, acts };
}

/** Both partners screened three days before the intake; a concern is screened again halfway. */
function screenings(key: string, journey: CoupleJourney, partners: [string, string], calendar: Calendar): ScreeningAct[] {
  const intake = new Date(calendar.at(journey.startWeek, { weekday: 0, hour: 9 }).getTime() - 3 * 24 * 3_600_000);
  const results = journey.screening ?? { a: 'clear', b: 'clear', note: undefined };
  const acts: ScreeningAct[] = partners.map((client, i) => {
    const result = i === 0 ? results.a : results.b;
    return { type: 'screening', key: `${key}-screening-${client}`, at: intake, by: journey.therapist, client, result, ...(result !== 'clear' && results.note ? { note: results.note } : {}) };
  });
  const halfway = Math.ceil(journey.startWeek / 2);
  for (const [i, client] of partners.entries()) {
    if ((i === 0 ? results.a : results.b) !== 'concern' || halfway >= journey.startWeek) continue;
    acts.push({
      type: 'screening',
      key: `${key}-rescreening-${client}`,
      at: calendar.at(halfway, { weekday: 0, hour: 8 }),
      by: journey.therapist,
      client,
      result: 'clear',
      note: 'Reports feeling safer at home; the safety plan stays in place.',
    });
  }
  return acts;
}
