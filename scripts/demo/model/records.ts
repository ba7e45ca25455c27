import { Random } from '../random';
import { CLIENT_TAGS, INDIVIDUALS, PARTNERS, Person, StaffKey } from '../data/people';
import { COUPLE_JOURNEYS, INDIVIDUAL_COURSES } from '../data/journeys';
import { Calendar } from './calendar';

/** A client to create, by the staff member whose caseload it joins. */
export interface ClientRecord {
  key: string;
  by: StaffKey;
  /** Staff put on the client's care team besides its creator (practitioners join by creating). */
  careTeam: StaffKey[];
  /** How notes call them. */
  calledAs: string;
  body: {
    firstName: string;
    lastName: string;
    preferredName?: string;
    pronouns: string;
    dateOfBirth: string;
    email: string;
    phone: string;
    externalId: string;
    status: 'active' | 'paused' | 'discharged';
    tags: string[];
  };
}

export interface CoupleRecord {
  key: string;
  by: StaffKey;
  careTeam: StaffKey[];
  partners: [string, string];
  body: {
    label: string;
    status: 'active' | 'paused';
    presentingConcern: string;
    startDate: string;
    externalId: string;
  };
}

export interface GroupRecord {
  key: string;
  facilitator: StaffKey;
  members: string[];
  body: { name: string; description: string; status: 'active'; capacity: number; startsOn: string; endsOn: string };
}

export const coupleKey = (index: number) => `couple-${String(index + 1).padStart(2, '0')}`;
export const partnerKeys = (index: number): [string, string] => [`client-${pad(2 * index + 1)}`, `client-${pad(2 * index + 2)}`];
export const individualKey = (index: number) => `client-${pad(2 * PARTNERS.length + index + 1)}`;
export const SUPPORT_GROUP = 'group-01';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const ascii = (text: string) => text.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

/** The practitioners' own caseloads: an owner's clients are put on their care team by hand. */
function careTeamOf(therapist: StaffKey, also: StaffKey[] = []): StaffKey[] {
  return [...new Set([...(therapist === 'miriam' ? ['miriam' as const] : []), ...also])];
}

function clientRecord(key: string, number: number, person: Person, by: StaffKey, status: ClientRecord['body']['status'], rng: Random, careTeam: StaffKey[]): ClientRecord {
  return {
    key,
    by,
    careTeam,
    calledAs: person.preferredName ?? person.firstName,
    body: {
      firstName: person.firstName,
      lastName: person.lastName,
      ...(person.preferredName ? { preferredName: person.preferredName } : {}),
      pronouns: person.pronouns,
      // Fixed dates, not ages: the same body on every run, whatever the day.
      dateOfBirth: `${rng.int(1962, 1998)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`,
      email: `${ascii(person.firstName)}.${ascii(person.lastName)}@mail.example`,
      phone: `+1 555 01${pad(number - 1)}`,
      externalId: `HL-${1000 + number}`,
      status,
      tags: rng.sample(CLIENT_TAGS, rng.int(0, 2)),
    },
  };
}

export function clientRecords(rng: Random): ClientRecord[] {
  const records: ClientRecord[] = [];
  PARTNERS.forEach((pair, i) => {
    const journey = COUPLE_JOURNEYS[i];
    pair.forEach((person, p) => {
      const key = partnerKeys(i)[p];
      const side = p === 0 ? 'a' : 'b';
      const individual = (journey.individualWork ?? []).filter((w) => w.partner === side && w.therapist !== journey.therapist).map((w) => w.therapist);
      records.push(clientRecord(key, 2 * i + p + 1, person, journey.therapist, 'active', rng, careTeamOf(journey.therapist, individual)));
    });
  });
  INDIVIDUALS.forEach((person, i) => {
    const course = INDIVIDUAL_COURSES[i];
    records.push(clientRecord(individualKey(i), 2 * PARTNERS.length + i + 1, person, course.therapist, course.status, rng, careTeamOf(course.therapist)));
  });
  return records;
}

export function coupleRecords(calendar: Calendar): CoupleRecord[] {
  return PARTNERS.map(([a, b], i) => {
    const journey = COUPLE_JOURNEYS[i];
    return {
      key: coupleKey(i),
      by: journey.therapist,
      careTeam: careTeamOf(journey.therapist, journey.coTherapist ? [journey.coTherapist] : []),
      partners: partnerKeys(i),
      body: {
        label: a.lastName === b.lastName ? a.lastName : `${a.lastName} – ${b.lastName}`,
        status: journey.jointWorkOnHold ? 'paused' : 'active',
        presentingConcern: journey.concern,
        startDate: calendar.day(journey.startWeek, 0),
        externalId: `HL-C${100 + i + 1}`,
      },
    };
  });
}

export function groupRecords(calendar: Calendar): GroupRecord[] {
  const members = [
    ...INDIVIDUAL_COURSES.flatMap((course, i) => (course.groupMember ? [individualKey(i)] : [])),
    ...COUPLE_JOURNEYS.flatMap((journey, i) => (journey.groupMember ? [partnerKeys(i)[journey.groupMember === 'a' ? 0 : 1]] : [])),
  ];
  return [
    {
      key: SUPPORT_GROUP,
      facilitator: 'sol',
      members,
      body: {
        name: 'Rebuilding Trust Support Group',
        description:
          'A weekly peer support group for people rebuilding trust after a betrayal, whether they were hurt or caused the hurt. ' +
          'Thursdays 6–7:30 pm, in the group room. Each week takes up one step of the Rebuilding Trust program.',
        status: 'active',
        capacity: 10,
        startsOn: calendar.day(GROUP_WEEKS, 3),
        endsOn: calendar.day(-10, 3),
      },
    },
  ];
}

/** How many weeks the group has met (weeks ago of its first session). */
export const GROUP_WEEKS = 10;
