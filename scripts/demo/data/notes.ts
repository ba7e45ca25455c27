/**
 * What the demo's clinical notes say. `{a}` and `{b}` are the partners (as they like to be called)
 * and `{a_their}`, `{b_their}` their possessive pronouns; `{name}`, `{they}` and `{their}` a client
 * seen alone, `{focus}` what their work is about; `{present}` and `{members}` a group's attendance.
 * Each couple session's note picks one line of each section for the step the couple was on.
 */
export interface StepLines {
  subjective: readonly string[];
  assessment: readonly string[];
  plan: readonly string[];
}

export const COUPLE_INTAKE: StepLines = {
  subjective: [
    'Intake. {a} and {b} describe how the breach came to light and what the months since have been like. Both say they want to stay together but do not know how to begin.',
    'Intake. {a} speaks first and at length about the discovery; {b} listens, then speaks of shame and of wanting to repair what can be repaired.',
  ],
  assessment: [
    'Both partners motivated; hurt is raw and communication is mostly accusation and defence. Safety screenings reviewed before joint work. Suitable for the Rebuilding Trust program.',
    'Strong wish to repair on both sides, with understandable mistrust from the hurt partner. Good fit for structured couple work.',
  ],
  plan: [
    'Enroll in the Rebuilding Trust program, beginning with acknowledging the hurt. Weekly sessions. Each to notice, without acting on it, moments when the hurt comes up this week.',
    'Start the program at step 1. Agree that neither brings up the details of the breach at home before the next session; bring it here instead.',
  ],
};

