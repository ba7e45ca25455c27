import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IdParam } from '../http/id-param';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { trendChartSvg } from '../reports/trend-chart';
import { MeasureTrendsDto, MeasureTrendsQueryDto } from './dto/measure-trends.dto';
import { MeasureSubject, MeasureTrendsService } from './measure-trends.service';

const TRENDS =
  'Each respondent’s current (not superseded) answers to one instrument version: the series, baseline (first answer), ' +
  'previous and latest, the change from baseline and whether it reaches the instrument’s reliable-change threshold, and ' +
  'crossings of its cut-offs. Days are counted in the organization’s time zone.';
const CHART =
  'An SVG chart of the same series: a line per respondent (distinct colour, dash and marker shape), the range a cut-off ' +
  'flags shaded, step changes and setbacks of the enrollment as markers, with an accessible title and description. ' +
  'The days shown are `from` to `to`, or the first answer (else the last 12 weeks) to today.';
const SVG_RESPONSE = { description: 'The chart.', content: { 'image/svg+xml': { schema: { type: 'string' as const } } } };

@ApiTags('Measurements')
@Controller()
export class MeasureTrendsController {
  constructor(private readonly trends: MeasureTrendsService) {}

  @Get('couples/:id/measures')
  @Authorize(Permission.MeasurementsRead)
  @ApiOperation({ summary: 'How both partners’ answers to an instrument move over time, and the gap between them', description: `${TRENDS} Partners’ answers are paired within \`pairWithinDays\` to give the gap.` })
  @ApiOkResponse({ type: MeasureTrendsDto })
  @ApiProblems(404)
  getCoupleMeasures(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: MeasureTrendsQueryDto): Promise<MeasureTrendsDto> {
    return this.trends.get(actor, { coupleId: id }, query);
  }

  @Get('clients/:id/measures')
  @Authorize(Permission.MeasurementsRead)
  @ApiOperation({ summary: 'How a client’s own answers to an instrument move over time (individual work)', description: TRENDS })
  @ApiOkResponse({ type: MeasureTrendsDto })
  @ApiProblems(404)
  getClientMeasures(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: MeasureTrendsQueryDto): Promise<MeasureTrendsDto> {
    return this.trends.get(actor, { clientId: id }, query);
  }

  @Get('couples/:id/measures/chart.svg')
  @Authorize(Permission.MeasurementsRead)
  @ApiOperation({ summary: 'The partners’ trend of an instrument as an SVG chart', description: CHART })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse(SVG_RESPONSE)
  @ApiProblems(404)
  getCoupleMeasuresChart(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: MeasureTrendsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.svg(actor, { coupleId: id }, query, reply);
  }

  @Get('clients/:id/measures/chart.svg')
  @Authorize(Permission.MeasurementsRead)
  @ApiOperation({ summary: 'A client’s trend of an instrument as an SVG chart', description: CHART })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse(SVG_RESPONSE)
  @ApiProblems(404)
  getClientMeasuresChart(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: MeasureTrendsQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return this.svg(actor, { clientId: id }, query, reply);
  }

  private async svg(actor: Actor, subject: MeasureSubject, query: MeasureTrendsQueryDto, reply: FastifyReply): Promise<string> {
    const svg = trendChartSvg(await this.trends.chart(actor, subject, query));
    reply.header('content-type', 'image/svg+xml; charset=utf-8');
    return svg;
  }
}
