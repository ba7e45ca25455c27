import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { Page } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { ItemDefinition, ScoringDefinition } from './built-in/instrument-definition';
import { CreateInstrumentDto, InstrumentDto, ListInstrumentsQueryDto, toInstrumentDto } from './dto/instrument.dto';
import { Instrument } from './instrument.entity';
import { InstrumentsRepository } from './instruments.repository';
import { instrumentStructureErrors } from './rules/instrument-structure';
import { scoreRange } from './rules/scoring';

/**
 * Instruments: the built-in ones and an organization's own, as immutable versions, like programs.
 * Everyone who may read clinical content reads them; they hold no client data.
 */
@Injectable()
export class InstrumentsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly instruments: InstrumentsRepository,
  ) {}

  /** The built-in instruments and the organization's own, every version, newest first. */
  async list(actor: Actor, query: ListInstrumentsQueryDto): Promise<Page<InstrumentDto>> {
    const page = await this.instruments.page(actor.organizationId, { key: query.key }, query);
    return { data: page.data.map(toInstrumentDto), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<InstrumentDto> {
    await this.access.require(actor, Resource.Instrument, [id]);
    return toInstrumentDto(await this.find(actor.organizationId, id));
  }

  /** An instrument version the organization may use (its own or a built-in). */
  async find(organizationId: string, id: string): Promise<Instrument> {
    const instrument = await this.instruments.findUsable(organizationId, id);
    if (!instrument) throw DomainError.notFound('Instrument');
    return instrument;
  }

  /** The instrument versions among `ids` the organization may use, in no particular order. */
  findAll(organizationId: string, ids: string[]): Promise<Instrument[]> {
    return this.instruments.findAllUsable(organizationId, ids);
  }

  async create(actor: Actor, dto: CreateInstrumentDto): Promise<InstrumentDto> {
    const items: ItemDefinition[] = dto.items.map((item) => ({
      id: item.id,
      text: item.text,
      min: item.min,
      max: item.max,
      anchors: (item.anchors ?? []).map((anchor) => ({ value: anchor.value, label: anchor.label })),
      reverseScored: item.reverseScored ?? false,
    }));
    const scoring: ScoringDefinition = { method: dto.scoring.method, multiplier: dto.scoring.multiplier ?? 1 };
    const cutOffs = (dto.cutOffs ?? []).map((c) => ({ value: c.value, direction: c.direction, meaning: c.meaning }));
    const reliableChange = dto.reliableChange ? { threshold: dto.reliableChange.threshold, source: dto.reliableChange.source } : null;
    const errors = instrumentStructureErrors({ items, scoring, cutOffs, reliableChange });
    if (errors.length > 0) throw DomainError.validation(errors);
    const range = scoreRange(items, scoring);
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      await this.instruments.lockKey(organizationId, dto.key);
      if (await this.instruments.isBuiltInKey(dto.key)) {
        throw new DomainError(ErrorCode.InstrumentKeyReserved, `"${dto.key}" is the key of a built-in instrument; choose another key.`, {
          errors: [{ field: 'key', message: 'is the key of a built-in instrument' }],
        });
      }
      let instrument: Instrument;
      try {
        instrument = await this.instruments.insertNextVersion({
          organizationId,
          key: dto.key,
          title: dto.title,
          description: dto.description ?? '',
          items,
          scoring,
          scoreMin: range.min,
          scoreMax: range.max,
          betterDirection: dto.betterDirection,
          cutOffs,
          reliableChange,
          citation: dto.citation ?? null,
          licence: dto.licence ?? '',
          cadenceDays: dto.cadenceDays ?? null,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'instruments_org_key_version_key')) {
          throw new DomainError(ErrorCode.Conflict, 'Another version of this instrument was created at the same moment; send it again.');
        }
        throw error;
      }
      return toInstrumentDto(await this.find(organizationId, instrument.id));
    });
  }
}
