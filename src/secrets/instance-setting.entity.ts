import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Settings of the installation itself, shared by every API process (e.g. a generated signing secret). */
@Entity('instance_settings')
export class InstanceSetting {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
