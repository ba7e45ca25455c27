import { ApiProperty } from '@nestjs/swagger';
import { StaffRole } from '../../auth/permissions';
import type { CareTeamMember } from '../care-teams.repository';

export class CareTeamMemberDto {
  userId!: string;
  displayName!: string;
  role!: StaffRole;
  @ApiProperty({ type: String, format: 'date-time' })
  addedAt!: string;
}

export function toCareTeamMemberDto(row: CareTeamMember): CareTeamMemberDto {
  return { userId: row.userId, displayName: row.displayName, role: row.role, addedAt: row.addedAt };
}
