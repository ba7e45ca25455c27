import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { Page, paginate } from '../common/pagination';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { StepDefinition } from './built-in/program-definition';
import { CreateProgramDto, ListProgramsQueryDto, ProgramDto } from './dto/program.dto';
import { programStructureErrors } from './program-rules';
import { Program } from './program.entity';
import { Transactions } from '../database/transactions';

export const PROGRAMS = Resource.Program;
// The built-in programs (organization_id NULL) are every organization's; another organization's are not.
/** An arbitrary constant naming "next version of a program key" among PostgreSQL advisory locks. */
const PROGRAM_VERSION_LOCK = 74_217_002;

export function toProgramDto(program: Program): ProgramDto {
  return {
    id: program.id,
    organizationId: program.organizationId,
    builtIn: program.organizationId === null,
    key: program.key,
    programVersion: program.programVersion,
    title: program.title,
    description: program.description,
    steps: program.steps.map((step) => ({
      key: step.key,
      position: step.position,
      title: step.title,
      summary: step.summary,
      practices: step.practices.map((practice) => ({ key: practice.key, title: practice.title, description: practice.description })),
    })),
    createdAt: program.createdAt,
    updatedAt: program.updatedAt,
    version: program.version,
  };
}

@Injectable()
export class ProgramsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly access: AccessService,
  ) {}

  /**
   * The built-in programs and the organization's own, newest first (by the shared keyset order of
   * creation). A built-in row was created by the migration, so it sorts after the organization's
   * programs: that is the order of creation, and it keeps one pagination implementation.
   */
  async list(actor: Actor, query: ListProgramsQueryDto): Promise<Page<ProgramDto>> {
    const qb = this.dataSource
      .getRepository(Program)
      .createQueryBuilder('program')
      .where('(program.organizationId = :organizationId OR program.organizationId IS NULL)', { organizationId: actor.organizationId });
    if (query.key) qb.andWhere('program.key = :key', { key: query.key });
    const page = await paginate(qb, query);
    return { data: page.data.map(toProgramDto), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ProgramDto> {
    await this.access.require(actor, PROGRAMS, [id]);
    return toProgramDto(await this.find(actor.organizationId, id));
  }

  /** A program version the organization may use (its own or a built-in), inside the caller's transaction. */
  async find(organizationId: string, id: string): Promise<Program> {
    const manager = this.db.manager;
    const program = await manager
      .createQueryBuilder(Program, 'program')
      .where('program.id = :id', { id })
      .andWhere('(program.organizationId = :organizationId OR program.organizationId IS NULL)', { organizationId })
      .getOne();
    if (!program) throw DomainError.notFound('Program');
    return program;
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
    return this.db.run(async () => {
      const manager = this.db.manager;
      // Two requests for the same key take turns here, so each reads the version the other wrote.
      // The unique index on (organization_id, key, program_version) is the backstop.
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PROGRAM_VERSION_LOCK, `${actor.organizationId}/${dto.key}`]);
      const [builtIn] = await manager.query('SELECT 1 FROM programs WHERE organization_id IS NULL AND key = $1 LIMIT 1', [dto.key]);
      if (builtIn) {
        throw new DomainError(ErrorCode.ProgramKeyReserved, `"${dto.key}" is the key of a built-in program; choose another key.`, {
          errors: [{ field: 'key', message: 'is the key of a built-in program' }],
        });
      }
      const [{ next }] = await manager.query(
        'SELECT COALESCE(MAX(program_version), 0) + 1 AS next FROM programs WHERE organization_id = $1 AND key = $2',
        [actor.organizationId, dto.key],
      );
      let program: Program;
      try {
        program = await manager.save(
          manager.create(Program, {
            organizationId: actor.organizationId,
            key: dto.key,
            programVersion: Number(next),
            title: dto.title,
            description: dto.description ?? '',
            steps,
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error, 'programs_org_key_version_key')) {
          throw new DomainError(ErrorCode.Conflict, 'Another version of this program was created at the same moment; send it again.');
        }
        throw error;
      }
      return toProgramDto(await this.find(actor.organizationId, program.id));
    });
  }
}
