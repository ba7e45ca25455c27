const DAY_MS = 86_400_000;

export interface MeasureDueInput {
  /** Days between answers; null: the instrument is never due by itself. */
  cadenceDays: number | null;
  /** When the client's earliest open enrollment (their own or their couple's) started; null: none open. */
  enrollmentStartedAt: Date | null;
  /** The client's latest non-superseded answer to any version of the instrument; null: none. */
  lastAnsweredAt: Date | null;
  now: Date;
}

export interface MeasureDue {
  /** Since when it has been due: the enrollment's start, or the last answer plus the cadence. */
  dueSince: Date;
  lastAnsweredAt: Date | null;
}

/**
 * Whether a client should answer an instrument now. Only an instrument with a cadence, and only
 * for a client with an open enrollment: due from the enrollment's start when they have not answered
 * since it started, else once their last answer is `cadenceDays` old (that moment included).
 * Null when it is not due.
 */
export function measureDue({ cadenceDays, enrollmentStartedAt, lastAnsweredAt, now }: MeasureDueInput): MeasureDue | null {
  if (cadenceDays === null || enrollmentStartedAt === null) return null;
  if (lastAnsweredAt === null || lastAnsweredAt < enrollmentStartedAt) {
    return enrollmentStartedAt <= now ? { dueSince: enrollmentStartedAt, lastAnsweredAt } : null;
  }
  const dueSince = new Date(lastAnsweredAt.getTime() + cadenceDays * DAY_MS);
  return dueSince <= now ? { dueSince, lastAnsweredAt } : null;
}
