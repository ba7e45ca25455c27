/** What one case's run remembers between its acts. */
export class CaseState {
  /** By the key of the act that created the enrollment. */
  readonly enrollments = new Map<string, EnrollmentState>();
  /** By the key of the act that gave the exercise. */
  readonly assignments = new Map<string, AssignmentBatch>();
  /** Commitment ids by the key of the act that made the version. */
  readonly commitments = new Map<string, string>();
  /** Boundary ids by the key of the act that proposed it. */
  readonly boundaries = new Map<string, string>();
  /** Breach ids by the key of the act that reported it. */
  readonly breaches = new Map<string, string>();
  /** Measurement ids by the key of the act that recorded it. */
  readonly measurements = new Map<string, string>();
}

export interface EnrollmentState {
  id: string;
  /** Its version now: each move sends it as If-Match. */
  version: number;
  /**
   * Moves an interrupted earlier run already made, to pass over. Every planned move changes the
   * enrollment and so adds one to its version: the version says how many were made.
   */
  alreadyMade: number;
}

export interface AssignmentBatch {
  /** Each recipient's assignment id, by client id. */
  byClient: Map<string, string>;
  /** An earlier run created it: its progress may be recorded already. */
  replayed: boolean;
}
