import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
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
  @JoinColumn([
    { name: 'organization_id', referencedColumnName: 'organizationId' },
    { name: 'client_id', referencedColumnName: 'id' },
  ])
  client?: Client;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'organization_id', referencedColumnName: 'organizationId' },
    { name: 'user_id', referencedColumnName: 'id' },
  ])
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
  @JoinColumn([
    { name: 'organization_id', referencedColumnName: 'organizationId' },
    { name: 'couple_id', referencedColumnName: 'id' },
  ])
  couple?: Couple;

  @ManyToOne(() => StaffUser, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'organization_id', referencedColumnName: 'organizationId' },
    { name: 'user_id', referencedColumnName: 'id' },
  ])
  user?: StaffUser;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt!: Date;
}
