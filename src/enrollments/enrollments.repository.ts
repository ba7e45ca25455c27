import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { enrollmentInCaseloadSql } from '../access/caseload';
import { IfMatch, lockVersioned, touchVersionedAs, updateVersionedAs, WrittenRowShape } from '../common/concurrency';
import { keysetPage, Page, PageQueryDto } from '../common/pagination';
import { isoTimestampSql } from '../database/exact-timestamp';
import { SqlParameters } from '../database/sql-parameters';
import { Transactions } from '../database/transactions';
import { EnrollmentPracticeTick } from './enrollment-practice-tick.entity';
import { EnrollmentStep } from './enrollment-step.entity';
import { Enrollment, EnrollmentStatus } from './enrollment.entity';
import type { EnrollmentSubject } from './enrollment-timeline';
import type { StepMove } from './step-transitions';

/** Open enrollments: at most one per subject and program key (the migration's partial unique indexes). */
const OPEN_STATUSES: EnrollmentStatus[] = ['active', 'paused'];

export interface EnrollmentFilter {
  /** Only the enrollments of this practitioner's caseload. */
  caseloadOf?: string;
  coupleId?: string;
  clientId?: string;
  status?: EnrollmentStatus;
  programId?: string;
  programKey?: string;
}

export interface NewEnrollment {
  organizationId: string;
  programId: string;
  programKey: string;
  programVersion: number;
  coupleId: string | null;
  clientId: string | null;
}

/** The row of the practice a tick is for, and the viewpoints it is about. */
export interface TickTarget {
  organizationId: string;
  enrollmentId: string;
  stepKey: string;
  practiceKey: string;
  clientIds: string[];
}

/** An enrollment as reads hand it on, with its steps' states and its ticks: instants are ISO 8601 text. */
export interface EnrollmentRow {
  id: string;
  organizationId: string;
  programId: string;
  programKey: string;
  programVersion: number;
  coupleId: string | null;
  clientId: string | null;
  status: EnrollmentStatus;
  startedAt: string;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  steps: { stepKey: string; status: EnrollmentStep['status']; startedAt: string | null; completedAt: string | null; setbacks: number }[];
  /** In the order they were made. */
  ticks: { stepKey: string; practiceKey: string; clientId: string; tickedAt: string; tickedByType: EnrollmentPracticeTick['tickedByType']; tickedById: string | null }[];
}

/** The select list of an enrollment row from `e`, without its steps and ticks. */
function enrollmentColumns(e: string): string {
  return `${e}.id, ${e}.organization_id AS "organizationId", ${e}.program_id AS "programId", ${e}.program_key AS "programKey",
          ${e}.program_version AS "programVersion", ${e}.couple_id AS "coupleId", ${e}.client_id AS "clientId", ${e}.status,
          ${isoTimestampSql(`${e}.started_at`)} AS "startedAt", ${isoTimestampSql(`${e}.completed_at`)} AS "completedAt",
          ${isoTimestampSql(`${e}.created_at`)} AS "createdAt", ${isoTimestampSql(`${e}.updated_at`)} AS "updatedAt", ${e}.version`;
}

/** The JSON array of the `enrollment_steps` rows `s` aggregates, as a response's steps are read. */
function stepsJsonSql(s: string): string {
  return `coalesce(json_agg(json_build_object('stepKey', ${s}.step_key, 'status', ${s}.status, 'startedAt', ${isoTimestampSql(`${s}.started_at`)},
                                              'completedAt', ${isoTimestampSql(`${s}.completed_at`)}, 'setbacks', ${s}.setbacks)), '[]'::json)`;
}

/** The steps and ticks of the enrollment rows `row` (whose columns are an `EnrollmentRow`'s names), for those rows only. */
const CHILDREN = {
  columns: 'st.steps, tk.ticks',
  joins: (row: string) => `LEFT JOIN LATERAL (
       SELECT ${stepsJsonSql('s')} AS steps
         FROM enrollment_steps s WHERE s.organization_id = ${row}."organizationId" AND s.enrollment_id = ${row}.id) st ON true
     LEFT JOIN LATERAL (
       SELECT coalesce(json_agg(json_build_object('stepKey', t.step_key, 'practiceKey', t.practice_key, 'clientId', t.client_id,
                                                  'tickedAt', ${isoTimestampSql('t.ticked_at')}, 'tickedByType', t.ticked_by_type, 'tickedById', t.ticked_by_id)
                                ORDER BY t.ticked_at, t.client_id), '[]'::json) AS ticks
         FROM enrollment_practice_ticks t WHERE t.organization_id = ${row}."organizationId" AND t.enrollment_id = ${row}.id) tk ON true`,
};

