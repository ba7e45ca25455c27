import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { Page } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { StepDefinition } from './built-in/program-definition';
import { CreateProgramDto, ListProgramsQueryDto, ProgramDto, toProgramDto } from './dto/program.dto';
import { programStructureErrors } from './program-rules';
import { Program } from './program.entity';
import { ProgramsRepository } from './programs.repository';

/** How many program versions the process keeps; a clinic uses a handful, the cap only bounds memory. */
const CACHED_VERSIONS = 1000;

/** Whether the organization may use the program version: its own, or a built-in one. */
const usableBy = (organizationId: string, program: Program) => program.organizationId === null || program.organizationId === organizationId;

@Injectable()
export class ProgramsService {
  /**
   * Program versions by id. A version never changes once written (a change is a new version), so
   * every enrollment read after the first takes its program from here instead of the database.
   */
  private readonly versions = new Map<string, Program>();

  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly programs: ProgramsRepository,
  ) {}

  /**
   * The built-in programs and the organization's own, newest first (by the shared keyset order of
   * creation). A built-in row was created by the migration, so it sorts after the organization's
   * programs: that is the order of creation, and it keeps one pagination implementation.
   */
  async list(actor: Actor, query: ListProgramsQueryDto): Promise<Page<ProgramDto>> {
    const page = await this.programs.page(actor.organizationId, { key: query.key }, query);
    return { data: page.data.map(toProgramDto), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ProgramDto> {
    await this.access.require(actor, Resource.Program, [id]);
    return toProgramDto(await this.find(actor.organizationId, id));
  }

  /** A program version the organization may use (its own or a built-in), inside the caller's transaction. */
  async find(organizationId: string, id: string): Promise<Program> {
    const [program] = await this.findAll(organizationId, [id]);
    if (!program) throw DomainError.notFound('Program');
    return program;
  }

  /** The program versions among `ids` the organization may use, in no particular order. */
  async findAll(organizationId: string, ids: string[]): Promise<Program[]> {
    const cached = ids.map((id) => this.versions.get(id)).filter((program) => program !== undefined);
    const missing = ids.filter((id) => !this.versions.has(id));
    const read = missing.length > 0 ? await this.programs.findAllUsable(organizationId, missing) : [];
    for (const program of read) {
      if (this.versions.size >= CACHED_VERSIONS) this.versions.delete(this.versions.keys().next().value!);
      this.versions.set(program.id, program);
    }
    return [...cached.filter((program) => usableBy(organizationId, program)), ...read];
  }

  async create(actor: Actor, dto: CreateProgramDto): Promise<ProgramDto> {
    const errors = programStructureErrors(dto.steps);
    if (errors.length > 0) throw DomainError.validation(errors);
    const steps: StepDefinition[] = dto.steps.map((step, i) => ({
      key: step.key,
      position: i + 1,
      title: step.title,
      summary: step.summary ?? '',
      practices: step.practices.map((practice) => ({ key: practice.key, title: practice.title, description: practice.description ?? '' })),
    }));
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      await this.programs.lockKey(organizationId, dto.key);
      if (await this.programs.isBuiltInKey(dto.key)) {
        throw new DomainError(ErrorCode.ProgramKeyReserved, `"${dto.key}" is the key of a built-in program; choose another key.`, {
          errors: [{ field: 'key', message: 'is the key of a built-in program' }],
        });
      }
      let program: Program;
      try {
        program = await this.programs.insertNextVersion({ organizationId, key: dto.key, title: dto.title, description: dto.description ?? '', steps });
      } catch (error) {
        if (isUniqueViolation(error, 'programs_org_key_version_key')) {
          throw new DomainError(ErrorCode.Conflict, 'Another version of this program was created at the same moment; send it again.');
        }
        throw error;
      }
      return toProgramDto(await this.find(organizationId, program.id));
    });
  }
}
