import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Subject, subjectColumn } from '../common/subject';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { ClientsRepository } from '../clients/clients.repository';
import { addDays } from '../common/calendar-date';
import { localDate } from '../common/time-zone';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { EnrollmentEventsRepository } from '../enrollments/enrollment-events.repository';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { DomainError, FieldError } from '../errors/domain-error';
import { InstrumentsRepository } from '../instruments/instruments.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { displayName } from '../clients/display-name';
import { TrendChartInput, TrendMarker } from '../reports/trend-chart';
import {
  DEFAULT_PAIR_WINDOW_DAYS,
  MeasureTrendsDto,
  MeasureTrendsQueryDto,
  toPartnerGapDto,
  toRespondentTrendDto,
  toTrendInstrumentDto,
} from './dto/measure-trends.dto';
import { MeasurementsRepository } from './measurements.repository';
import { pairAnswers, summarizeTrend, TrendPoint } from './rules/trend';

export type MeasureSubject = Subject;

/** What a chart shows when the series has no start of its own: the last 12 weeks. */
const CHART_DEFAULT_DAYS = 84;

/**
 * Measures over time: each respondent's series of one instrument, baseline, previous and latest,
 * change from baseline and whether it is reliable, cut-off crossings, and for a couple the gap
 * between partners' paired answers. The rows are chosen and ranked in SQL (a few hundred at most
 * for years of weekly answers); the pure rules summarise them. Who may read them: whoever may read
 * the couple or client; facilitators lack the permission.
 */
@Injectable()
export class MeasureTrendsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly measurements: MeasurementsRepository,
    private readonly instruments: InstrumentsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly couples: CouplesRepository,
    private readonly clients: ClientsRepository,
    private readonly enrollments: EnrollmentsService,
    private readonly events: EnrollmentEventsRepository,
  ) {}

  async get(actor: Actor, subject: MeasureSubject, query: MeasureTrendsQueryDto): Promise<MeasureTrendsDto> {
    await this.requireSubject(actor, subject);
    return this.db.run(() => this.trends(actor.organizationId, subject, query));
  }

  /** What the trend chart draws: the partners' lines, the cut-off band, the enrollment's step changes and setbacks. */
  async chart(actor: Actor, subject: MeasureSubject, query: MeasureTrendsQueryDto): Promise<TrendChartInput> {
    await this.requireSubject(actor, subject);
    return this.db.run(async () => this.chartInput(actor.organizationId, subject, await this.trends(actor.organizationId, subject, query)));
  }

  /** The trends of one instrument for a subject the caller may read (the report calls this too). */
  async trends(organizationId: string, subject: MeasureSubject, query: MeasureTrendsQueryDto): Promise<MeasureTrendsDto> {
    const instrument = isUUID(query.instrument, 'all')
      ? await this.instruments.findUsable(organizationId, query.instrument)
      : await this.instruments.findLatestUsable(organizationId, query.instrument);
    if (!instrument) throw DomainError.notFound('Instrument');
    const timeZone = await this.organizations.timeZoneOf(organizationId);
    const today = localDate(new Date(), timeZone);
    const to = query.to ?? today;
    const from = query.from ?? null;
    const errors: FieldError[] = [];
    if (to > today) errors.push({ field: 'to', message: `must not be after today (${today} in the organization's time zone)` });
    if (from !== null && from > to) errors.push({ field: 'from', message: 'must not be after to' });
    if (errors.length > 0) throw DomainError.validation(errors);

    const respondentIds = 'coupleId' in subject ? await this.couples.partnerIds(organizationId, subject.coupleId) : [subject.clientId];
    const rows = await this.measurements.trendRows(organizationId, subject, instrument.id, { from, to }, timeZone);
    const threshold = instrument.reliableChange?.threshold ?? null;
    const series = new Map<string, TrendPoint[]>();
    const respondents = respondentIds.map((clientId) => {
      const own = rows.filter((row) => row.respondentId === clientId);
      const points = own.filter((row) => row.inWindow).map((row) => row.point);
      series.set(clientId, points);
      const summary = summarizeTrend(points, {
        baseline: own.find((row) => row.isBaseline)?.point ?? null,
        before: own.find((row) => row.isBefore)?.point ?? null,
        cutOffs: instrument.cutOffs,
        threshold,
        better: instrument.betterDirection,
      });
      return toRespondentTrendDto(clientId, points, summary);
    });
    const pairWithinDays = query.pairWithinDays ?? DEFAULT_PAIR_WINDOW_DAYS;
    const gaps = 'coupleId' in subject ? pairAnswers(series.get(respondentIds[0])!, series.get(respondentIds[1])!, pairWithinDays).map(toPartnerGapDto) : [];
    return { instrument: toTrendInstrumentDto(instrument), timeZone, from, to, pairWithinDays, respondents, gaps };
  }

  /** The chart of trends already read: names, the days shown, and the enrollment's step changes and setbacks among them. */
  async chartInput(organizationId: string, subject: MeasureSubject, trends: MeasureTrendsDto): Promise<TrendChartInput> {
    const people = await this.clients.findByIds(organizationId, trends.respondents.map((r) => r.clientId));
    const nameOf = (id: string) => displayName(people.find((p) => p.id === id)!);
    const firstDay = trends.respondents.flatMap((r) => r.points.map((p) => p.day)).sort()[0];
    const from = trends.from ?? (firstDay && firstDay < trends.to ? firstDay : addDays(trends.to, -(CHART_DEFAULT_DAYS - 1)));
    const enrollment = await this.enrollments.currentOf(organizationId, subject);
    const moves = enrollment ? await this.events.stepEventsBetween(organizationId, enrollment.id, ['step_started', 'step_completed', 'setback'], { from, to: trends.to }, trends.timeZone) : [];
    const stepName = (key: string) => {
      const step = enrollment?.steps.find((s) => s.key === key);
      return step ? `Step ${step.position}` : key;
    };
    const markers: TrendMarker[] = moves.map((move) => ({
      date: localDate(move.occurredAt, trends.timeZone),
      kind: move.type === 'setback' ? 'setback' : 'step',
      label: move.type === 'setback' ? `Setback at ${stepName(move.stepKey).toLowerCase()}` : `${stepName(move.stepKey)} ${move.type === 'step_started' ? 'started' : 'completed'}`,
    }));
    return {
      title: `${trends.instrument.title}: ${trends.respondents.map((r) => nameOf(r.clientId)).join(' and ')}`,
      min: trends.instrument.scoreRange.min,
      max: trends.instrument.scoreRange.max,
      cutOffs: trends.instrument.cutOffs,
      from,
      to: trends.to,
      series: trends.respondents.map((r) => ({ name: nameOf(r.clientId), points: r.points.map((p) => ({ date: p.day, score: p.score })) })),
      markers,
    };
  }

  private async requireSubject(actor: Actor, subject: MeasureSubject): Promise<void> {
    await this.access.require(actor, 'coupleId' in subject ? Resource.Couple : Resource.Client, [subjectColumn(subject).id]);
  }
}
