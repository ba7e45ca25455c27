import type { StaffKey } from './people';

export type ScreeningResult = 'clear' | 'concern' | 'unsafe';

/** A completed step that went back to in progress, with the practitioner's reason. */
export interface Setback {
  /** 1–7 */
  step: number;
  reason: string;
  /** Completed again since; otherwise the couple is still working on it. */
  resolved: boolean;
}

/** How one couple's work has gone over the last weeks. */
export interface CoupleJourney {
  therapist: StaffKey;
  /** A second practitioner on the couple's care team. */
  coTherapist?: StaffKey;
  /** The week of the intake session, in weeks ago. */
  startWeek: number;
  /** Weeks between sessions. */
  cadence: 1 | 2;
  /** The step they work on now (1–7); 8: every step completed, the enrollment completed. */
  reached: number;
  setbacks: Setback[];
  concern: string;
  modality: 'in_person' | 'video';
  /** Intake screenings before joint work; both `clear` when left out. */
  screening?: { a: ScreeningResult; b: ScreeningResult; note: string };
  /**
   * The intake screening found joint sessions unsafe: no couple sessions and no enrollment; each
   * partner is seen on their own instead (`individualWork`), and the couple is paused.
   */
  jointWorkOnHold?: true;
  /** A partner seen on their own as well, by this practitioner, for the last weeks. */
  individualWork?: { partner: 'a' | 'b'; therapist: StaffKey; startWeek: number; cadence: 1 | 2; focus: string }[];
  /** A partner who is also in the support group. */
  groupMember?: 'a' | 'b';
  /** Whose trust was broken, whose answers to the weekly measures start lower: partner a when left out. */
  hurt?: 'b' | 'both';
}

/** The couples, in the order of `PARTNERS` in `people.ts`. */
export const COUPLE_JOURNEYS: readonly CoupleJourney[] = [
  {
    therapist: 'amara',
    startWeek: 12,
    cadence: 1,
    reached: 4,
    modality: 'in_person',
    concern: 'Dana learned eight months ago that Rafa had a year-long affair. Both want to stay together and rebuild trust.',
    setbacks: [
      {
        step: 2,
        reason: 'Dana found a message from the affair partner that Rafa had not mentioned; the hurt felt new again and honest talk broke down for a week.',
        resolved: true,
      },
    ],
  },
  {
    therapist: 'jonah',
    startWeek: 5,
    cadence: 1,
    reached: 2,
    modality: 'video',
    concern: 'Marcus hid significant credit card debt for two years; Hannah found out through a collections letter.',
    setbacks: [],
    individualWork: [{ partner: 'b', therapist: 'priya', startWeek: 4, cadence: 2, focus: 'the shame and secrecy around money that he grew up with' }],
  },
  {
    therapist: 'priya',
    startWeek: 12,
    cadence: 1,
    reached: 5,
    modality: 'in_person',
    concern: 'An emotional affair with a colleague, carried on by text, came to light when Leila saw the messages.',
    setbacks: [{ step: 3, reason: 'Tomás’s apology slid back into explaining why it happened; Leila heard it as excuses.', resolved: true }],
  },
  {
    therapist: 'amara',
    startWeek: 2,
    cadence: 1,
    reached: 1,
    modality: 'video',
    concern: 'Ben kept up secret contact with an ex-partner; Grace discovered it on a shared tablet.',
    setbacks: [],
    screening: { a: 'clear', b: 'concern', note: 'Ben reports low mood and poor sleep since the discovery; no risk to others. Follow up individually.' },
  },
  {
    therapist: 'miriam',
    coTherapist: 'priya',
    startWeek: 12,
    cadence: 1,
    reached: 6,
    modality: 'in_person',
    concern: 'Years of broken promises about drinking. Kwame is four months sober and both want to rebuild reliability.',
    setbacks: [],
  },
  {
    therapist: 'jonah',
    startWeek: 8,
    cadence: 1,
    reached: 3,
    modality: 'in_person',
    concern: 'Julien disclosed a past affair during a family holiday; Sofia feels the ground has gone from under her.',
    setbacks: [
      {
        step: 1,
        reason: 'The anniversary of the disclosure brought the pain back in full; Sofia asked to return to acknowledging the hurt.',
        resolved: false,
      },
    ],
  },
  {
    therapist: 'priya',
    startWeek: 4,
    cadence: 1,
    reached: 2,
    modality: 'video',
    concern: 'Aisha and Danny describe years of small lies about money and time; they want to start telling each other the truth.',
    setbacks: [],
    hurt: 'both',
  },
  {
    therapist: 'amara',
    startWeek: 12,
    cadence: 1,
    reached: 8,
    modality: 'in_person',
    concern: 'After Chris’s affair two years ago they separated briefly; they are back together and want to finish the work.',
    setbacks: [],
  },
  {
    therapist: 'jonah',
    startWeek: 10,
    cadence: 1,
    reached: 4,
    modality: 'video',
    concern: 'Mei found a hidden dating profile on Oliver’s phone. Oliver says nothing happened; Mei no longer knows what to believe.',
    setbacks: [{ step: 3, reason: 'Oliver’s apology named the profile but not the lies that followed; Mei asked for it to be specific.', resolved: true }],
  },
  {
    therapist: 'miriam',
    startWeek: 7,
    cadence: 1,
    reached: 3,
    modality: 'in_person',
    concern: 'Luis lost most of the family savings to online betting and concealed it for a year.',
    setbacks: [],
    screening: { a: 'concern', b: 'clear', note: 'Rosa describes feeling on edge at home; no threats or violence reported. Safety plan discussed.' },
  },
  {
    therapist: 'priya',
    startWeek: 11,
    cadence: 1,
    reached: 5,
    modality: 'video',
    concern: 'Jordan learned that Sam had been seeing someone during a long-distance period; they want to decide together how to go on.',
    setbacks: [{ step: 4, reason: 'Sam missed two agreed check-in calls during a work trip; Jordan felt the old pattern return.', resolved: false }],
    hurt: 'b',
  },
  {
    therapist: 'amara',
    startWeek: 12,
    cadence: 1,
    reached: 7,
    modality: 'in_person',
    concern: 'Peter’s affair ended a year ago; Ingrid wants to forgive but finds the resentment keeps returning.',
    setbacks: [],
    groupMember: 'a',
  },
  {
    therapist: 'jonah',
    startWeek: 9,
    cadence: 2,
    reached: 2,
    modality: 'video',
    concern: 'Youssef made major decisions about the family business without telling Fatima; trust in each other’s word has worn thin.',
    setbacks: [],
  },
  {
    therapist: 'priya',
    startWeek: 1,
    cadence: 1,
    reached: 1,
    modality: 'in_person',
    concern: 'Claire discovered Nadia had been hiding contact with a former partner; both say they want to understand how it happened.',
    setbacks: [],
  },
  {
    therapist: 'amara',
    startWeek: 7,
    cadence: 1,
    reached: 1,
    modality: 'in_person',
    concern: 'Ruth and Isaac came for help after repeated conflict and broken promises.',
    hurt: 'both',
    setbacks: [],
    screening: {
      a: 'unsafe',
      b: 'clear',
      note: 'Ruth disclosed fear during arguments at home. Safety plan made; joint sessions on hold, each partner seen individually.',
    },
    jointWorkOnHold: true,
    individualWork: [
      { partner: 'a', therapist: 'amara', startWeek: 6, cadence: 1, focus: 'feeling safe at home and what she needs from here' },
      { partner: 'b', therapist: 'jonah', startWeek: 6, cadence: 1, focus: 'staying calm in conflict and keeping his word' },
    ],
    groupMember: 'a',
  },
];

