import { isoTimestampSql } from '../src/database/exact-timestamp';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Reads hand on the text PostgreSQL makes of a timestamptz instead of parsing a Date and
 * serialising it again: the text must be exactly what `toISOString()` of the parsed Date was.
 */
describe('ISO 8601 text from PostgreSQL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is byte for byte what the pg driver and toISOString() give, milliseconds truncated alike', async () => {
    const instants = [
      '2024-05-01 10:00:00+00',
      '2024-05-01 10:00:00.123456+00',
      '2024-05-01 10:00:00.999999+00',
      '2024-05-01 10:00:00.0005+00',
      '2024-12-31 23:59:59.9995+00',
      '2024-02-29 12:00:00.5+05:30',
      '1999-12-31 23:59:59.001-08:00',
      '2038-01-19 03:14:07.999+00',
    ];
    const random = Array.from({ length: 200 }, (_, i) => {
      const ms = Date.UTC(2000, 0, 1) + Math.floor(Math.random() * 1e12);
      return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}+0${i % 10}`;
    });
    const rows: { at: Date; text: string }[] = await t.dataSource.query(
      `SELECT v.at, ${isoTimestampSql('v.at')} AS text FROM unnest($1::timestamptz[]) AS v(at)`,
      [[...instants, ...random]],
    );
    expect(rows).toHaveLength(instants.length + random.length);
    for (const row of rows) expect(row.text).toBe(row.at.toISOString());
  });

  it('leaves NULL as null', async () => {
    const [row] = await t.dataSource.query(`SELECT ${isoTimestampSql('NULL::timestamptz')} AS text`);
    expect(row.text).toBeNull();
  });
});
