import { OmitType, PartialType, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { CareTeamMemberDto } from '../../care-teams/dto/care-team.dto';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { CLIENT_STATUSES, ClientStatus } from '../client.entity';
import type { ClientRow } from '../clients.repository';
import { trim, trimEach } from '../../http/transforms';
import { Optional } from '../../http/optional';
import { OptionalText } from '../../http/text-field';

@ValidatorConstraint({ name: 'pastDate' })
class PastDate implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && value >= '1900-01-01' && date.getTime() <= Date.now();
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a date (YYYY-MM-DD) between 1900-01-01 and today`;
  }
}

const PHONE = /^\+?[0-9][0-9 ().-]{4,30}$/;

/** The fields a client is created with; every one except the names may be left out. */
export class CreateClientDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName!: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName!: string;

  /** The name the client likes to be called. */
  @OptionalText(100, { nullable: true })
  preferredName?: string | null;

  @OptionalText(50, { nullable: true })
  pronouns?: string | null;

  /** YYYY-MM-DD, not in the future. */
  @Optional({ nullable: true })
  @Validate(PastDate)
  dateOfBirth?: string | null;

  @Optional({ nullable: true })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  /** Digits with optional +, spaces, dots, dashes and parentheses. */
  @Optional({ nullable: true })
  @Transform(trim)
  @Matches(PHONE, { message: 'phone must be a phone number such as +1 555 010 0199' })
  phone?: string | null;

  /** The clinic system's id for this client; unique within the organization (a taken one: 409 naming its `clientId`). */
  @OptionalText(200, { nullable: true })
  externalId?: string | null;

  /** Defaults to `active`. */
  @Optional()
  @IsIn(CLIENT_STATUSES)
  status?: ClientStatus;

  /** Up to 20 short labels, e.g. `waitlist`, `spanish-speaking`. */
  @Optional()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  tags?: string[];
}

/** Only the fields sent change; `null` clears an optional field. Names, status and tags can't be cleared. */
export class UpdateClientDto extends PartialType(OmitType(CreateClientDto, ['firstName', 'lastName', 'status', 'tags'] as const), {
  skipNullProperties: false,
}) {
  @Optional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName?: string;

  @Optional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName?: string;

  @Optional()
  @IsIn(CLIENT_STATUSES)
  status?: ClientStatus;

  @Optional()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  tags?: string[];
}

export class ListClientsQueryDto extends PageQueryDto {
  /**
   * Case-insensitive search for this text anywhere in the first, last and preferred names: at least
   * 2 characters. From 3 characters, a text without a space is looked up by name word, so a page
   * costs the same however many clients match; shorter texts, and texts with a space, filter the list.
   */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @IsIn(CLIENT_STATUSES)
  status?: ClientStatus;

  /** Clients carrying this tag. */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  externalId?: string;

  /** Clients on this staff member's care team: a user id, or `me`. */
  @IsOptional()
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'careTeam must be a user id or "me"' })
  careTeam?: string;
}

export class ClientDto {
  id!: string;
  organizationId!: string;
  firstName!: string;
  lastName!: string;
  preferredName!: string | null;
  pronouns!: string | null;
  /** YYYY-MM-DD */
  @ApiProperty({ type: String, format: 'date' })
  dateOfBirth!: string | null;
  email!: string | null;
  phone!: string | null;
  externalId!: string | null;
  status!: ClientStatus;
  tags!: string[];
  /** The staff who work with this client. */
  careTeam!: CareTeamMemberDto[];
  /** Set when archived: the client has left lists but can be read and restored. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archivedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
  version!: number;
}

/** A client with its care team (read by the repository, with the client or beside a write). */
export function toClientDto(client: ClientRow, careTeam: CareTeamMemberDto[]): ClientDto {
  return {
    id: client.id,
    organizationId: client.organizationId,
    firstName: client.firstName,
    lastName: client.lastName,
    preferredName: client.preferredName,
    pronouns: client.pronouns,
    dateOfBirth: client.dateOfBirth,
    email: client.email,
    phone: client.phone,
    externalId: client.externalId,
    status: client.status,
    tags: client.tags,
    careTeam,
    archivedAt: client.archivedAt,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
    version: client.version,
  };
}
