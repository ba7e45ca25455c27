import {
  Column,
  CreateDateColumn,
  DataSource,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ENTITIES } from '../../src/database/entities';

/**
 * A throwaway tenant table with the columns every TrustPath resource has, for testing the shared
 * mechanisms without depending on a module.
 */
@Entity({ name: 'test_notes' })
export class Note {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'text' })
  title!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @VersionColumn()
  version!: number;
}

const CREATE_TABLE = `
  CREATE TABLE test_notes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    title text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    archived_at timestamptz,
    version integer NOT NULL DEFAULT 1
  )`;

/** Creates `Note`'s table through a DataSource that already knows the entity. */
export async function createNotesTable(dataSource: DataSource): Promise<void> {
  await dataSource.query(CREATE_TABLE);
  await dataSource.query('CREATE INDEX test_notes_created ON test_notes (organization_id, created_at, id)');
}

/** A DataSource on `url` that also knows `Note`, with its table created. */
export async function dataSourceWithNotes(url: string, poolSize: number): Promise<DataSource> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, poolSize), entities: [...ENTITIES, Note] });
  await dataSource.initialize();
  await createNotesTable(dataSource);
  return dataSource;
}

/** Inserts notes (optionally with given timestamps) and returns them in insertion order. */
export async function insertNotes(
  dataSource: DataSource,
  organizationId: string,
  notes: { title: string; createdAt?: string; updatedAt?: string; archivedAt?: string }[],
): Promise<{ id: string; title: string }[]> {
  const out: { id: string; title: string }[] = [];
  for (const note of notes) {
    const [row] = (await dataSource.query(
      `INSERT INTO test_notes (organization_id, title, created_at, updated_at, archived_at)
       VALUES ($1, $2, COALESCE($3::timestamptz, clock_timestamp()), COALESCE($4::timestamptz, clock_timestamp()), $5::timestamptz)
       RETURNING id, title`,
      [organizationId, note.title, note.createdAt ?? null, note.updatedAt ?? null, note.archivedAt ?? null],
    )) as { id: string; title: string }[];
    out.push(row);
  }
  return out;
}
