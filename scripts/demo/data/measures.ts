/** Why a weekly answer was corrected: the demo corrects one, as happens when answers are keyed in from paper. */
export const CORRECTION_REASON = 'Keyed in from the paper form with the first answer read off the wrong end of the scale; corrected against the form.';
