import { ScreeningResult } from './safety-screening.entity';

/** A couple's safety, from both partners' latest screenings: the worst of the two, `missing` if either has none. */
export type CoupleSafety = ScreeningResult | 'missing';

const SEVERITY: CoupleSafety[] = ['clear', 'concern', 'missing', 'unsafe'];

export function combineSafety(a: ScreeningResult | null, b: ScreeningResult | null): CoupleSafety {
  const values: CoupleSafety[] = [a ?? 'missing', b ?? 'missing'];
  return values.reduce((worst, v) => (SEVERITY.indexOf(v) > SEVERITY.indexOf(worst) ? v : worst), 'clear' as CoupleSafety);
}
