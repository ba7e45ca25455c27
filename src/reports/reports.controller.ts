import { applyDecorators, Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IdParam } from '../http/id-param';
import { negotiate } from '../http/negotiate';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { ReportDto, ReportQueryDto } from './dto/report.dto';
import { renderReportPdf } from './report-pdf';
import { ReportsService } from './reports.service';

const MEDIA_TYPES = ['application/json', 'application/pdf'] as const;

const DESCRIPTION =
  'JSON by default; `Accept: application/pdf` gives the same report as a PDF to file in the chart. ' +
  'It holds figures, step titles and setback reasons: no session-note text, exercise responses or personal notes. ' +
  'Days are counted in the organization’s time zone.';

/** A report route: its permission, its two media types and its documentation. */
const ReportRoute = (summary: string) =>
  applyDecorators(
    Authorize(Permission.ReportsRead),
    ApiOperation({ summary, description: DESCRIPTION }),
    ApiProduces(...MEDIA_TYPES),
    ApiOkResponse({
      description: 'The report, as JSON or as a PDF.',
      content: {
        'application/json': { schema: { $ref: getSchemaPath(ReportDto) } },
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
      },
    }),
    ApiProblems(406),
  );

@ApiTags('Reports')
@ApiExtraModels(ReportDto)
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('couples/:id/report')
  @ReportRoute('A couple’s progress report over a period: program, sessions, exercises, commitments, boundaries, measures')
  async getCoupleReport(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: ReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportDto | Buffer> {
    const type = negotiate(accept, MEDIA_TYPES);
    return this.answer(actor, await this.reports.ofCouple(actor, id, query), type, reply);
  }

  @Get('clients/:id/report')
  @ReportRoute('A client’s progress report over a period: program, sessions, exercises, commitments, measures')
  async getClientReport(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: ReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportDto | Buffer> {
    const type = negotiate(accept, MEDIA_TYPES);
    return this.answer(actor, await this.reports.ofClient(actor, id, query), type, reply);
  }

  private async answer(actor: Actor, report: ReportDto, type: (typeof MEDIA_TYPES)[number], reply: FastifyReply): Promise<ReportDto | Buffer> {
    reply.header('vary', 'Accept');
    if (type === 'application/json') return report;
    const filename = `trustpath-report-${report.period.from}-${report.period.to}.pdf`;
    reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`);
    return renderReportPdf(report, await this.reports.charts(actor.organizationId, report));
  }
}
