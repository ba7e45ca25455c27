import { CommitmentsRepository } from '../src/commitments/commitments.repository';
import { COMMITTER_OUTCOMES, occurrenceRecords, reliabilityOf, reliabilityOfCounts, reliabilityPeriods, RecordedOutcome } from '../src/commitments/rules/reliability';
import { allOccurrences, occurrenceSpan, Schedule, scheduleErrors, WEEKDAYS } from '../src/commitments/rules/schedule';
import { addDays } from '../src/common/calendar-date';
import { Random } from '../scripts/demo/random';
import { bearer, createClient, createCouple, signupOrganization } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The SQL that counts reliability against its reference, `reliabilityOf`, on random histories:
 * schedules of every kind, outcomes on days that are occurrences and on days that are not, partner
 * answers, archived commitments, and `today`/`since` anywhere around them.
 */
describe('reliability counted in SQL', () => {
  let t: TestApp;
  let repository: CommitmentsRepository;
  let organizationId: string;
  let recorderId: string;
  let couple: { id: string; a: string; b: string };
  let soloClientId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const org = await signupOrganization(t);
    organizationId = org.organizationId;
    recorderId = org.owner.id;
    couple = await createCouple(t, bearer(org.owner.token));
    soloClientId = (await createClient(t, bearer(org.owner.token))).id;
    repository = t.app.get(CommitmentsRepository);
  });
  afterAll(() => t.close());

  function randomSchedule(random: Random): Schedule {
    for (;;) {
      const startsOn = addDays('2025-06-01', random.int(0, 500));
      const end = random.chance(0.5) ? { endsOn: addDays(startsOn, random.int(0, 400)), count: null } : { endsOn: null, count: random.int(1, 120) };
      const kind = random.pick(['once', 'daily', 'weekly'] as const);
      const schedule: Schedule =
        kind === 'once'
          ? { kind, dueOn: startsOn }
          : kind === 'daily'
            ? { kind, startsOn, ...end }
            : { kind, startsOn, weekdays: WEEKDAYS.filter(() => random.chance(0.4)), ...end };
      if (scheduleErrors(schedule).length === 0) return schedule;
    }
  }

  async function history(random: Random, subject: { coupleId: string } | { clientId: string }, committers: string[]) {
    const records: Parameters<typeof reliabilityOf>[0][number][] = [];
    const commitments = random.int(1, 6);
    for (let i = 0; i < commitments; i++) {
      const schedule = randomSchedule(random);
      const span = occurrenceSpan(schedule);
      const committerId = random.pick(committers);
      const archived = random.chance(0.15);
      const id = await repository.insert({
        organizationId,
        coupleId: 'coupleId' in subject ? subject.coupleId : null,
        clientId: 'clientId' in subject ? subject.clientId : null,
        committerId,
        toWhom: 'coupleId' in subject ? 'partner' : 'self',
        description: 'Random history',
        stepKey: null,
        practiceKey: null,
        schedule,
        timeZone: 'UTC',
        firstOn: span.from,
        lastOn: span.to,
        previousId: null,
        supersededById: null,
        createdByType: 'user',
        createdById: recorderId,
        archivedAt: archived ? new Date() : null,
      });
      // Outcomes on most occurrences, and on a few days that are not occurrences (which never count).
      const dates = allOccurrences(schedule).filter(() => random.chance(0.8));
      for (let extra = random.int(0, 3); extra > 0; extra--) dates.push(addDays(span.from, random.int(-10, 40)));
      const outcomes = new Map<string, RecordedOutcome>();
      for (const date of new Set(dates)) {
        const report = random.chance(0.15) ? null : random.pick(COMMITTER_OUTCOMES);
        const partnerView = report && random.chance(0.5) ? random.pick(['confirmed', 'disputed'] as const) : null;
        outcomes.set(date, { report, partnerView });
        await t.dataSource.query(
          `INSERT INTO commitment_outcomes (organization_id, commitment_id, occurs_on, committer_outcome, committer_recorded_by_type, committer_recorded_by_id, committer_recorded_at,
                                            partner_answer, partner_recorded_by_type, partner_recorded_by_id, partner_recorded_at)
           VALUES ($1, $2, $3, $4, CASE WHEN $4::text IS NULL THEN NULL ELSE 'user' END, CASE WHEN $4::text IS NULL THEN NULL ELSE $5::uuid END, CASE WHEN $4::text IS NULL THEN NULL ELSE now() END,
                   $6, CASE WHEN $6::text IS NULL THEN NULL ELSE 'user' END, CASE WHEN $6::text IS NULL THEN NULL ELSE $5::uuid END, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END)`,
          [organizationId, id, date, report, recorderId, partnerView],
        );
      }
      if (!archived) records.push(...occurrenceRecords(committerId, schedule, outcomes, { from: '2000-01-01', to: '2999-12-31' }));
    }
    return records;
  }

  async function clear() {
    await t.dataSource.query('DELETE FROM commitment_outcomes WHERE organization_id = $1', [organizationId]);
    await t.dataSource.query('DELETE FROM commitments WHERE organization_id = $1', [organizationId]);
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('gives what the reference gives (history %i)', async (seed) => {
    const random = new Random(seed * 7919);
    await clear();
    const partners = [couple.a, couple.b];
    const coupleRecords = await history(random, { coupleId: couple.id }, partners);
    const soloRecords = await history(random, { clientId: soloClientId }, [soloClientId]);
    for (let probe = 0; probe < 4; probe++) {
      const today = addDays('2025-06-01', random.int(-30, 900));
      const since = addDays(today, -random.int(-10, 700));
      const periods = reliabilityPeriods(today, since);
      for (const [subject, records, committers] of [
        [{ coupleId: couple.id }, coupleRecords, partners],
        [{ clientId: soloClientId }, soloRecords, [soloClientId]],
      ] as const) {
        const buckets = await repository.reliabilityCounts(organizationId, subject, { counted: { from: since, to: today }, ...periods });
        expect(reliabilityOfCounts(buckets, committers, { today, since })).toEqual(reliabilityOf(records, committers, { today, since }));
      }
    }
  });

  it('counts nothing of another organization or subject', async () => {
    await clear();
    await history(new Random(99), { coupleId: couple.id }, [couple.a, couple.b]);
    const window = { from: '2000-01-01', to: '2999-12-31' };
    expect(await repository.reliabilityCounts(organizationId, { clientId: soloClientId }, { counted: window, last30Days: window, last90Days: window })).toEqual([]);
    const other = await signupOrganization(t, 'Elsewhere Clinic');
    expect(await repository.reliabilityCounts(other.organizationId, { coupleId: couple.id }, { counted: window, last30Days: window, last90Days: window })).toEqual([]);
    expect((await repository.reliabilityCounts(organizationId, { coupleId: couple.id }, { counted: window, last30Days: window, last90Days: window })).length).toBeGreaterThan(0);
  });
});
