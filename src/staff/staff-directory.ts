import { Injectable } from '@nestjs/common';
import { StaffRole } from '../auth/permissions';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { StaffRepository } from './staff.repository';
import { StaffUser } from './staff-user.entity';

/** What other features ask of the staff: who is active in which role; and adding staff users, with email uniqueness as a clear 409. */
@Injectable()
export class StaffDirectory {
  constructor(private readonly repository: StaffRepository) {}

  /** The user's role: throws a 400 on `field` unless they are active staff of the organization with one of `roles`. */
  async requireActive(organizationId: string, userId: string, field: string, roles: readonly StaffRole[]): Promise<StaffRole> {
    const user = await this.repository.findStanding(organizationId, userId);
    if (!user || user.deactivatedAt || !roles.includes(user.role)) {
      throw DomainError.validation([{ field, message: `must be an active staff member (${roles.join(', ')}) of the organization` }]);
    }
    return user.role;
  }

  async insert(
    user: { organizationId: string; email: string; displayName: string; role: StaffRole; passwordHash: string },
  ): Promise<StaffUser> {
    try {
      return await this.repository.insert({ ...user, emailNormalized: user.email.toLowerCase() });
    } catch (error) {
      if (isUniqueViolation(error, 'staff_users_email_key')) {
        throw new DomainError(ErrorCode.EmailTaken, 'A staff user with this email already exists in the organization.');
      }
      throw error;
    }
  }
}
