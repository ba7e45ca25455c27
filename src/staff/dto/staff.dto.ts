import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { STAFF_ROLES, StaffRole } from '../../auth/permissions';
import { PASSWORD_MIN_LENGTH } from '../../auth/passwords';
import type { StaffUserRow } from '../staff.repository';
import { queryBoolean, trim } from '../../http/transforms';
import { OptionalText } from '../../http/text-field';
import { Optional } from '../../http/optional';


export class StaffUserDto {
  id!: string;
  organizationId!: string;
  email!: string;
  displayName!: string;
  role!: StaffRole;
  /** False once deactivated: a deactivated user cannot log in. */
  active!: boolean;
  deactivatedAt!: Date | null;
  lastLoginAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export function toStaffUserDto(user: StaffUserRow): StaffUserDto {
  return {
    id: user.id,
    organizationId: user.organizationId,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    active: user.deactivatedAt === null,
    deactivatedAt: user.deactivatedAt,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    version: user.version,
  };
}

export class CreateStaffUserDto {
  /** Unique within the organization, case-insensitively. */
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @IsIn(STAFF_ROLES)
  role!: StaffRole;

  /** At least 12 characters. */
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password!: string;
}

export class ListStaffQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  /** `true` for active staff only, `false` for deactivated only. */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  active?: boolean;
}

export class UpdateStaffUserDto {
  @OptionalText(200)
  displayName?: string;

  /** Only an owner may grant or take away the owner role; the last active owner keeps it. */
  @Optional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  /** `false` deactivates the user and ends their sessions; `true` reactivates. */
  @Optional()
  @IsBoolean()
  active?: boolean;
}
