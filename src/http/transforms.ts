/** class-transformer functions shared by DTOs: `@Transform(trim)`. */
type Input = { value: unknown };

/** Surrounding white space is not part of a name or a note. */
export const trim = ({ value }: Input) => (typeof value === 'string' ? value.trim() : value);

/** `trim` for each string of an array. */
export const trimEach = ({ value }: Input) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value);

/** Query strings arrive as text: a whole number becomes a number; anything else is left for the validators to refuse. */
export const queryInteger = ({ value }: Input) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** `true` and `false` become booleans; anything else is left for the validators to refuse. */
export const queryBoolean = ({ value }: Input) => (value === 'true' ? true : value === 'false' ? false : value);
