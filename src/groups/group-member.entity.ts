import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { sameOrganization } from '../database/tenant-record';
import { Client } from '../clients/client.entity';
import { Group } from './group.entity';

/** A client's membership of a group: current while `leftAt` is null; rejoining clears it. */
@Entity('group_members')
@Index('group_members_by_client', ['organizationId', 'clientId', 'groupId'])
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
}