/** A written enrollment answered as `findWithChildren` reads it: its steps and ticks, as earlier statements of the transaction left them. */
const WRITTEN_ENROLLMENT: WrittenRowShape = { columns: enrollmentColumns, children: () => CHILDREN };

const subjectWhere = (subject: EnrollmentSubject) => ('coupleId' in subject ? { coupleId: subject.coupleId } : { clientId: subject.clientId });

/** The SQL of `enrollments`, their `enrollment_steps` and `enrollment_practice_ticks`. */
@Injectable()
export class EnrollmentsRepository {
  constructor(private readonly db: Transactions) {}

  /** One page of enrollments with their steps and ticks, in one statement. */
  page(organizationId: string, filter: EnrollmentFilter, query: PageQueryDto): Promise<Page<EnrollmentRow>> {
    const p = new SqlParameters();
    const org = p.add(organizationId);
    const where = [`e.organization_id = ${org}`];
    if (filter.caseloadOf) where.push(enrollmentInCaseloadSql('e', org, p.add(filter.caseloadOf)));
    if (filter.coupleId) where.push(`e.couple_id = ${p.add(filter.coupleId)}`);
    if (filter.clientId) where.push(`e.client_id = ${p.add(filter.clientId)}`);
    if (filter.status) where.push(`e.status = ${p.add(filter.status)}`);
    if (filter.programId) where.push(`e.program_id = ${p.add(filter.programId)}`);
    if (filter.programKey) where.push(`e.program_key = ${p.add(filter.programKey)}`);
    return keysetPage<EnrollmentRow>(
      {
        columns: enrollmentColumns('e'),
        from: 'enrollments e',
        where,
        parameters: p,
        created: 'e.created_at',
        updated: 'e.updated_at',
        id: 'e.id',
        children: CHILDREN,
      },
      query,
      (sql, parameters) => this.db.manager.query(sql, parameters),
    );
  }

  /**
   * The enrollment with its steps and ticks, in one statement; `reach` (from the access rules, with
   * `$3` for the user id) narrows it to a caseload. Null when missing or out of reach.
   */
  async findWithChildren(organizationId: string, id: string, reach?: { sql: string; userId: string }): Promise<EnrollmentRow | null> {
    const rows: EnrollmentRow[] = await this.db.manager.query(
      `SELECT page.*, ${CHILDREN.columns}
         FROM (SELECT ${enrollmentColumns('e')} FROM enrollments e WHERE e.organization_id = $1 AND e.id = $2${reach ? ` AND ${reach.sql}` : ''}) page
         ${CHILDREN.joins('page')}`,
      reach ? [organizationId, id, reach.userId] : [organizationId, id],
    );
    return rows[0] ?? null;
  }

  /** The enrollment row locked until the transaction ends; 404 when missing, 412 when If-Match names another version. */
  lock(organizationId: string, id: string, ifMatch?: IfMatch): Promise<Enrollment> {
    return lockVersioned(this.db.manager, Enrollment, { resource: 'Enrollment', organizationId, id, ifMatch });
  }

