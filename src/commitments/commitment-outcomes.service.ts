import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { RequestActor } from '../auth/actor';
import { canonicalJson } from '../common/canonical-json';
import { localDate } from '../common/time-zone';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { CommitmentOutcome } from './commitment-outcome.entity';
import { Commitment } from './commitment.entity';
import { renegotiatedStartErrors, reportErrors, scheduleEndingOn } from './commitment-terms';
import { CommitmentsRepository } from './commitments.repository';
import { CommitmentsService } from './commitments.service';
import { CommitterReportInputDto, OccurrenceDto, PartnerAnswerInputDto, RecordOutcomeDto, toOccurrenceDto } from './dto/occurrence.dto';
import { normalizedSchedule } from './dto/schedule.dto';
import { outcomeDateRefusal, Schedule, scheduleErrors } from './rules/schedule';

/**
 * The outcome of one occurrence, from two viewpoints stored apart: the committer's report (kept,
 * missed, excused with a reason, renegotiated with new terms) and the other partner's answer to it
 * (confirmed or disputed: a disagreement is data, not an error). Recording the same thing again
 * changes nothing; recording something else overwrites it, and the timeline keeps each recording.
 */
@Injectable()
export class CommitmentOutcomesService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: CommitmentsRepository,
    private readonly commitments: CommitmentsService,
  ) {}

  async record(actor: RequestActor, id: string, date: string, dto: RecordOutcomeDto): Promise<OccurrenceDto> {
    if (dto.viewpoint === 'committer') {
      const errors = reportErrors(dto);
      if (dto.renegotiated) errors.push(...scheduleErrors(dto.renegotiated.schedule as Schedule, 'renegotiated.schedule'));
      if (errors.length > 0) throw DomainError.validation(errors);
    }
    await this.access.require(actor, Resource.Commitment, [id]);
    return this.db.run(async () => {
      let commitment = await this.repository.lock(actor.organizationId, id);
      checkRecordable(commitment, date);
      const key = { organizationId: actor.organizationId, commitmentId: id, occursOn: date };
      const existing = await this.repository.findOutcome(actor.organizationId, id, date);
      const changed =
        dto.viewpoint === 'committer' ? await this.report(actor, commitment, existing, date, dto) : await this.answer(actor, commitment, existing, date, dto);
      if (changed) commitment = await this.repository.touch({ resource: 'Commitment', organizationId: actor.organizationId, id });
      const today = localDate(new Date(), commitment.timeZone);
      const outcome = await this.repository.findOutcome(key.organizationId, id, date);
      return toOccurrenceDto(commitment, date, today, await this.commitments.otherPartnerOf(commitment), outcome);
    });
  }

  /** Records the committer's report; false when it repeats the stored one. */
  private async report(actor: RequestActor, commitment: Commitment, existing: CommitmentOutcome | null, date: string, dto: CommitterReportInputDto): Promise<boolean> {
    const reason = dto.reason ?? null;
    if (existing?.committerOutcome === dto.outcome && existing.committerReason === reason) {
      if (dto.outcome !== 'renegotiated' || (await this.repeatsRenegotiation(commitment, dto))) return false;
    }
    if (commitment.supersededById && (dto.outcome === 'renegotiated' || existing?.committerOutcome === 'renegotiated')) {
      throw new DomainError(
        ErrorCode.CommitmentSuperseded,
        'The commitment was renegotiated into a new version: the renegotiated report is final and the commitment can’t be renegotiated again. Change the new version.',
        { extensions: { supersededById: commitment.supersededById } },
      );
    }
    const newCommitmentId = dto.renegotiated ? await this.renegotiate(actor, commitment, date, dto) : null;
    const key = { organizationId: actor.organizationId, commitmentId: commitment.id, occursOn: date };
    await this.repository.putReport(key, { outcome: dto.outcome, reason }, { type: actor.kind, id: actor.id });
    await this.commitments.onTimeline(actor, commitment, 'commitment_outcome_reported', {
      commitmentId: commitment.id,
      date,
      committerId: commitment.committerId,
      outcome: dto.outcome,
      previousOutcome: existing?.committerOutcome ?? null,
      answerCleared: existing?.partnerAnswer != null && existing.committerOutcome !== dto.outcome,
      newCommitmentId,
    });
    return true;
  }

  /**
   * The new terms become a new version, made now in the old one's time zone; the old one's
   * schedule ends on the renegotiated date and names its successor. Reports on later dates would
   * fall outside the shortened schedule, so they refuse the renegotiation.
   */
  private async renegotiate(actor: RequestActor, commitment: Commitment, date: string, dto: CommitterReportInputDto): Promise<string> {
    const terms = dto.renegotiated!;
    const errors = renegotiatedStartErrors(terms.schedule as Schedule, date);
    if (errors.length > 0) throw DomainError.validation(errors);
    if (await this.repository.hasReportsAfter(actor.organizationId, commitment.id, date)) {
      throw new DomainError(ErrorCode.ReportsAfterRenegotiation, `Reports are recorded for occurrences after ${date}: renegotiate at the last reported occurrence or later.`);
    }
    const newId = await this.commitments.insert(actor, {
      coupleId: commitment.coupleId,
      clientId: commitment.clientId,
      committerId: commitment.committerId,
      toWhom: commitment.toWhom,
      description: terms.description ?? commitment.description,
      stepKey: commitment.stepKey,
      practiceKey: commitment.practiceKey,
      schedule: normalizedSchedule(terms.schedule),
      timeZone: commitment.timeZone,
      previousId: commitment.id,
    });
    await this.repository.update(
      { resource: 'Commitment', organizationId: actor.organizationId, id: commitment.id },
      { schedule: scheduleEndingOn(commitment.schedule, date), lastOn: date, supersededById: newId },
    );
    return newId;
  }

  /** Whether a renegotiation names the terms its new version already has: a retry, which changes nothing. */
  private async repeatsRenegotiation(commitment: Commitment, dto: CommitterReportInputDto): Promise<boolean> {
    if (!commitment.supersededById || !dto.renegotiated) return false;
    const successor = await this.commitments.find(commitment.organizationId, commitment.supersededById);
    return (
      canonicalJson(successor.schedule) === canonicalJson(normalizedSchedule(dto.renegotiated.schedule)) &&
      successor.description === (dto.renegotiated.description ?? commitment.description)
    );
  }

  /** Records the other partner's answer to the report; false when it repeats the stored one. */
  private async answer(actor: RequestActor, commitment: Commitment, existing: CommitmentOutcome | null, date: string, dto: PartnerAnswerInputDto): Promise<boolean> {
    if (!commitment.coupleId) {
      throw new DomainError(ErrorCode.NoPartnerViewpoint, 'This is a client’s commitment to themselves: there is no other partner to confirm or dispute it.');
    }
    if (!existing?.committerOutcome) {
      throw new DomainError(ErrorCode.OutcomeNotReported, `No report is recorded for ${date} yet: record the committer’s report first, then the partner’s answer to it.`);
    }
    const note = dto.note ?? null;
    if (existing.partnerAnswer === dto.answer && existing.partnerNote === note) return false;
    const key = { organizationId: actor.organizationId, commitmentId: commitment.id, occursOn: date };
    await this.repository.putAnswer(key, { answer: dto.answer, note }, { type: actor.kind, id: actor.id });
    await this.commitments.onTimeline(actor, commitment, 'commitment_outcome_answered', {
      commitmentId: commitment.id,
      date,
      partnerId: await this.commitments.otherPartnerOf(commitment),
      answer: dto.answer,
      previousAnswer: existing.partnerAnswer,
    });
    return true;
  }
}

/** An outcome is recorded for an occurrence of a commitment that is not archived, on the day or later. */
function checkRecordable(commitment: Commitment, date: string): void {
  if (commitment.archivedAt) throw new DomainError(ErrorCode.CommitmentArchived, 'The commitment is archived: restore it before recording outcomes.');
  const refusal = outcomeDateRefusal(commitment.schedule, date, new Date(), commitment.timeZone);
  if (refusal === 'NOT_AN_OCCURRENCE') throw DomainError.notFound('Occurrence');
  if (refusal === 'IN_THE_FUTURE') {
    throw new DomainError(
      ErrorCode.OccurrenceInTheFuture,
      `${date} is after today (${localDate(new Date(), commitment.timeZone)} in ${commitment.timeZone}): record its outcome on the day or later.`,
    );
  }
}
