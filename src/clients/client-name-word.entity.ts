import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { sameOrganization } from '../database/tenant-record';
import { Organization } from '../organizations/organization.entity';
import { Client } from './client.entity';

/**
 * A word of a client's lower-cased names (first, last and preferred, split at spaces), kept by a
 * trigger on `clients`. Its index walks one word's clients newest first, so a name search reads
 * a page per matching word instead of every client that matches.
 */
@Entity('client_name_words')
@Index('client_name_words_by_word', ['organizationId', 'word', 'createdAt', 'clientId'])
export class ClientNameWord {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryColumn('uuid')
  clientId!: string;

  @PrimaryColumn('text')
  word!: string;

  /** The client's createdAt, which never changes: the list's order. */
  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => Client, { onDelete: 'CASCADE' })
  @JoinColumn(sameOrganization('client_id'))
  client?: Client;
}

/**
 * Every word that is or was in an organization's client names, kept by the same trigger: the
 * small set a substring is looked up in (trigram index) before the words' clients are read.
 * Words are never removed; one no client has any more matches nothing.
 */
@Entity('client_name_vocabulary')
@Index('client_name_vocabulary_trigrams', { synchronize: false })
export class ClientNameVocabularyWord {
  @PrimaryColumn('uuid')
  organizationId!: string;

  @PrimaryColumn('text')
  word!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
}
