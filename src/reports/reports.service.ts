import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { AssignmentsRepository } from '../assignments/assignments.repository';
import { BoundariesRepository } from '../boundaries/boundaries.repository';
import { ClientsRepository } from '../clients/clients.repository';
import { addDays, DateWindow, daysBetween } from '../common/calendar-date';
import type { Subject } from '../common/subject';
import { localDate } from '../common/time-zone';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { EnrollmentEventsRepository } from '../enrollments/enrollment-events.repository';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { DomainError, FieldError } from '../errors/domain-error';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { ProgramsRepository } from '../programs/programs.repository';
import { toCommitterReliabilityDto } from '../reliability/dto/reliability.dto';
import { ReliabilityService } from '../reliability/reliability.service';
import { MeasurementsRepository } from '../measurements/measurements.repository';
import { MeasureTrendsService } from '../measurements/measure-trends.service';
import { TrendChartInput } from './trend-chart';
import { SessionsRepository } from '../sessions/sessions.repository';
import { DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS, ReportDto, ReportEnrollmentDto, ReportQueryDto } from './dto/report.dto';


/**
 * The progress report: everything a clinician files in the chart about a couple or a client over a
 * period, read from the modules that own it, in one transaction so that its figures agree. It is
 * made of figures, titles and reasons for setbacks; it holds no note text, no exercise response and
 * no breach or outcome note. Who may read it: whoever may read the subject; facilitators lack the
 * permission.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly organizations: OrganizationsRepository,
    private readonly couples: CouplesRepository,
    private readonly clients: ClientsRepository,
    private readonly enrollments: EnrollmentsService,
    private readonly events: EnrollmentEventsRepository,
    private readonly sessions: SessionsRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly boundaries: BoundariesRepository,
    private readonly reliability: ReliabilityService,
    private readonly measurements: MeasurementsRepository,
    private readonly trends: MeasureTrendsService,
    private readonly programs: ProgramsRepository,
  ) {}

  /** The trend charts of a report just made, one per instrument, for its PDF. */
  charts(organizationId: string, report: ReportDto): Promise<TrendChartInput[]> {
    const subject = report.subject.type === 'couple' ? { coupleId: report.subject.id } : { clientId: report.subject.id };
    return this.db.run(async () => {
      const charts: TrendChartInput[] = [];
      for (const trends of report.measures) charts.push(await this.trends.chartInput(organizationId, subject, trends));
      return charts;
    });
  }

  async ofCouple(actor: Actor, coupleId: string, query: ReportQueryDto): Promise<ReportDto> {
    await this.access.require(actor, Resource.Couple, [coupleId]);
    return this.report(actor.organizationId, { coupleId }, query);
  }

  async ofClient(actor: Actor, clientId: string, query: ReportQueryDto): Promise<ReportDto> {
    await this.access.require(actor, Resource.Client, [clientId]);
    return this.report(actor.organizationId, { clientId }, query);
  }

  private report(organizationId: string, subject: Subject, query: ReportQueryDto): Promise<ReportDto> {
    return this.db.run(async () => {
      const organization = await this.organizations.findOrFail(organizationId);
      const timeZone = organization.timeZone;
      const period = periodOf(query, localDate(new Date(), timeZone));
      const peopleIds = 'coupleId' in subject ? await this.couples.partnerIds(organizationId, subject.coupleId) : [subject.clientId];
      const people = await this.clients.findByIds(organizationId, peopleIds);
      const enrollment = await this.enrollments.currentOf(organizationId, subject);
      const setbacks = enrollment
        ? (await this.events.stepEventsBetween(organizationId, enrollment.id, ['setback'], period, timeZone)).map(({ stepKey, occurredAt, reason }) => ({ stepKey, occurredAt, reason: reason ?? '' }))
        : [];
      const sessions = await this.sessions.countsByStatus(organizationId, subject, period, timeZone);
      const assignments = await this.assignments.countsBetween(organizationId, subject, period, timeZone);
      const reliability = await this.reliability.reliability(organizationId, subject, { since: period.from, asOf: period.to }, peopleIds);
      return {
        generatedAt: new Date(),
        organization: { id: organization.id, name: organization.name, timeZone },
        subject: {
          type: 'coupleId' in subject ? 'couple' : 'client',
          id: 'coupleId' in subject ? subject.coupleId : subject.clientId,
          people: peopleIds.map((id) => {
            const person = people.find((p) => p.id === id)!;
            return { id, firstName: person.firstName, lastName: person.lastName, preferredName: person.preferredName };
          }),
        },
        period,
        enrollment: enrollment && toReportEnrollment(enrollment, (await this.programs.findAllUsable(organizationId, [enrollment.programId]))[0].title, setbacks),
        sessions: { attended: sessions.completed, missed: sessions.no_show, cancelled: sessions.cancelled, scheduled: sessions.scheduled },
        assignments,
        reliability: reliability.map((committer) => {
          const { clientId, sinceStart, weekly } = toCommitterReliabilityDto(committer);
          return { clientId, period: sinceStart, weekly };
        }),
        boundaries: 'coupleId' in subject ? await this.boundariesOf(organizationId, subject.coupleId, period, timeZone) : [],
        measures: await this.measuresOf(organizationId, subject, period, timeZone),
      };
    });
  }

  private async measuresOf(organizationId: string, subject: Subject, period: DateWindow, timeZone: string) {
    const measures = [];
    for (const instrument of await this.measurements.instrumentsMeasured(organizationId, subject, period, timeZone)) {
      measures.push(await this.trends.trends(organizationId, subject, { instrument, from: period.from, to: period.to }));
    }
    return measures;
  }

  private async boundariesOf(organizationId: string, coupleId: string, period: DateWindow, timeZone: string) {
    const boundaries = (await this.boundaries.listQuery({ organizationId, coupleId }).orderBy('b.createdAt', 'ASC').addOrderBy('b.id', 'ASC').getMany()).filter(
      (b) => b.archivedAt === null,
    );
    const breaches = await this.boundaries.breachesOfCouple(organizationId, coupleId, period, timeZone);
    return boundaries.map((b) => ({
      id: b.id,
      text: b.text,
      status: b.status,
      currentVersion: b.currentVersion,
      breaches: breaches
        .filter((x) => x.boundaryId === b.id)
        .map(({ breachedBy, occurredAt, severity, acknowledged }) => ({ breachedBy, occurredAt, severity: severity as 'minor' | 'major', acknowledged })),
    }));
  }
}

