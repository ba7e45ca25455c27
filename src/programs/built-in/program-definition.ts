/**
 * The shape of a program as content: the built-in one is written in this shape, and programs that
 * organizations add are to be checked against it. Keys are the stable identifiers used in routes and
 * progress records; titles and texts are what people read.
 */
export interface ProgramDefinition {
  /** Kebab-case, unique among an organization's programs. */
  readonly key: string;
  /** Versions are immutable: changing any step or practice means a new version. */
  readonly version: number;
  readonly title: string;
  readonly description: string;
  /** In order; `position` runs from 1 without gaps. */
  readonly steps: readonly StepDefinition[];
}

export interface StepDefinition {
  /** Kebab-case, unique within the program. */
  readonly key: string;
  /** 1-based order within the program. */
  readonly position: number;
  readonly title: string;
  readonly summary: string;
  readonly practices: readonly PracticeDefinition[];
}

export interface PracticeDefinition {
  /** Kebab-case, unique within the whole program, so a practice is addressable without its step. */
  readonly key: string;
  readonly title: string;
  readonly description: string;
}
