/** Every migration in order; new ones are appended. */
export const MIGRATIONS: Function[] = [];