export const COUPLE_STEPS: readonly StepLines[] = [
  {
    subjective: [
      '{a} describes waking at night replaying what happened. {b} says the aim now is to understand the pain, not to argue about the facts.',
      '{a} says the hardest part is feeling that the hurt is being rushed. {b} admits to wanting things "back to normal" too soon.',
      'For the first time {b} spoke about what happened unprompted, in {b_their} own words. {a} said it mattered that it was said out loud.',
    ],
    assessment: [
      'Working on acknowledging the hurt. {b} is beginning to take responsibility without minimizing; {a} is testing whether it is safe to show the full extent of the pain.',
      'Step 1 in progress. Validation is still effortful for {b}, who slips into explaining. {a} noticed when {b} simply listened.',
      'Clear movement: {b} reflected {a}’s feelings accurately twice. Both calmer than last week.',
    ],
    plan: [
      '{b} to practise reflecting {a}’s feelings back before responding, once a day. Review next week.',
      'Continue step 1. Assigned "Hear and reflect the hurt". Next session in one week.',
      'Both to write down one moment this week when they felt heard.',
    ],
  },
  {
    subjective: [
      'Both report a calmer week. They tried the agreed "safe time to talk" twice; the second went better than the first.',
      '{a} says questions are still met with defensiveness. {b} says it feels like an interrogation at times, but wants to answer honestly.',
      '{b} offered information about {b_their} phone and calendar before {a} asked. {a} noticed and named it.',
    ],
    assessment: [
      'Working on open and honest communication. Listening without judgment improving; transparency is being offered rather than extracted.',
      'Step 2 in progress. The pattern of question and defence is softening when both slow down.',
      'Good progress on creating a safe space for dialogue. Some defensiveness remains under stress.',
    ],
    plan: [
      'Keep the twice-weekly talk time with the speaker–listener structure. Assigned "Take turns speaking and listening".',
      'Each to share one thing unprompted this week. Review what it felt like to give and receive it.',
      'Continue step 2; next session in a week.',
    ],
  },
  {
    subjective: [
      '{b} read a written apology aloud. {a} was tearful and said parts of it felt true for the first time.',
      '{a} says earlier apologies felt like "sorry you found out". {b} agreed and wants to do better.',
      'Both discussed what a specific apology would need to name. {b} listed the lies as well as the breach.',
    ],
    assessment: [
      'Working on a sincere apology. {b} owns the actions with remorse and without excuses; {a} is cautious but receptive.',
      'Step 3 in progress. The apology is becoming specific; shifting blame has mostly stopped.',
      'An important session: the apology was heard. {a} does not yet feel able to respond fully, which is appropriate.',
    ],
    plan: [
      '{b} to revise the written apology using {a}’s feedback. Assigned "Write a specific apology".',
      'No pressure on {a} to accept the apology; revisit next week.',
      'Continue step 3 and begin to look at day-to-day reliability.',
    ],
  },
  {
    subjective: [
      '{a} reports that {b} kept every small promise this week, including calling when late. {a} says it is starting to feel ordinary, which is good.',
      '{b} forgot an agreed check-in on Thursday and told {a} straight away. {a} was upset but appreciated the honesty.',
      'Both describe a steadier week. {a} notices fewer urges to check.',
    ],
    assessment: [
      'Working on consistency and reliability. Follow-through is becoming dependable; {a}’s vigilance is easing gradually.',
      'Step 4 in progress. A lapse was handled openly, which itself builds reliability.',
      'Consistent behavior over several weeks. Trust is returning slowly, as expected.',
    ],
    plan: [
      'Keep the list of small promises and review it together each Sunday. Assigned "Keep small promises".',
      'Weekly check-in on consistency to continue at home.',
      'Next session in one week; begin talking about what boundaries each needs.',
    ],
  },
  {
    subjective: [
      'They drafted boundaries together: no secrets about money or messages, phones not hidden, and a pause word for heated moments.',
      '{a} said that a boundary {b} agreed to last week was kept without reminders. {b} said it felt fair, not like a punishment.',
      '{b} raised a boundary of {b_their} own: that past events are not brought up in front of family. {a} agreed.',
    ],
    assessment: [
      'Working on boundaries and accountability. Boundaries are being agreed by both rather than imposed; accountability is shared.',
      'Step 5 in progress. Both honoring the agreed boundaries; a sense of safety is growing.',
      'Good collaboration. Accountability conversations no longer turn into blame.',
    ],
    plan: [
      'Write the agreed boundaries down and keep them where both can see them. Assigned "Agree on boundaries together".',
      'Each to plan how they will be accountable for one boundary. Review next week.',
      'Continue step 5; consider whether individual work would help either partner.',
    ],
  },
  {
    subjective: [
      'Discussed what each wants from counseling from here. {b} would like some individual sessions to understand {b_their} part.',
      '{a} has visited a support group twice and found it helpful to hear others’ stories.',
      'Both reflected on how far they have come and what still feels fragile.',
    ],
    assessment: [
      'Working on seeking help where it serves them: couples work continues, with individual work and a group considered.',
      'Step 6 in progress. Both are open about their own work, which supports the joint work.',
      'Good insight from both partners into what is theirs to work on.',
    ],
    plan: [
      'Refer {b} for individual sessions alongside couple work. Continue fortnightly couple sessions.',
      'Share information about the support group with {a}.',
      'Continue step 6 and begin to talk about patience and forgiveness.',
    ],
  },
  {
    subjective: [
      '{a} says the resentment still comes back on hard days, but it passes sooner. {b} has learned not to take it personally.',
      'A difficult week around a family event. They used their setback plan and talked it through the next evening.',
      'Both spoke about what forgiveness means to them; {a} said it is not forgetting but no longer carrying it everywhere.',
    ],
    assessment: [
      'Working on patience and forgiveness. Setbacks are handled with the agreed plan; the hurt no longer defines their days.',
      'Step 7 in progress. Forgiveness is being approached as a gradual letting go, at {a}’s pace.',
      'Steady. Trust is being rebuilt through consistent actions over time.',
    ],
    plan: [
      'Continue step 7. Assigned "Plan for setbacks" to keep at home.',
      'Move to sessions every two weeks; review in a month.',
      'Each to notice small steps of growth in the other and in themselves.',
    ],
  },
];

