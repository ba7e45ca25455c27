import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StaffRole } from '../auth/permissions';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { StaffUser } from './staff-user.entity';

/** Adds staff users, turning the per-organization email uniqueness into a clear 409. */
@Injectable()
export class StaffDirectory {
  async insert(
    manager: EntityManager,
    user: { organizationId: string; email: string; displayName: string; role: StaffRole; passwordHash: string },
  ): Promise<StaffUser> {
    try {
      const saved = await manager.save(
        manager.create(StaffUser, {
          ...user,
          emailNormalized: user.email.toLowerCase(),
          deactivatedAt: null,
          lastLoginAt: null,
        }),
      );
      return manager.findOneByOrFail(StaffUser, { organizationId: saved.organizationId, id: saved.id });
    } catch (error) {
      if (isUniqueViolation(error, 'staff_users_email_key')) {
        throw new DomainError(ErrorCode.EmailTaken, 'A staff user with this email already exists in the organization.');
      }
      throw error;
    }
  }
}
