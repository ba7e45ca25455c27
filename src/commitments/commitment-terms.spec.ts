import { keyErrors, recipientsFor, renegotiatedStartErrors, reportErrors, scheduleEndingOn } from './commitment-terms';
import { allOccurrences, type Schedule } from './rules/schedule';

describe('commitment terms', () => {
  it('lets a couple’s commitment go to the partner or the relationship, and a client’s only to themselves', () => {
    expect(recipientsFor('couple')).toEqual(['partner', 'relationship']);
    expect(recipientsFor('client')).toEqual(['self']);
  });

  it('needs a step key for a practice key', () => {
    expect(keyErrors(undefined, 'be-dependable')).toEqual([{ field: 'practiceKey', message: expect.any(String) }]);
    expect(keyErrors(null, null)).toEqual([]);
    expect(keyErrors('consistency-and-reliability', 'be-dependable')).toEqual([]);
  });

  it('asks a reason of an excuse and new terms of a renegotiation, and of no other outcome', () => {
    expect(reportErrors({ outcome: 'excused' }).map((e) => e.field)).toEqual(['reason']);
    expect(reportErrors({ outcome: 'kept', reason: 'x' }).map((e) => e.field)).toEqual(['reason']);
    expect(reportErrors({ outcome: 'renegotiated' }).map((e) => e.field)).toEqual(['renegotiated']);
    expect(reportErrors({ outcome: 'missed', renegotiated: {} }).map((e) => e.field)).toEqual(['renegotiated']);
    expect(reportErrors({ outcome: 'excused', reason: 'ill' })).toEqual([]);
  });

  it('starts new terms after the renegotiated date', () => {
    expect(renegotiatedStartErrors({ kind: 'once', dueOn: '2026-11-04' }, '2026-11-04')).toHaveLength(1);
    expect(renegotiatedStartErrors({ kind: 'weekly', weekdays: ['wed'], startsOn: '2026-11-01', count: 2 }, '2026-11-04')).toHaveLength(1);
    expect(renegotiatedStartErrors({ kind: 'daily', startsOn: '2026-11-05', count: 2 }, '2026-11-04')).toEqual([]);
  });

  it('ends a renegotiated schedule on the date, keeping every occurrence up to it', () => {
    const counted: Schedule = { kind: 'weekly', weekdays: ['mon', 'thu'], startsOn: '2026-10-01', endsOn: null, count: 10 };
    const ended = scheduleEndingOn(counted, '2026-10-12');
    expect(ended).toEqual({ kind: 'weekly', weekdays: ['mon', 'thu'], startsOn: '2026-10-01', endsOn: '2026-10-12', count: null });
    expect(allOccurrences(ended)).toEqual(allOccurrences(counted).filter((date) => date <= '2026-10-12'));
    const once: Schedule = { kind: 'once', dueOn: '2026-10-12' };
    expect(scheduleEndingOn(once, '2026-10-12')).toBe(once);
  });
});