/** How one client seen on their own is doing. */
export interface IndividualCourse {
  therapist: StaffKey;
  startWeek: number;
  /** The week of the last session (weeks ago); 1 when still seen. */
  lastWeek: number;
  cadence: 1 | 2;
  status: 'active' | 'paused' | 'discharged';
  /** Enrolled in the program on their own, and the step they are on (8: all completed). */
  reached?: number;
  /** What the work is about, in the notes' words (after "working on"). */
  focus: string;
  groupMember?: true;
}

/** In the order of `INDIVIDUALS` in `people.ts`. */
export const INDIVIDUAL_COURSES: readonly IndividualCourse[] = [
  { therapist: 'amara', startWeek: 12, lastWeek: 2, cadence: 2, status: 'active', focus: 'trusting their own judgment again after a relationship ended in betrayal', groupMember: true },
  { therapist: 'priya', startWeek: 10, lastWeek: 1, cadence: 1, status: 'active', reached: 3, focus: 'whether to rebuild trust with a partner who is not ready for therapy' },
  { therapist: 'jonah', startWeek: 8, lastWeek: 2, cadence: 2, status: 'active', focus: 'understanding his own pattern of keeping secrets' },
  { therapist: 'amara', startWeek: 12, lastWeek: 1, cadence: 1, status: 'active', reached: 5, focus: 'her side of rebuilding trust while her partner works with another therapist', groupMember: true },
  { therapist: 'jonah', startWeek: 12, lastWeek: 7, cadence: 1, status: 'paused', focus: 'rebuilding trust with his brother after a family business fell apart' },
  { therapist: 'priya', startWeek: 9, lastWeek: 1, cadence: 2, status: 'active', focus: 'the checking and sleeplessness that followed discovering infidelity', groupMember: true },
  { therapist: 'jonah', startWeek: 6, lastWeek: 1, cadence: 1, status: 'active', reached: 2, focus: 'taking responsibility for an affair he has ended', groupMember: true },
  { therapist: 'priya', startWeek: 12, lastWeek: 7, cadence: 1, status: 'discharged', focus: 'a betrayal by a close friend, which she has now made peace with' },
  { therapist: 'miriam', startWeek: 11, lastWeek: 1, cadence: 2, status: 'active', focus: 'learning to trust again after a long marriage ended', groupMember: true },
  { therapist: 'amara', startWeek: 12, lastWeek: 1, cadence: 1, status: 'active', reached: 7, focus: 'what forgiveness does and does not ask of her', groupMember: true },
];
