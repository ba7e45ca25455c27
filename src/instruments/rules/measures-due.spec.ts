import { measureDue } from './measures-due';

const at = (iso: string) => new Date(iso);
const now = at('2031-03-15T12:00:00Z');
const started = at('2031-03-01T09:00:00Z');

describe('measureDue', () => {
  it('is never due without a cadence or without an open enrollment', () => {
    expect(measureDue({ cadenceDays: null, enrollmentStartedAt: started, lastAnsweredAt: null, now })).toBeNull();
    expect(measureDue({ cadenceDays: 7, enrollmentStartedAt: null, lastAnsweredAt: null, now })).toBeNull();
  });

  it('is due from the enrollment’s start when never answered, or answered only before it started', () => {
    expect(measureDue({ cadenceDays: 7, enrollmentStartedAt: started, lastAnsweredAt: null, now })).toEqual({ dueSince: started, lastAnsweredAt: null });
    const before = at('2031-02-28T10:00:00Z');
    expect(measureDue({ cadenceDays: 28, enrollmentStartedAt: started, lastAnsweredAt: before, now })).toEqual({ dueSince: started, lastAnsweredAt: before });
  });

  it('is due once the last answer is as old as the cadence, that moment included', () => {
    const last = at('2031-03-08T12:00:00Z');
    expect(measureDue({ cadenceDays: 7, enrollmentStartedAt: started, lastAnsweredAt: last, now })).toEqual({ dueSince: now, lastAnsweredAt: last });
    const earlier = at('2031-03-02T08:00:00Z');
    expect(measureDue({ cadenceDays: 7, enrollmentStartedAt: started, lastAnsweredAt: earlier, now })).toEqual({
      dueSince: at('2031-03-09T08:00:00Z'),
      lastAnsweredAt: earlier,
    });
  });

  it('is not due while the last answer is younger than the cadence', () => {
    expect(measureDue({ cadenceDays: 7, enrollmentStartedAt: started, lastAnsweredAt: at('2031-03-08T12:00:01Z'), now })).toBeNull();
    expect(measureDue({ cadenceDays: 28, enrollmentStartedAt: started, lastAnsweredAt: at('2031-03-02T00:00:00Z'), now })).toBeNull();
  });

  it('is not due before an enrollment that starts later', () => {
    expect(measureDue({ cadenceDays: 7, enrollmentStartedAt: at('2031-04-01T00:00:00Z'), lastAnsweredAt: null, now })).toBeNull();
  });
});
