import { Identity1795692123638 } from './1795692123638-Identity';

/** Every migration in order; new ones are appended. */
export const MIGRATIONS: Function[] = [Identity1795692123638];
