import { ProgramDefinition } from './program-definition';

/**
 * The id of the built-in program's row (version 1), the same on every database: the migration
 * inserts the row with it, and clients may enroll in the built-in program by this id.
 */
export const REBUILDING_TRUST_PROGRAM_ID = '5d1c2a0e-7b3f-4e8a-9c61-2f4b8d0e1a73';

/**
 * The built-in program, written from the seed document. Step titles and practice descriptions are the
 * seed's own words (the spec beside this file checks them against a verbatim copy of it).
 */
export const REBUILDING_TRUST_PROGRAM: ProgramDefinition = {
  key: 'rebuilding-trust',
  version: 1,
  title: 'Rebuilding Trust',
  description:
    'Rebuilding trust in a damaged relationship can be a challenging and delicate process. It requires ' +
    'commitment, patience, and open communication from both parties involved. Healing and rebuilding ' +
    'trust take time, but it is possible with effort and a willingness to work through the issues. This ' +
    'program works through seven steps, from acknowledging the hurt to practicing patience and ' +
    'forgiveness, each with three practices that help rebuild trust and foster growth.',
  steps: [
    {
      key: 'acknowledge-the-hurt',
      position: 1,
      title: 'Acknowledge the Hurt',
      summary:
        'Both parties need to acknowledge the pain and hurt that has been caused: taking responsibility, ' +
        "validating and empathizing with your partner's pain, and not minimizing or dismissing their feelings.",
      practices: [
        {
          key: 'take-responsibility',
          title: 'Take responsibility',
          description: 'Take responsibility for your actions that contributed to the damage.',
        },
        {
          key: 'validate-and-empathize',
          title: 'Validate and empathize',
          description: 'Validate and empathize with the emotions and pain experienced by your partner.',
        },
        {
          key: 'dont-minimize',
          title: "Don't minimize",
          description: 'Avoid minimizing or dismissing their feelings, even if it may be uncomfortable to confront.',
        },
      ],
    },
    {
      key: 'open-honest-communication',
      position: 2,
      title: 'Open and Honest Communication',
      summary:
        'Rebuilding trust requires open and honest communication: a safe space for dialogue, listening ' +
        'without judgment or defensiveness, and sharing information willingly.',
      practices: [
        {
          key: 'safe-space-for-dialogue',
          title: 'Safe space for dialogue',
          description:
            'Creating a safe space for open dialogue where both parties can express their feelings and concerns.',
        },
        {
          key: 'listen-without-judgment',
          title: 'Listen without judgment',
          description: 'Listening actively to each other without judgment or defensiveness.',
        },
        {
          key: 'be-transparent',
          title: 'Be transparent',
          description: 'Being transparent and sharing information willingly to rebuild a foundation of honesty.',
        },
      ],
    },
    {
      key: 'apologize-sincerely',
      position: 3,
      title: 'Apologize Sincerely',
      summary:
        'A sincere and heartfelt apology is a crucial step towards rebuilding trust. It owns the mistakes, ' +
        'names the specific actions that caused the damage, and makes no excuses.',
      practices: [
        {
          key: 'own-mistakes-with-remorse',
          title: 'Own mistakes with remorse',
          description: 'Take ownership of your mistakes and express genuine remorse for the pain caused.',
        },
        {
          key: 'be-specific',
          title: 'Be specific',
          description: 'Be specific in acknowledging the actions or behaviors that led to the damage.',
        },
        {
          key: 'no-excuses-or-blame',
          title: 'No excuses or blame',
          description: 'Avoid making excuses or shifting blame onto others.',
        },
      ],
    },
    {
      key: 'consistency-and-reliability',
      position: 4,
      title: 'Rebuild Consistency and Reliability',
      summary:
        'Consistency and reliability are essential in rebuilding trust: following through on commitments ' +
        'and acting in ways that match your words and your intention to rebuild trust.',
      practices: [
        {
          key: 'follow-through-on-commitments',
          title: 'Follow through on commitments',
          description: 'Following through on your commitments and promises.',
        },
        {
          key: 'be-dependable',
          title: 'Be dependable',
          description: 'Being dependable and reliable in your actions and words.',
        },
        {
          key: 'consistent-behavior',
          title: 'Consistent behavior',
          description: 'Demonstrating consistent behavior that aligns with your intentions to rebuild trust.',
        },
      ],
    },
    {
      key: 'boundaries-and-accountability',
      position: 5,
      title: 'Establish Boundaries and Accountability',
      summary:
        'Setting clear boundaries and establishing accountability can help rebuild trust, giving both ' +
        'parties a sense of safety and security.',
      practices: [
        {
          key: 'agree-boundaries',
          title: 'Agree boundaries',
          description: 'Discussing and agreeing upon boundaries that are important to both parties.',
        },
        {
          key: 'hold-accountable',
          title: 'Hold accountable',
          description: 'Being accountable for your actions and holding yourself and your partner accountable as well.',
        },
        {
          key: 'honor-boundaries',
          title: 'Honor boundaries',
          description: 'Honoring the boundaries established to create a sense of safety and security.',
        },
      ],
    },
    {
      key: 'seek-professional-help',
      position: 6,
      title: 'Seek Professional Help if Needed',
      summary:
        'Sometimes the healing process can benefit from the assistance of a professional: couples therapy ' +
        'or counseling, individual therapy, or workshops and support groups.',
      practices: [
        {
          key: 'couples-therapy',
          title: 'Couples therapy',
          description:
            'Seeking couples therapy or counseling to facilitate open communication and provide guidance.',
        },
        {
          key: 'individual-therapy',
          title: 'Individual therapy',
          description:
            'Working with a therapist individually to address personal issues that may be impacting the relationship.',
        },
        {
          key: 'workshops-or-groups',
          title: 'Workshops or groups',
          description:
            'Engaging in workshops or support groups that focus on rebuilding trust and fostering healthy relationships.',
        },
      ],
    },
    {
      key: 'patience-and-forgiveness',
      position: 7,
      title: 'Practice Patience and Forgiveness',
      summary:
        'Rebuilding trust takes time, and it is important to practice patience and forgiveness. Healing is ' +
        'gradual, and setbacks may occur along the way.',
      practices: [
        {
          key: 'healing-is-gradual',
          title: 'Healing is gradual, setbacks happen',
          description: 'Healing is a gradual process, and setbacks may occur along the way.',
        },
        {
          key: 'be-patient',
          title: 'Be patient',
          description: "Be patient with each other's progress and allow space for growth.",
        },
        {
          key: 'forgive-dont-forget',
          title: "Forgive, don't forget",
          description: 'Practice forgiveness, not forgetting, but letting go of resentment and moving forward.',
        },
      ],
    },
  ],
};
