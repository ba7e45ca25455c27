import { REBUILDING_TRUST_PROGRAM } from '../../../src/programs/built-in/rebuilding-trust';

/** The built-in program's steps: step 1 is `STEPS[0]`. */
export const STEPS = REBUILDING_TRUST_PROGRAM.steps;

export const stepKey = (step: number): string => STEPS[step - 1].key;
