import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { AssignmentDto } from '../../assignments/dto/assignment.dto';
import { BoundaryDto } from '../../boundaries/dto/boundary.dto';
import { BreachDto } from '../../boundaries/dto/breach.dto';
import { ClientDto } from '../../clients/dto/client.dto';
import { CommitmentDto } from '../../commitments/dto/commitment.dto';
import { OccurrenceDto } from '../../commitments/dto/occurrence.dto';
import { CoupleDto } from '../../couples/dto/couple.dto';
import { EnrollmentEventDto, EnrollmentEventSchema } from '../../enrollments/dto/enrollment-event.dto';
import { EnrollmentDto } from '../../enrollments/dto/enrollment.dto';
import { MeasurementDto } from '../../measurements/dto/measurement.dto';
import { SafetyScreeningDto } from '../../screenings/dto/safety-screening.dto';
import { SessionDto } from '../../sessions/dto/session.dto';

/** An enrollment and its whole timeline, oldest event first. */
@ApiExtraModels(EnrollmentEventSchema)
export class ExportedEnrollmentDto {
  enrollment!: EnrollmentDto;
  /** Every event of the enrollment's timeline, as `GET /v1/enrollments/{id}/events` gives them, oldest first. */
  @ApiProperty({ type: 'array', items: { $ref: getSchemaPath(EnrollmentEventSchema) } })
  timeline!: EnrollmentEventDto[];
}

/** A commitment (every version of it is its own commitment) and each of its occurrences, past and upcoming. */
export class ExportedCommitmentDto {
  commitment!: CommitmentDto;
  /** Every date it falls due, in order, with what each viewpoint recorded (null where nothing was). */
  occurrences!: OccurrenceDto[];
}

/** A boundary (its versions and standing agreements are on it) and its breaches, oldest first. */
export class ExportedBoundaryDto {
  boundary!: BoundaryDto;
  breaches!: BreachDto[];
}

/**
 * The sections both exports share. Every record is in the shape its own route answers with, archived
 * and superseded ones included; lists are oldest first.
 */
export abstract class SubjectExportSectionsDto {
  /** When the export was made. */
  exportedAt!: Date;
  /** Safety screenings of the client (of both partners, for a couple), oldest first. */
  screenings!: SafetyScreeningDto[];
  enrollments!: ExportedEnrollmentDto[];
  /**
   * The subject's own sessions (a client's individual sessions; a couple's joint sessions), with
   * their notes and addenda decrypted for a reader allowed to read them; for anyone else `note` is
   * null, `addenda` empty and `noteRedacted` true.
   */
  sessions!: SessionDto[];
  /** True when at least one session's note and addenda were left out because you may not read them (API keys never may). */
  notesLeftOut!: boolean;
  /** Exercises given to the subject (to a client: whatever their origin, a couple's or a group's included). */
  assignments!: AssignmentDto[];
  commitments!: ExportedCommitmentDto[];
  /** Measurements, corrected (superseded) ones included. */
  measurements!: MeasurementDto[];
}

/** Everything TrustPath holds about a couple, as one document: for a records request or a transfer of care. */
export class CoupleExportDto extends SubjectExportSectionsDto {
  @ApiProperty({ enum: ['couple'] })
  subjectType!: 'couple';
  /** The couple as `GET /v1/couples/{id}` gives it. */
  profile!: CoupleDto;
  /** Both partners' client records, partner A first. */
  partners!: ClientDto[];
  boundaries!: ExportedBoundaryDto[];
}

/** Everything TrustPath holds about a client's own work, as one document; a couple they belong to has its own export. */
export class ClientExportDto extends SubjectExportSectionsDto {
  @ApiProperty({ enum: ['client'] })
  subjectType!: 'client';
  /** The client as `GET /v1/clients/{id}` gives it. */
  profile!: ClientDto;
}
