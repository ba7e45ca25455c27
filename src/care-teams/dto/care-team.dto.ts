import { StaffRole } from '../../auth/permissions';

export class CareTeamMemberDto {
  userId!: string;
  displayName!: string;
  role!: StaffRole;
  addedAt!: Date;
}
