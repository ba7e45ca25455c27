import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { sameOrganization } from '../database/tenant-record';
import { Client } from '../clients/client.entity';
import { Couple } from '../couples/couple.entity';
import { StaffUser } from '../staff/staff-user.entity';

/** A staff member on a client's care team: they see and work with that client. */
@Entity('client_care_team')
@Index('client_care_team_by_user', ['organizationId', 'userId', 'clientId'])
export class ClientCareTeamMember {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryColumn('uuid')
  clientId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('user_id'))
  user?: StaffUser;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt!: Date;
}

/** A staff member on a couple's care team: they see the couple and both partners. */
@Entity('couple_care_team')
@Index('couple_care_team_by_user', ['organizationId', 'userId', 'coupleId'])
export class CoupleCareTeamMember {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryColumn('uuid')
  coupleId!: string;

  @PrimaryColumn('uuid')
  userId!: string;

  @ManyToOne(() => Couple, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('couple_id'))
  couple?: Couple;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('user_id'))
  user?: StaffUser;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt!: Date;
}
