import { StaffRole } from '../../auth/permissions';
import type { CareTeamRow } from '../care-teams.repository';

export class CareTeamMemberDto {
  userId!: string;
  displayName!: string;
  role!: StaffRole;
  addedAt!: Date;
}

export function toCareTeamMemberDto(row: CareTeamRow): CareTeamMemberDto {
  return { userId: row.userId, displayName: row.displayName, role: row.role, addedAt: row.addedAt };
}
