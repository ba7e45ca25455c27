import { InstrumentDefinition } from './instrument-definition';

/** The built-in Trust check-in's id (version 1), the same on every database. */
export const TRUST_CHECK_IN_INSTRUMENT_ID = '8e2d4a7c-5b1f-4c3e-9a60-1f7b3d5c9e21';

const scale = (low: string, high: string) => [
  { value: 0, label: low },
  { value: 10, label: high },
];

/**
 * TrustPath's own short check-in, written for this product to be answered by each partner every
 * week or session: trust right now, feeling safe with the partner, and the partner's follow-through.
 * It is not a validated instrument: its reliable-change threshold is a working convention.
 */
export const TRUST_CHECK_IN_INSTRUMENT: InstrumentDefinition = {
  key: 'trust-check-in',
  version: 1,
  title: 'Trust check-in',
  description:
    'Three questions each partner answers on their own, every week or session, from 0 to 10. The score is the mean of the ' +
    'three, from 0 to 10; higher means more trust.',
  items: [
    {
      id: 'trust-now',
      text: 'How much do you trust your partner right now?',
      min: 0,
      max: 10,
      anchors: scale('Not at all', 'Completely'),
      reverseScored: false,
    },
    {
      id: 'feel-safe',
      text: 'How safe do you feel with your partner right now?',
      min: 0,
      max: 10,
      anchors: scale('Not at all safe', 'Completely safe'),
      reverseScored: false,
    },
    {
      id: 'follow-through',
      text: 'Since your last check-in, how well has your partner followed through on what they said they would do?',
      min: 0,
      max: 10,
      anchors: scale('Not at all', 'Completely'),
      reverseScored: false,
    },
  ],
  scoring: { method: 'mean', multiplier: 1 },
  betterDirection: 'higher',
  cutOffs: [],
  reliableChange: {
    threshold: 2,
    source:
      'TrustPath’s own working convention for this check-in (a change of 2 points or more in the 0–10 mean), not a validated ' +
      'norm: the check-in has no published reliability data.',
  },
  citation: null,
  licence: 'Written for TrustPath and free to use with it.',
};