/** The report's period: `to` today unless given (never later), `from` 89 days before `to` unless given, at most 731 days long. */
export function periodOf(query: ReportQueryDto, today: string): DateWindow {
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -(DEFAULT_REPORT_DAYS - 1));
  const errors: FieldError[] = [];
  if (to > today) errors.push({ field: 'to', message: `must not be after today (${today} in the organization's time zone)` });
  if (from > to) errors.push({ field: 'from', message: 'must not be after to' });
  else if (daysBetween(from, to) + 1 > MAX_REPORT_DAYS) errors.push({ field: 'to', message: `must be at most ${MAX_REPORT_DAYS - 1} days after from` });
  if (errors.length > 0) throw DomainError.validation(errors);
  return { from, to };
}

function toReportEnrollment(
  enrollment: Awaited<ReturnType<EnrollmentsService['currentOf']>> & object,
  programTitle: string,
  setbacks: ReportEnrollmentDto['setbacksInPeriod'],
): ReportEnrollmentDto {
  return {
    id: enrollment.id,
    programKey: enrollment.programKey,
    programTitle,
    programVersion: enrollment.programVersion,
    status: enrollment.status,
    startedAt: enrollment.startedAt,
    completedAt: enrollment.completedAt,
    currentStepKey: enrollment.currentStepKey,
    completedSteps: enrollment.progress.completedSteps,
    totalSteps: enrollment.progress.totalSteps,
    steps: enrollment.steps.map(({ key, position, title, status, startedAt, completedAt, setbacks: count }) => ({
      key,
      position,
      title,
      status,
      startedAt,
      completedAt,
      setbacks: count,
    })),
    setbacksInPeriod: setbacks,
  };
}
