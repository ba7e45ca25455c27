import { Readable } from 'node:stream';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditWriter, auditEventOf } from '../audit/audit.writer';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IdParam } from '../http/id-param';
import { ExportRecordLineDto, ExportTrailerLineDto } from './dto/organization-export.dto';
import { ClientExportDto, CoupleExportDto } from './dto/subject-export.dto';
import { OrganizationExportService } from './organization-export.service';
import { SubjectExportsService } from './subject-exports.service';

const NDJSON = 'application/x-ndjson';

/** How much text the reply buffers before the export reads its next batch. */
const STREAM_HIGH_WATER_MARK = 64 * 1024;

const SUBJECT_DESCRIPTION =
  'Every record in the shape its own route gives, archived ones included. Session notes and addenda are decrypted for those who may read them ' +
  '(as on `GET /v1/sessions/{id}`); for anyone else they are left out and `notesLeftOut` says so. Recorded in the audit trail.';

@ApiTags('Exports')
@ApiExtraModels(ExportRecordLineDto, ExportTrailerLineDto)
@Controller()
export class ExportsController {
  constructor(
    private readonly subjects: SubjectExportsService,
    private readonly organization: OrganizationExportService,
    private readonly audit: AuditWriter,
  ) {}

  @Get('couples/:id/export')
  @Authorize(Permission.CouplesRead)
  @ApiOperation({ summary: 'Everything about a couple as one document: partners, screenings, enrollments, sessions, exercises, commitments, boundaries, measures', description: SUBJECT_DESCRIPTION })
  @ApiOkResponse({ type: CoupleExportDto })
  exportCouple(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<CoupleExportDto> {
    return this.subjects.ofCouple(actor, id);
  }

  @Get('clients/:id/export')
  @Authorize(Permission.ClientsRead)
  @ApiOperation({ summary: 'Everything about a client’s own work as one document: screenings, enrollments, sessions, exercises, commitments, measures', description: SUBJECT_DESCRIPTION })
  @ApiOkResponse({ type: ClientExportDto })
  exportClient(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ClientExportDto> {
    return this.subjects.ofClient(actor, id);
  }

  @Get('exports/organization')
  @Authorize(Permission.OrganizationExport)
  @ApiOperation({
    summary: 'Every record of the organization as a stream of JSON lines, ending with a count of each type (owners only)',
    description:
      'One line per record, `{"type":"client","data":{...}}`, then a last line `{"type":"trailer","data":{"counts":{...},"total":n}}`: an export without it was cut short. ' +
      'Records are read in batches, each consistent in itself; a record changed during the export is written as it was when its batch was read, and one created meanwhile may be missing: ' +
      'follow `GET /v1/changes` from the moment the export started to catch up. Session notes are included, decrypted. See docs/exports.md.',
  })
  @ApiProduces(NDJSON)
  @ApiOkResponse({
    description: 'Newline-delimited JSON: record lines, then the trailer line.',
    content: { [NDJSON]: { schema: { oneOf: [{ $ref: getSchemaPath(ExportRecordLineDto) }, { $ref: getSchemaPath(ExportTrailerLineDto) }] } } },
  })
  exportOrganization(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Readable {
    reply.header('content-type', `${NDJSON}; charset=utf-8`);
    // Fastify's onResponse hooks, which audit a request, run when a response finishes: one the
    // reader cut short never does, and is audited here instead.
    let finished = false;
    reply.raw.once('finish', () => (finished = true));
    reply.raw.once('close', () => {
      const event = finished ? null : auditEventOf(request, reply.statusCode);
      if (event) this.audit.record(event);
    });
    return Readable.from(this.organization.ndjson(actor), { objectMode: false, highWaterMark: STREAM_HIGH_WATER_MARK });
  }
}
