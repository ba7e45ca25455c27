import { ApiPropertyOptional, OmitType, PartialType, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import { PageQueryDto } from '../../common/pagination';
import { Group, GROUP_STATUSES, GroupStatus } from '../group.entity';
import { GroupMember } from '../group-member.entity';
import type { MemberName } from '../groups.repository';
import { trim } from '../../http/transforms';
import { Optional } from '../../http/optional';
import { OptionalText } from '../../http/text-field';

const USER_OR_ME = /^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export class CreateGroupDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @OptionalText(4000, { nullable: true })
  description?: string | null;

  /**
   * The active staff member who runs the group. Defaults to you; facilitators and practitioners
   * can only create groups they run themselves. Required for API keys.
   */
  @Optional()
  @IsUUID('all')
  facilitatorUserId?: string;

  /** Defaults to `active`. */
  @Optional()
  @IsIn(GROUP_STATUSES)
  status?: GroupStatus;

  /** The most current members the group takes (1–500); omit or null for no limit. */
  @ApiPropertyOptional({ type: 'integer', nullable: true })
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(500)
  capacity?: number | null;

  /** YYYY-MM-DD */
  @Optional({ nullable: true })
  @IsCalendarDate()
  startsOn?: string | null;

  /** YYYY-MM-DD, not before startsOn */
  @Optional({ nullable: true })
  @IsCalendarDate()
  endsOn?: string | null;
}

/** Only the fields sent change; `null` clears an optional field. Name, facilitator and status can't be cleared. */
export class UpdateGroupDto extends PartialType(OmitType(CreateGroupDto, ['name', 'facilitatorUserId', 'status'] as const), {
  skipNullProperties: false,
}) {
  @Optional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  /** Hands the group to another active staff member: owners, admins and API keys only. */
  @Optional()
  @IsUUID('all')
  facilitatorUserId?: string;

  @Optional()
  @IsIn(GROUP_STATUSES)
  status?: GroupStatus;
}

export class ListGroupsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(GROUP_STATUSES)
  status?: GroupStatus;

  /** Groups run by this staff member: a user id, or `me`. */
  @ApiPropertyOptional({ pattern: USER_OR_ME.source })
  @IsOptional()
  @Matches(USER_OR_ME, { message: 'staffId must be a user id or "me"' })
  staffId?: string;

  /** Groups this client is a current member of. */
  @IsOptional()
  @IsUUID('all')
  clientId?: string;
}

/**
 * Current members, newest membership first. Former members (with `leftAt`) are listed as archived
 * items are: with `includeArchived=true`, and by default with `updatedSince`, so that a sync sees
 * who left.
 */
export class ListGroupMembersQueryDto extends PageQueryDto {}

export class GroupDto {
  id!: string;
  organizationId!: string;
  name!: string;
  description!: string | null;
  facilitatorUserId!: string;
  status!: GroupStatus;
  capacity!: number | null;
  /** Current members: not those who left, nor clients archived since (archiving ends a membership). */
  memberCount!: number;
  @ApiProperty({ type: String, format: 'date' })
  startsOn!: string | null;
  @ApiProperty({ type: String, format: 'date' })
  endsOn!: string | null;
  archivedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

/** A membership, with the member by name only: whoever may see the group sees this much and no more of its members. */
export class GroupMemberDto {
  id!: string;
  groupId!: string;
  clientId!: string;
  firstName!: string;
  lastName!: string;
  preferredName!: string | null;
  joinedAt!: Date;
  /** Set once the client has left the group, or their client record was archived (listed with `updatedSince` or `includeArchived`). */
  leftAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export function toGroupDto(group: Group, memberCount: number): GroupDto {
  return {
    id: group.id,
    organizationId: group.organizationId,
    name: group.name,
    description: group.description,
    facilitatorUserId: group.facilitatorUserId,
    status: group.status,
    capacity: group.capacity,
    memberCount,
    startsOn: group.startsOn,
    endsOn: group.endsOn,
    archivedAt: group.archivedAt,
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
    version: group.version,
  };
}

export function toGroupMemberDto(member: GroupMember, name: MemberName): GroupMemberDto {
  return {
    id: member.id,
    groupId: member.groupId,
    clientId: member.clientId,
    firstName: name.firstName,
    lastName: name.lastName,
    preferredName: name.preferredName,
    joinedAt: member.joinedAt,
    leftAt: member.leftAt,
    createdAt: member.createdAt,
    updatedAt: member.updatedAt,
    version: member.version,
  };
}
