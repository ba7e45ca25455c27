export const EXERCISE_AUDIENCES = ['individual', 'couple', 'either'] as const;
/** Who does the exercise: one partner alone, both together, or whichever the practitioner chooses. */
export type ExerciseAudience = (typeof EXERCISE_AUDIENCES)[number];

/** Homework tied to one step of a program, and optionally to one of that step's practices. */
export interface ExerciseDefinition {
  /** Kebab-case, unique within the library. */
  readonly key: string;
  readonly stepKey: string;
  readonly practiceKey?: string;
  readonly title: string;
  /** Written to the client, to be handed over as is. */
  readonly instructions: string;
  readonly estimatedMinutes: number;
  readonly audience: ExerciseAudience;
}

/** The built-in exercises for the rebuilding-trust program, written from the seed's steps and practices. */
export const BUILT_IN_EXERCISES: readonly ExerciseDefinition[] = [
  {
    key: 'name-your-part',
    stepKey: 'acknowledge-the-hurt',
    practiceKey: 'take-responsibility',
    title: 'Name your part',
    instructions:
      'Set aside twenty quiet minutes and write down, in plain words, the actions of yours that contributed ' +
      'to the damage. Write each one as a sentence that starts with "I", for example "I stopped telling you ' +
      'where I was going." Leave out what your partner did; this page is only about your part. Read the list ' +
      'back, and rewrite any line that softens or explains itself so that it simply says what happened. Bring ' +
      'the list to your next session, where you can decide with your therapist whether and when to share it.',
    estimatedMinutes: 20,
    audience: 'individual',
  },
  {
    key: 'hear-and-reflect-the-hurt',
    stepKey: 'acknowledge-the-hurt',
    practiceKey: 'validate-and-empathize',
    title: 'Hear and reflect the hurt',
    instructions:
      'Sit together at a time you have agreed on, with a timer. The partner who was hurt speaks for up to ten ' +
      'minutes about how the damage has felt, while the other listens without interrupting. The listener then ' +
      'says back in their own words what they heard, including the feelings, and asks whether they got it ' +
      'right. The speaker corrects anything that was missed, and the listener tries again until the speaker ' +
      'feels understood. You do not have to agree on every detail; the aim is for the pain to be heard and ' +
      'recognized as real. Either of you may ask for a break at any point.',
    estimatedMinutes: 30,
    audience: 'couple',
  },
  {
    key: 'notice-when-you-minimize',
    stepKey: 'acknowledge-the-hurt',
    practiceKey: 'dont-minimize',
    title: 'Notice when you minimize',
    instructions:
      "Over the coming week, notice the moments when you want to shrink or brush aside your partner's " +
      'feelings about what happened, with phrases such as "it wasn\'t that bad", "you\'re overreacting" or ' +
      '"can we just move on". Each time, write down the phrase, what you were feeling just before it, and what ' +
      'you could have said instead. Expect this to be uncomfortable; the point is to stay with the discomfort ' +
      'rather than end the conversation early. Bring your notes to your next session.',
    estimatedMinutes: 15,
    audience: 'individual',
  },
  {
    key: 'set-up-a-safe-time-to-talk',
    stepKey: 'open-honest-communication',
    practiceKey: 'safe-space-for-dialogue',
    title: 'Set up a safe time to talk',
    instructions:
      'Agree on a regular time, at least once a week, to talk about the relationship: somewhere private, with ' +
      'phones put away and no children in earshot. Together, write down three or four ground rules that would ' +
      'help you both feel safe to say what you feel and what concerns you, for example no raised voices, no ' +
      'using the past as a weapon, and either of you may call a pause. Decide how a pause works: how it is ' +
      'asked for, how long it lasts, and when you will come back to the conversation. Keep the rules where you ' +
      'can both see them, and try them for two weeks before changing them.',
    estimatedMinutes: 30,
    audience: 'couple',
  },
  {
    key: 'take-turns-speaking-and-listening',
    stepKey: 'open-honest-communication',
    practiceKey: 'listen-without-judgment',
    title: 'Take turns speaking and listening',
    instructions:
      'Choose a small, current concern rather than the deepest hurt. One of you speaks for a few minutes ' +
      'about your own feelings and needs, starting sentences with "I" rather than "you". The other only ' +
      'listens, then sums up what they heard without adding an opinion, a defense or a correction. Switch ' +
      'roles and repeat. Afterwards, each of you names one moment when you wanted to defend yourself and what ' +
      'it was like to hold back. Practice this a few times before using it for harder subjects.',
    estimatedMinutes: 25,
    audience: 'couple',
  },
  {
    key: 'share-before-you-are-asked',
    stepKey: 'open-honest-communication',
    practiceKey: 'be-transparent',
    title: 'Share before you are asked',
    instructions:
      'For one week, share one thing each day that your partner would want to know, before they have to ask: ' +
      'your plans, a change to your schedule, a message you received, or something you are finding hard. ' +
      'Keep a short log of what you shared and how it felt to share it. If you notice yourself wanting to hold ' +
      'something back, write that down too, and talk it through with your therapist. The aim is for honesty to ' +
      'become a habit you offer willingly, not an answer given under questioning.',
    estimatedMinutes: 10,
    audience: 'individual',
  },
  {
    key: 'write-a-specific-apology',
    stepKey: 'apologize-sincerely',
    practiceKey: 'be-specific',
    title: 'Write a specific apology',
    instructions:
      'Write a letter of apology that names the specific actions or behaviors that led to the damage, and the ' +
      'effect you understand they had on your partner. Express your remorse in your own words, without ' +
      'explaining why it happened, making excuses or shifting blame onto anyone else. Leave out the word "but" ' +
      'entirely. End with what you are committed to doing differently, not with a request for forgiveness. ' +
      'Bring the draft to your therapist before you share it, so you can go over it together.',
    estimatedMinutes: 45,
    audience: 'individual',
  },
  {
    key: 'find-the-excuses-in-your-story',
    stepKey: 'apologize-sincerely',
    practiceKey: 'no-excuses-or-blame',
    title: 'Find the excuses in your story',
    instructions:
      'Write a short account of what happened, the way you would tell it to a friend. Read it back and ' +
      'underline every phrase that explains, justifies or points at someone else, such as "because I was ' +
      'stressed", "you weren\'t there for me" or "anyone would have". For each one, ask yourself whether it ' +
      'helps your partner feel understood or helps you feel less responsible. Then rewrite the account without ' +
      'those phrases, and notice what is left.',
    estimatedMinutes: 20,
    audience: 'individual',
  },
  {
    key: 'offer-and-receive-an-apology',
    stepKey: 'apologize-sincerely',
    practiceKey: 'own-mistakes-with-remorse',
    title: 'Offer and receive an apology',
    instructions:
      'At a time you have agreed on, or in a session, the partner who is apologizing reads or speaks their ' +
      'apology, taking ownership of their mistakes and of the pain they caused. The partner receiving it does ' +
      'not have to accept it or forgive on the spot; they are invited to say what landed, what felt missing, ' +
      'and what they need more time with. The partner who apologized listens without arguing or adding ' +
      'explanations. Close by agreeing when you will talk about it again, and give each other some space ' +
      'afterwards.',
    estimatedMinutes: 40,
    audience: 'couple',
  },
  {
    key: 'keep-small-promises',
    stepKey: 'consistency-and-reliability',
    practiceKey: 'follow-through-on-commitments',
    title: 'Keep small promises',
    instructions:
      'Choose two or three small, specific commitments for the coming week that you are confident you can ' +
      'keep, such as being home by an agreed time or calling when your plans change. Tell your partner what ' +
      'they are, and write them down. At the end of each day, note whether you kept each one. If you miss one, ' +
      'tell your partner yourself before they notice, without excuses, and say what you will do next time. ' +
      'Start small on purpose: reliability is built from many ordinary promises kept.',
    estimatedMinutes: 10,
    audience: 'either',
  },
  {
    key: 'compare-words-and-actions',
    stepKey: 'consistency-and-reliability',
    practiceKey: 'be-dependable',
    title: 'Compare your words and your actions',
    instructions:
      'At the end of each day for a week, write down what you said you would do that day and what you actually ' +
      'did. Include small things, such as replying to a message, arriving on time or doing a chore you offered ' +
      'to do. Mark where your words and actions matched and where they did not. For each gap, write one honest ' +
      'sentence about what got in the way and one practical change for tomorrow. Go through the week with your ' +
      'therapist, looking for patterns rather than for blame.',
    estimatedMinutes: 15,
    audience: 'individual',
  },
  {
    key: 'weekly-consistency-check-in',
    stepKey: 'consistency-and-reliability',
    practiceKey: 'consistent-behavior',
    title: 'Weekly check-in on consistency',
    instructions:
      'Once a week, sit down together for twenty minutes. The partner working to rebuild trust describes how ' +
      'they tried to act in line with that intention during the week. The other partner shares one moment ' +
      'when they noticed that consistency, and one moment when something felt uncertain, described as an ' +
      'observation rather than an accusation. Together, agree on one thing to keep doing and one thing to ' +
      'adjust next week. Keep the check-in short and regular, because the routine is itself a way of showing ' +
      'consistency.',
    estimatedMinutes: 20,
    audience: 'couple',
  },
  {
    key: 'agree-on-boundaries-together',
    stepKey: 'boundaries-and-accountability',
    practiceKey: 'agree-boundaries',
    title: 'Agree on boundaries together',
    instructions:
      'Each of you separately writes down three to five boundaries that would help you feel safe and ' +
      'respected in the relationship right now, for example about contact with certain people, privacy of ' +
      'phones, or how arguments are handled. Then read your lists to each other, asking questions to ' +
      'understand rather than to negotiate. Choose together the boundaries you can both agree to, and word ' +
      'each one so that it is clear what it asks of whom. Write down the agreed boundaries and a date to review ' +
      'them; bring any you cannot yet agree on to your next session.',
    estimatedMinutes: 45,
    audience: 'couple',
  },
  {
    key: 'plan-your-accountability',
    stepKey: 'boundaries-and-accountability',
    practiceKey: 'hold-accountable',
    title: 'Plan how you will be accountable',
    instructions:
      'For each boundary you have agreed on, write down how you will hold yourself accountable to it: how your ' +
      'partner will know you are keeping it, and what you will do if you slip. Decide how you will tell your ' +
      'partner about a slip yourself, rather than waiting for it to be found out. Also write down what ' +
      'accountability you would like to see from your partner, so that it goes both ways. Share the plan in ' +
      'your next session.',
    estimatedMinutes: 20,
    audience: 'individual',
  },
  {
    key: 'reflect-on-honoring-boundaries',
    stepKey: 'boundaries-and-accountability',
    practiceKey: 'honor-boundaries',
    title: 'Reflect on honoring boundaries',
    instructions:
      'At the end of the week, write a few lines about each boundary you agreed on: when it was easy to honor, ' +
      'when it was hard, and what helped. Note any moment when a boundary gave you a sense of safety or ' +
      'security, however small. If a boundary was crossed, by you or by your partner, write down plainly what ' +
      'happened and how you responded. Bring these notes to your next session, so that boundaries that are not ' +
      'working can be adjusted.',
    estimatedMinutes: 15,
    audience: 'either',
  },
  {
    key: 'what-you-want-from-counseling',
    stepKey: 'seek-professional-help',
    practiceKey: 'couples-therapy',
    title: 'Talk about what you want from counseling',
    instructions:
      'Each of you writes down, on your own, what you hope couples therapy or counseling could help with, what ' +
      'worries you about it, and what would help you feel able to speak openly there. Then share your answers ' +
      'with each other, listening without correcting. Note where your hopes overlap and where they differ. ' +
      'Bring both lists to your next session, so that your therapist understands what guidance you are looking ' +
      'for.',
    estimatedMinutes: 30,
    audience: 'couple',
  },
  {
    key: 'notice-what-is-yours-to-work-on',
    stepKey: 'seek-professional-help',
    practiceKey: 'individual-therapy',
    title: 'Notice what is yours to work on',
    instructions:
      'Think about personal issues that may be affecting the relationship apart from what happened between ' +
      'you, for example stress at work, old hurts from earlier relationships or from your family, or patterns ' +
      'around anger, avoidance or alcohol. Write down the ones that feel relevant, and how you see them showing ' +
      'up in the relationship. You do not need to solve anything here. Use the list to consider, with your ' +
      'therapist, whether working with a therapist individually could help alongside your work as a couple.',
    estimatedMinutes: 25,
    audience: 'individual',
  },
  {
    key: 'explore-a-workshop-or-group',
    stepKey: 'seek-professional-help',
    practiceKey: 'workshops-or-groups',
    title: 'Explore a workshop or support group',
    instructions:
      'Look for one workshop or support group that focuses on rebuilding trust or on healthy relationships, ' +
      'nearby or online; your therapist can suggest some. Read what it offers, who it is for and how it is run. ' +
      'Write down what appeals to you, what makes you hesitate, and any questions you would want answered ' +
      'before joining. Talk with your therapist or your partner about whether it would suit you at this point.',
    estimatedMinutes: 30,
    audience: 'either',
  },
  {
    key: 'plan-for-setbacks',
    stepKey: 'patience-and-forgiveness',
    practiceKey: 'healing-is-gradual',
    title: 'Plan for setbacks',
    instructions:
      'Healing is a gradual process, and setbacks may occur along the way. Together, talk about what a ' +
      'setback might look like for each of you: a hard anniversary, a sudden reminder, a missed promise, or a ' +
      'day when the hurt feels new again. Agree on what each of you will do when one happens, such as naming ' +
      'it calmly, taking a pause, and coming back to talk at an agreed time. Write the plan down and keep it ' +
      'somewhere you can both find it. A setback does not erase the work you have already done.',
    estimatedMinutes: 30,
    audience: 'couple',
  },
  {
    key: 'notice-small-steps',
    stepKey: 'patience-and-forgiveness',
    practiceKey: 'be-patient',
    title: 'Notice small steps of growth',
    instructions:
      'Once a week, write down one small change you have noticed in your partner and one in yourself, however ' +
      'modest. Then write down one thing you are still waiting to see, and how you could allow space for it to ' +
      'grow rather than pressing for it. If you feel comfortable, share the first part with your partner. ' +
      'Notice how it feels to look for progress, and not only for what is still missing.',
    estimatedMinutes: 15,
    audience: 'either',
  },
  {
    key: 'write-about-letting-go',
    stepKey: 'patience-and-forgiveness',
    practiceKey: 'forgive-dont-forget',
    title: 'Write about letting go',
    instructions:
      'Forgiveness here does not mean forgetting what happened or pretending it was acceptable; it means ' +
      'gradually letting go of resentment so that you can move forward. Write about one resentment you are ' +
      'still carrying: what it protects you from, and what holding on to it costs you. Then write what letting ' +
      'go of a small part of it might look like in daily life. There is no deadline, and you decide whether and ' +
      'when to share any of this with your partner. If you would like to talk it through, bring what you wrote ' +
      'to your therapist.',
    estimatedMinutes: 30,
    audience: 'individual',
  },
];
