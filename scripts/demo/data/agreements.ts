/**
 * What the couples promise and agree on: commitments in the committing partner's words, the
 * reasons and notes that go with their outcomes, and boundaries in the couple's words with how
 * they were revised and breached. `{other}` is the other partner, as they like to be called.
 */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface CommitmentText {
  description: string;
  to: 'partner' | 'relationship';
}

/** Kept on chosen weekdays: the couple picks how many. */
export const WEEKLY_COMMITMENTS: readonly CommitmentText[] = [
  { description: 'Sit down together for a thirty-minute check-in about the week, phones in another room.', to: 'relationship' },
  { description: 'Tell {other} over dinner where I was during the day and who I saw, without being asked.', to: 'partner' },
  { description: 'Be home by 6:30, or text {other} before 5 if plans change.', to: 'partner' },
  { description: 'Take a walk together after dinner and talk about something other than the affair.', to: 'relationship' },
  { description: 'Go through my calendar for the coming days with {other}, including work drinks and trips.', to: 'partner' },
];

/** Every day; some were renegotiated into something the couple could keep. */
export const DAILY_COMMITMENTS: readonly (CommitmentText & { renegotiated: { description: string; weekdays: Weekday[] } })[] = [
  {
    description: 'Text {other} when I leave work and again when I get home.',
    to: 'partner',
    renegotiated: { description: 'Text {other} when I leave work on the days I am in the office.', weekdays: ['mon', 'tue', 'thu'] },
  },
  {
    description: 'Before bed, tell {other} one thing I appreciated about them today.',
    to: 'partner',
    renegotiated: { description: 'Three evenings a week, tell {other} one thing I appreciated about them that day.', weekdays: ['mon', 'wed', 'fri'] },
  },
  {
    description: 'Leave my phone unlocked on the kitchen counter overnight.',
    to: 'partner',
    renegotiated: { description: 'Leave my phone on the kitchen counter on weeknights; {other} can look at it if the worry comes back.', weekdays: ['mon', 'tue', 'wed', 'thu'] },
  },
  {
    description: 'Spend ten minutes together on the week’s exercise before we go to sleep.',
    to: 'relationship',
    renegotiated: { description: 'Spend twenty minutes together on the week’s exercise, twice a week instead of every night.', weekdays: ['tue', 'sat'] },
  },
];

/** Due once, a few days after the session where it was made. */
export const ONE_OFF_COMMITMENTS: readonly CommitmentText[] = [
  { description: 'Write {other} a letter naming what I did and how it hurt, and bring it to the next session.', to: 'partner' },
  { description: 'Delete the dating app account and show {other} the confirmation email.', to: 'partner' },
  { description: 'Tell my sister that we are in counselling, so {other} no longer has to keep it from her.', to: 'partner' },
  { description: 'Book the appointment with the financial counsellor and go to it together.', to: 'relationship' },
];

/** Why the committer could not keep it that day, as the practitioner recorded it. */
export const EXCUSE_REASONS: readonly string[] = [
  'Worked a double shift after a colleague called in sick; let {other} know at lunchtime.',
  'Spent the evening at the hospital with my mother after her fall.',
  'Our youngest had a fever and we both stayed up with her.',
  'My flight home was delayed overnight; I called {other} from the airport.',
];

/** The other partner's note when they dispute a report. */
export const DISPUTE_NOTES: readonly string[] = [
  'It happened, but hours later than we agreed, and only after I had been waiting all evening.',
  'We started, but it ended after ten minutes when the phone rang, and we never picked it up again.',
  'It was said, but in passing, on the way out of the door; it did not feel like it counted.',
  'I don’t remember this happening that day; I think it was the day before.',
  'It was done, but only after I asked twice.',
];

export interface BoundaryText {
  text: string;
  /** The new wording when the couple revised it. */
  revised: string;
  /** A breach as the hurt partner reported it. */
  breach: { severity: 'minor' | 'major'; note: string };
}

export const BOUNDARIES: readonly BoundaryText[] = [
  {
    text: 'No contact with the affair partner, in person or online. If they get in touch, it is shown to the other the same day.',
    revised:
      'No contact with the affair partner, in person or online. Unavoidable work contact goes through the team lead, and any message from them is shown to the other the same day.',
    breach: { severity: 'major', note: 'Replied to a message from the affair partner about a work handover and did not mention it for a week.' },
  },
  {
    text: 'We don’t go through each other’s phones. If one of us feels the urge to check, we say so and talk about it instead.',
    revised: 'We don’t go through each other’s phones. If one of us feels the urge to check, we say so; the other offers to show the phone, and we talk about the worry.',
    breach: { severity: 'minor', note: 'Looked through the messages while the phone was charging, then said so the next morning.' },
  },
  {
    text: 'When an argument gets heated, either of us can call a twenty-minute break, and we come back to it before the end of the evening.',
    revised: 'When an argument gets heated, either of us can call a twenty-minute break; whoever called it starts the conversation again before the end of the evening.',
    breach: { severity: 'minor', note: 'Left the house during an argument without calling a break and did not come back until late.' },
  },
  {
    text: 'Spending over $200 is talked about first, including on the business card.',
    revised: 'Spending over $200 is talked about first, including on the business card; regular bills on the shared list are agreed once a month.',
    breach: { severity: 'major', note: 'Booked a weekend away for a friend’s stag party on the business card without talking about it first.' },
  },
  {
    text: 'We don’t bring up the affair in front of the children or at family gatherings.',
    revised: 'We don’t bring up the affair in front of the children or at family gatherings; if it comes up there, we step outside together.',
    breach: { severity: 'minor', note: 'Made a remark about trust at his parents’ dinner that everyone at the table understood.' },
  },
];
