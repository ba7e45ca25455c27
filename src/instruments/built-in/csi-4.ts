import { InstrumentDefinition } from './instrument-definition';

/** The built-in CSI-4's id (version 1), the same on every database. */
export const CSI_4_INSTRUMENT_ID = '3b9f6c1e-2a4d-4f7b-8e05-6c1d9a2b7e40';

const TRUE_ANCHORS = ['Not at all TRUE', 'A little TRUE', 'Somewhat TRUE', 'Mostly TRUE', 'Almost Completely TRUE', 'Completely TRUE'];
const DEGREE_ANCHORS = ['Not at all', 'A little', 'Somewhat', 'Mostly', 'Almost Completely', 'Completely'];
const anchors = (labels: string[]) => labels.map((label, value) => ({ value, label }));

/**
 * The Couples Satisfaction Index, 4-item form, with the published item wording, response labels,
 * scoring and cut-off (Funk & Rogge, 2007). No reliable-change threshold is given: TrustPath cites
 * none for the CSI-4, and a made-up one would pass for a published norm.
 */
export const CSI_4_INSTRUMENT: InstrumentDefinition = {
  key: 'csi-4',
  version: 1,
  title: 'Couples Satisfaction Index (CSI-4)',
  description:
    'A four-item measure of relationship satisfaction. Each partner answers on their own. Scores run from 0 to 21, ' +
    'higher meaning more satisfied; scores below 13.5 suggest notable relationship dissatisfaction.',
  items: [
    {
      id: 'happiness',
      text: 'Please indicate the degree of happiness, all things considered, of your relationship.',
      min: 0,
      max: 6,
      anchors: anchors(['Extremely Unhappy', 'Fairly Unhappy', 'A Little Unhappy', 'Happy', 'Very Happy', 'Extremely Happy', 'Perfect']),
      reverseScored: false,
    },
    {
      id: 'warm-and-comfortable',
      text: 'I have a warm and comfortable relationship with my partner.',
      min: 0,
      max: 5,
      anchors: anchors(TRUE_ANCHORS),
      reverseScored: false,
    },
    {
      id: 'rewarding',
      text: 'How rewarding is your relationship with your partner?',
      min: 0,
      max: 5,
      anchors: anchors(DEGREE_ANCHORS),
      reverseScored: false,
    },
    {
      id: 'satisfied',
      text: 'In general, how satisfied are you with your relationship?',
      min: 0,
      max: 5,
      anchors: anchors(DEGREE_ANCHORS),
      reverseScored: false,
    },
  ],
  scoring: { method: 'sum', multiplier: 1 },
  betterDirection: 'higher',
  cutOffs: [{ value: 13.5, direction: 'below', meaning: 'Notable relationship dissatisfaction (Funk & Rogge, 2007).' }],
  reliableChange: null,
  citation:
    'Funk, J. L., & Rogge, R. D. (2007). Testing the ruler with item response theory: Increasing precision of measurement for ' +
    'relationship satisfaction with the Couples Satisfaction Index. Journal of Family Psychology, 21(4), 572–583. ' +
    'https://doi.org/10.1037/0893-3200.21.4.572',
  licence:
    'Free for clinical use with attribution to Funk & Rogge (2007). No reliable-change threshold is given here: none is cited ' +
    'for the CSI-4, so `reliableChange` is null rather than an invented figure.',
};
