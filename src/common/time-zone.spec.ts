import { isFuture, isIanaTimeZone, localDate } from './time-zone';

const HOUR = 3_600_000;

describe('isIanaTimeZone', () => {
  it.each(['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Europe/Kyiv', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5', 'Asia/Kathmandu'])(
    'accepts %s',
    (zone) => expect(isIanaTimeZone(zone)).toBe(true),
  );

  it.each(['+01:00', '-05:00', 'UTC+3', 'Etc/GMT+15', 'Mars/Olympus', 'Europe/Berlin/', 'Europe//Berlin', '/Europe/Berlin', 'Local', '', ' Europe/Berlin', 'a'.repeat(65), 42, null, undefined])(
    'refuses %p',
    (zone) => expect(isIanaTimeZone(zone)).toBe(false),
  );
});

describe('localDate', () => {
  it.each([
    // New York springs forward at 2026-03-08 07:00Z: midnights before it are 05:00Z, after it 04:00Z.
    ['2026-03-08T04:59:59Z', 'America/New_York', '2026-03-07'],
    ['2026-03-08T05:00:00Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T03:59:59Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T04:00:00Z', 'America/New_York', '2026-03-09'],
    // ... and falls back at 2026-11-01 06:00Z.
    ['2026-11-01T06:00:00Z', 'America/New_York', '2026-11-01'],
    ['2026-11-02T04:59:59Z', 'America/New_York', '2026-11-01'],
    ['2026-11-02T05:00:00Z', 'America/New_York', '2026-11-02'],
    // Berlin springs forward at 2026-03-29 01:00Z and falls back at 2026-10-25 01:00Z.
    ['2026-03-28T22:59:59Z', 'Europe/Berlin', '2026-03-28'],
    ['2026-03-28T23:00:00Z', 'Europe/Berlin', '2026-03-29'],
    ['2026-03-29T21:59:59Z', 'Europe/Berlin', '2026-03-29'],
    ['2026-03-29T22:00:00Z', 'Europe/Berlin', '2026-03-30'],
    ['2026-10-24T22:00:00Z', 'Europe/Berlin', '2026-10-25'],
    ['2026-10-25T22:59:59Z', 'Europe/Berlin', '2026-10-25'],
    ['2026-10-25T23:00:00Z', 'Europe/Berlin', '2026-10-26'],
    // Zones far from UTC, a half-hour offset, and the day Samoa skipped.
    ['2026-03-08T10:00:00Z', 'Pacific/Kiritimati', '2026-03-09'],
    ['2026-03-08T10:00:00Z', 'Pacific/Pago_Pago', '2026-03-07'],
    ['2026-03-08T18:29:59Z', 'Asia/Kolkata', '2026-03-08'],
    ['2026-03-08T18:30:00Z', 'Asia/Kolkata', '2026-03-09'],
    ['2011-12-30T09:59:59Z', 'Pacific/Apia', '2011-12-29'],
    ['2011-12-30T10:00:00Z', 'Pacific/Apia', '2011-12-31'],
    ['2024-02-29T12:00:00Z', 'UTC', '2024-02-29'],
  ])('%s is %s in %s', (instant, zone, date) => expect(localDate(new Date(instant), zone)).toBe(date));

  it('changes date exactly at local midnight, hour by hour through both Berlin changes', () => {
    // Berlin is UTC+1, and UTC+2 from 2026-03-29 01:00Z until 2026-10-25 01:00Z.
    const offsetHours = (t: number) => (t >= Date.parse('2026-03-29T01:00:00Z') && t < Date.parse('2026-10-25T01:00:00Z') ? 2 : 1);
    for (const start of ['2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z']) {
      for (let t = Date.parse(start); t < Date.parse(start) + 96 * HOUR; t += HOUR) {
        const expected = new Date(t + offsetHours(t) * HOUR).toISOString().slice(0, 10);
        expect(localDate(new Date(t), 'Europe/Berlin')).toBe(expected);
      }
    }
  });

  it('refuses an invalid instant and an unknown zone', () => {
    expect(() => localDate(new Date('not a date'), 'UTC')).toThrow(RangeError);
    expect(() => localDate(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('isFuture', () => {
  it('is after today in the zone: today and earlier are not', () => {
    const now = new Date('2026-03-09T03:30:00Z'); // 23:30 on 2026-03-08 in New York (EDT), 04:30 on 03-09 in Berlin
    expect(isFuture('2026-03-08', now, 'America/New_York')).toBe(false);
    expect(isFuture('2026-03-09', now, 'America/New_York')).toBe(true);
    expect(isFuture('2026-03-09', now, 'Europe/Berlin')).toBe(false);
    expect(isFuture('2026-03-10', now, 'Europe/Berlin')).toBe(true);
    expect(isFuture('2025-12-31', now, 'America/New_York')).toBe(false);
  });

  it('follows the local date, not the UTC one, right after a Berlin midnight', () => {
    const now = new Date('2026-03-28T23:30:00Z'); // 00:30 on 2026-03-29 in Berlin
    expect(isFuture('2026-03-29', now, 'Europe/Berlin')).toBe(false);
    expect(isFuture('2026-03-29', now, 'UTC')).toBe(true);
  });
});
