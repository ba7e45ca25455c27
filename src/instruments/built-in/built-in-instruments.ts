import { CSI_4_INSTRUMENT, CSI_4_INSTRUMENT_ID } from './csi-4';
import { InstrumentDefinition } from './instrument-definition';
import { TRUST_CHECK_IN_INSTRUMENT, TRUST_CHECK_IN_INSTRUMENT_ID } from './trust-check-in';

/** The built-in instruments with their stable ids, in the order the migration inserts them. */
export const BUILT_IN_INSTRUMENTS: readonly { id: string; definition: InstrumentDefinition }[] = [
  { id: TRUST_CHECK_IN_INSTRUMENT_ID, definition: TRUST_CHECK_IN_INSTRUMENT },
  { id: CSI_4_INSTRUMENT_ID, definition: CSI_4_INSTRUMENT },
];