  /** The subject's open (active or paused) enrollments, oldest first; one program key's only when given. */
  findOpen(organizationId: string, subject: EnrollmentSubject, programKey?: string): Promise<Enrollment[]> {
    return this.db.manager.find(Enrollment, {
      where: { organizationId, ...subjectWhere(subject), status: In(OPEN_STATUSES), ...(programKey !== undefined ? { programKey } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** The subject's most recently started enrollment, whatever its status; null when it has none. */
  latestOf(organizationId: string, subject: EnrollmentSubject): Promise<Enrollment | null> {
    return this.db.manager.findOne(Enrollment, { where: { organizationId, ...subjectWhere(subject) }, order: { startedAt: 'DESC', id: 'DESC' } });
  }

  /** Inserts an active enrollment; a second open one for the subject and program key violates an open-enrollment index. */
  insert(enrollment: NewEnrollment): Promise<Enrollment> {
    const manager = this.db.manager;
    return manager.save(manager.create(Enrollment, { ...enrollment, status: 'active', completedAt: null }));
  }

  /** Sets the status (a completion records when), with a new version; answers the enrollment with its steps and ticks from the UPDATE's own statement. */
  async setStatus(organizationId: string, id: string, status: EnrollmentStatus): Promise<EnrollmentRow> {
    const written = await updateVersionedAs<Enrollment, EnrollmentRow>(
      this.db.manager,
      Enrollment,
      { resource: 'Enrollment', organizationId, id },
      { status, ...(status === 'completed' ? { completedAt: () => 'now()' } : {}) },
      WRITTEN_ENROLLMENT,
    );
    return written ?? this.reread(organizationId, id);
  }

  /**
   * A new version and updatedAt without other changes (a change of steps or ticks is a change of the
   * enrollment); answers the enrollment with its steps and ticks, as this transaction left them, from
   * the UPDATE's own statement.
   */
  touch(organizationId: string, id: string): Promise<EnrollmentRow> {
    return touchVersionedAs<Enrollment, EnrollmentRow>(this.db.manager, Enrollment, { resource: 'Enrollment', organizationId, id }, WRITTEN_ENROLLMENT);
  }

  /** The enrollment a write left as it was (it exists: the write locked it). */
  async reread(organizationId: string, id: string): Promise<EnrollmentRow> {
    const enrollment = await this.findWithChildren(organizationId, id);
    if (!enrollment) throw new Error(`enrollment ${id} vanished under its lock`);
    return enrollment;
  }

  /**
   * A not-started row for every step of the program, for the enrollment this transaction inserted;
   * answers the new enrollment as `findWithChildren` reads it (its steps those written, no ticks
   * yet), from the INSERT's own statement.
   */
  async insertSteps(organizationId: string, enrollmentId: string, stepKeys: string[]): Promise<EnrollmentRow> {
    const [row]: EnrollmentRow[] = await this.db.manager.query(
      `WITH written AS (
         INSERT INTO enrollment_steps (organization_id, enrollment_id, step_key, status)
         SELECT $1::uuid, $2::uuid, k.step_key, 'not_started' FROM unnest($3::text[]) AS k(step_key)
         RETURNING *)
       SELECT page.*, (SELECT ${stepsJsonSql('w')} FROM written w) AS steps, '[]'::json AS ticks
         FROM (SELECT ${enrollmentColumns('e')} FROM enrollments e WHERE e.organization_id = $1 AND e.id = $2) page`,
      [organizationId, enrollmentId, stepKeys],
    );
    if (!row) throw new Error(`enrollment ${enrollmentId} is not there to have steps`);
    return row;
  }

  findStep(organizationId: string, enrollmentId: string, stepKey: string): Promise<EnrollmentStep> {
    return this.db.manager.findOneByOrFail(EnrollmentStep, { organizationId, enrollmentId, stepKey });
  }

  stepsOf(organizationId: string, enrollmentIds: string[]): Promise<EnrollmentStep[]> {
    return this.db.manager.findBy(EnrollmentStep, { organizationId, enrollmentId: In(enrollmentIds) });
  }

  /** Records a step move: a start keeps the first startedAt, a setback clears completedAt and counts itself. */
  async moveStep(organizationId: string, enrollmentId: string, stepKey: string, move: StepMove): Promise<void> {
    const changes =
      move === 'step_started'
        ? { status: 'in_progress' as const, startedAt: () => 'COALESCE(started_at, now())' }
        : move === 'step_completed'
          ? { status: 'completed' as const, completedAt: () => 'now()' }
          : { status: 'in_progress' as const, completedAt: null, setbacks: () => 'setbacks + 1' };
    await this.db.manager.update(EnrollmentStep, { organizationId, enrollmentId, stepKey }, changes);
  }

  /** The ticks of these enrollments, in the order they were made. */
  ticksOf(organizationId: string, enrollmentIds: string[]): Promise<EnrollmentPracticeTick[]> {
    return this.db.manager.find(EnrollmentPracticeTick, {
      where: { organizationId, enrollmentId: In(enrollmentIds) },
      order: { tickedAt: 'ASC', clientId: 'ASC' },
    });
  }

  /** Ticks the practice for each viewpoint not yet ticked; returns the viewpoints that were. */
  async insertTicks(target: TickTarget, by: { type: 'user' | 'apiKey'; id: string }): Promise<string[]> {
    const rows: { client_id: string }[] = await this.db.manager.query(
      `INSERT INTO enrollment_practice_ticks (organization_id, enrollment_id, step_key, practice_key, client_id, ticked_by_type, ticked_by_id)
       SELECT $1, $2, $3, $4, partner, $6, $7 FROM unnest($5::uuid[]) AS partner
       ON CONFLICT DO NOTHING RETURNING client_id`,
      [target.organizationId, target.enrollmentId, target.stepKey, target.practiceKey, target.clientIds, by.type, by.id],
    );
    return rows.map((row) => row.client_id);
  }

  /** Unticks the practice for each viewpoint; returns the viewpoints that had a tick. */
  async deleteTicks(target: TickTarget): Promise<string[]> {
    const { raw } = await this.db.manager
      .createQueryBuilder()
      .delete()
      .from(EnrollmentPracticeTick)
      .where({
        organizationId: target.organizationId,
        enrollmentId: target.enrollmentId,
        stepKey: target.stepKey,
        practiceKey: target.practiceKey,
        clientId: In(target.clientIds),
      })
      .returning('client_id')
      .execute();
    return (raw as { client_id: string }[]).map((row) => row.client_id);
  }
}