/** The objective section of a couple session's note. */
export const COUPLE_OBSERVATIONS: readonly string[] = [
  'Both arrived on time. {a} tearful at moments; {b} attentive and quiet. No raised voices.',
  'Both engaged throughout. Tone warmer than at intake; they sat closer together.',
  '{a} guarded at first, settled after ten minutes. {b} calm, at times anxious.',
  'Both engaged; one heated exchange early, de-escalated with the pause they agreed on.',
  'Relaxed and open; some shared humour near the end.',
  'Both a little tired after a difficult week, but fully present.',
];

export const INDIVIDUAL_LINES: StepLines & { observations: readonly string[] } = {
  subjective: [
    '{name} describes a week of ups and downs and wanted to talk about {focus}.',
    '{name} says the exercises helped on some days and felt impossible on others.',
    '{name} arrived wanting to talk about a conversation that went better than expected.',
    '{name} reports better sleep and fewer intrusive thoughts.',
    '{name} spoke about old patterns from {their} family and how they show up now.',
    '{name} said it was a hard week and {they} nearly cancelled; glad to have come in the end.',
  ],
  observations: [
    'On time, engaged, reflective.',
    'Tearful at times; settled by the end of the session.',
    'Animated and hopeful; good eye contact.',
    'Tired but engaged; thoughtful answers.',
  ],
  assessment: [
    'Working on {focus}. Steady progress; insight is growing.',
    'Making progress on {focus}. Self-compassion is improving.',
    'Some avoidance this week, understandable given the stress at work; the work on {focus} continues.',
    'Good session. {name} is more able to name feelings without judging them.',
    'Continuing to work on {focus}; coping strategies are in use.',
    'Noticeable progress since the first sessions.',
  ],
  plan: [
    'Continue the current exercise; next session as scheduled.',
    'Journal once a day about moments of trust and mistrust.',
    'Practise the grounding exercise when the old fear comes up.',
    'Review the exercise together next time.',
    'Keep the plan agreed today and bring any questions next session.',
    'Continue; consider the support group as an addition.',
  ],
};

/** A group session's free-text note, by the step the group worked on that week. */
export const GROUP_THEMES: readonly string[] = [
  'Theme: acknowledging the hurt. Members shared what they have lost and what they still hope for.',
  'Theme: honest communication. The group practised listening without offering advice.',
  'Theme: what a sincere apology sounds like, given and received.',
  'Theme: consistency. Members named small promises they have kept this week.',
  'Theme: boundaries. The group talked about boundaries that protect without punishing.',
  'Theme: asking for help, and how hard that can be.',
  'Theme: patience and forgiveness. Members talked about setbacks and how they came through them.',
];

export const GROUP_OBSERVATIONS: readonly string[] = [
  '{present} of {members} members attended. Warm, supportive atmosphere; two members spoke for the first time.',
  '{present} of {members} attended. Good participation; one member left early and was checked on afterwards.',
  '{present} of {members} present. Members offered each other encouragement; no safety concerns raised.',
  '{present} of {members} attended. A quieter session; the closing round was heartfelt.',
];

export const GROUP_PLANS: readonly string[] = [
  'Next week continues the theme. Members invited to try this week’s exercise.',
  'Facilitator to share the reading on rebuilding trust. Next session as scheduled.',
];

/** The plan when someone was missing. */
export const GROUP_FOLLOW_UP = 'Check in individually with members who were absent.';

/** Why a session did not take place. */
export const CANCELLATION_REASONS: readonly string[] = [
  'Client unwell; rescheduled for next week.',
  'Childcare fell through at the last minute.',
  'Therapist unwell.',
  'Office closed for a snowstorm.',
  'Work travel; asked to resume next week.',
];

/** The practitioner's note when a step is completed. */
export const STEP_COMPLETED_NOTES: readonly string[] = [
  'Both partners agree this feels steady enough to move on.',
  'Completed after several good weeks; they can come back to it if they need to.',
  'Clear progress here; both named what changed.',
];

/** The practitioner's note when a setback step is completed again. */
export const SETBACK_RESOLVED_NOTES: readonly string[] = [
  'Back on steady ground; they used their setback plan and talked it through.',
  'Worked through together over two sessions; both feel it is settled again.',
];
