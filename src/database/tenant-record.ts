import { Column, CreateDateColumn, JoinColumnOptions, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * The columns every organization-owned record carries. The primary key leads with
 * organization_id so that tables can be distributed by organization (Citus) and so that
 * every foreign key between records also proves they share an organization.
 */
export abstract class TenantRecord {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn({ default: 1 })
  version!: number;
}

/**
 * The join columns of a foreign key to another record of the same organization:
 * `@JoinColumn(sameOrganization('client_id'))` references (organization_id, id).
 */
export function sameOrganization(column: string): JoinColumnOptions[] {
  return [
    { name: 'organization_id', referencedColumnName: 'organizationId' },
    { name: column, referencedColumnName: 'id' },
  ];
}

/**
 * The columns of a record shared by every organization (a program, an exercise): built-in ones
 * have no organization (organization_id NULL) and are read-only; an organization's own carry its
 * id. Such a table does not lead with organization_id: a platform distributing by organization
 * makes it a reference (replicated) table, and other records refer to it by `id` alone.
 */
export abstract class SharedRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** NULL for a built-in record. */
  @Column({ type: 'uuid', nullable: true })
  organizationId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn({ default: 1 })
  version!: number;
}
