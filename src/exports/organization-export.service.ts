import { Injectable } from '@nestjs/common';
import { AssignmentsService } from '../assignments/assignments.service';
import { Actor } from '../auth/actor';
import { BoundariesService } from '../boundaries/boundaries.service';
import { BoundaryBreachesService } from '../boundaries/boundary-breaches.service';
import { ClientsService } from '../clients/clients.service';
import { CommitmentsService } from '../commitments/commitments.service';
import type { Page } from '../common/pagination';
import { CouplesService } from '../couples/couples.service';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { ExercisesService } from '../exercises/exercises.service';
import { GroupsService } from '../groups/groups.service';
import { InstrumentsService } from '../instruments/instruments.service';
import { MeasurementsService } from '../measurements/measurements.service';
import { OrganizationService } from '../organizations/organization.service';
import { ProgramsService } from '../programs/programs.service';
import { SafetyScreeningsService } from '../screenings/safety-screenings.service';
import { SessionsService } from '../sessions/sessions.service';
import { StaffService } from '../staff/staff.service';
import { ExportRecordType } from './dto/organization-export.dto';
import { ExportTally, inChunks } from './export-tally';
import { pagesOf, WalkQuery } from './every-page';

/** How many records one query reads: a batch is all the export holds in memory. */
export const ORGANIZATION_BATCH_SIZE = 1_000;

type Read<T> = (query: WalkQuery) => Promise<Page<T>>;

/**
 * The organization's export as NDJSON text, a batch at a time: one line per record,
 * `{"type":"client","data":{...}}`, in the shape its own route answers with, then a trailer line
 * with the count of each type. Each batch is one keyset query through the owning feature's list
 * method (newest first by creation, so a record is read once even if it changes meanwhile), run on
 * its own: no transaction is held open between batches, and on the one-connection embedded
 * database other requests are answered between them. The consumer pulls: nothing is read ahead of
 * what the reply has sent.
 */
@Injectable()
export class OrganizationExportService {
  constructor(
    private readonly organization: OrganizationService,
    private readonly staff: StaffService,
    private readonly clients: ClientsService,
    private readonly couples: CouplesService,
    private readonly screenings: SafetyScreeningsService,
    private readonly programs: ProgramsService,
    private readonly enrollments: EnrollmentsService,
    private readonly groups: GroupsService,
    private readonly sessions: SessionsService,
    private readonly exercises: ExercisesService,
    private readonly assignments: AssignmentsService,
    private readonly commitments: CommitmentsService,
    private readonly boundaries: BoundariesService,
    private readonly breaches: BoundaryBreachesService,
    private readonly instruments: InstrumentsService,
    private readonly measurements: MeasurementsService,
  ) {}

  /** The export's text, in chunks of a few kilobytes. The actor sees the whole organization (an owner). */
  ndjson(actor: Actor, batchSize = ORGANIZATION_BATCH_SIZE): AsyncGenerator<string> {
    return inChunks(this.lines(actor, batchSize));
  }

  /** The export's lines, a batch at a time. */
  private async *lines(actor: Actor, batchSize: number): AsyncGenerator<string[]> {
    const tally = new ExportTally();
    const all = <T>(type: ExportRecordType, read: Read<T>, keep: (record: T) => boolean = () => true) =>
      this.batches(tally, type, read, batchSize, keep);
    const own = (record: { organizationId: string | null }) => record.organizationId === actor.organizationId;

    yield tally.lines('organization', [await this.organization.get(actor)]);
    yield* all('staff', (q) => this.staff.list(actor, q));
    yield* all('client', (q) => this.clients.list(actor, q));
    yield* all('couple', (q) => this.couples.list(actor, q));
    yield* all('safetyScreening', (q) => this.screenings.listOfOrganization(actor.organizationId, q));
    // Built-in programs, exercises and instruments are every organization's: only the organization's own are exported.
    yield* all('program', (q) => this.programs.list(actor, q), own);
    yield* all('exercise', (q) => this.exercises.list(actor, q), own);
    yield* all('instrument', (q) => this.instruments.list(actor, q), own);
    for await (const enrollments of this.records(tally, 'enrollment', (q) => this.enrollments.list(actor, q), batchSize)) {
      yield enrollments.text;
      for (const { id } of enrollments.records) yield* all('enrollmentEvent', (q) => this.enrollments.events(actor, id, q));
    }
    for await (const groups of this.records(tally, 'group', (q) => this.groups.list(actor, q), batchSize)) {
      yield groups.text;
      for (const { id } of groups.records) yield* all('groupMember', (q) => this.groups.members(actor, id, q));
    }
    yield* all('session', (q) => this.sessions.list(actor, q));
    yield* all('assignment', (q) => this.assignments.list(actor, q));
    for await (const commitments of this.records(tally, 'commitment', (q) => this.commitments.list(actor, q), batchSize)) {
      yield commitments.text;
      for (const { id } of commitments.records) {
        const occurrences = (await this.commitments.everyOccurrence(actor.organizationId, id)).filter((o) => o.committer || o.partner);
        if (occurrences.length > 0) yield tally.lines('commitmentOccurrence', occurrences);
      }
    }
    for await (const boundaries of this.records(tally, 'boundary', (q) => this.boundaries.list(actor, q), batchSize)) {
      yield boundaries.text;
      for (const { id } of boundaries.records) yield* all('boundaryBreach', (q) => this.breaches.list(actor, id, q));
    }
    yield* all('measurement', (q) => this.measurements.list(actor, { ...q, includeSuperseded: true }));
    yield [tally.trailer()];
  }

  private async *batches<T>(tally: ExportTally, type: ExportRecordType, read: Read<T>, batchSize: number, keep: (record: T) => boolean): AsyncGenerator<string[]> {
    for await (const page of pagesOf(read, batchSize)) {
      const kept = page.filter(keep);
      if (kept.length > 0) yield tally.lines(type, kept);
    }
  }

  /** The batches of a type whose records have records of their own, with the batch's lines. */
  private async *records<T>(tally: ExportTally, type: ExportRecordType, read: Read<T>, batchSize: number): AsyncGenerator<{ records: T[]; text: string[] }> {
    for await (const page of pagesOf(read, batchSize)) yield { records: page, text: tally.lines(type, page) };
  }
}
