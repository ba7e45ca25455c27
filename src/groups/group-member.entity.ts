import { Column, CreateDateColumn, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { sameOrganization } from '../database/tenant-record';
import { Client } from '../clients/client.entity';
import { Group } from './group.entity';

/** A client's membership of a group: current while `leftAt` is null; rejoining clears it. */
@Entity('group_members')
@Index('group_members_by_client', ['organizationId', 'clientId', 'groupId'])
@Index('group_members_id_key', ['organizationId', 'id'], { unique: true })
@Index('group_members_group_created', ['organizationId', 'groupId', 'createdAt', 'id'])
@Index('group_members_group_updated', ['organizationId', 'groupId', 'updatedAt', 'id'])
export class GroupMember {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryColumn('uuid')
  groupId!: string;

  @PrimaryColumn('uuid')
  clientId!: string;

  @ManyToOne(() => Group, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('group_id'))
  group?: Group;

  @ManyToOne(() => Client, { onDelete: 'RESTRICT' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  joinedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  leftAt!: Date | null;

  /** The membership's own id, so it carries what every resource does (the key is group + client). */
  @Column('uuid')
  @Generated('uuid')
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn({ default: 1 })
  version!: number;
}
