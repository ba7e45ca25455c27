import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { archive, EntityTags, IfMatch, restore, touchVersioned, updateVersioned, VersionedTarget } from '../src/common/concurrency';
import { DomainError } from '../src/errors/domain-error';
import { ErrorCode } from '../src/errors/error-code';
import { createTestDatabase, TestDatabase } from './support/database';
import { dataSourceWithNotes, insertNotes, Note } from './support/notes';

describe('conditional updates on PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await dataSourceWithNotes(db.url, db.poolSize);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  async function aNote(): Promise<VersionedTarget> {
    const organizationId = randomUUID();
    const [note] = await insertNotes(dataSource, organizationId, [{ title: 'first', createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z' }]);
    return { resource: 'Note', organizationId, id: note.id };
  }
  const tags = (...versions: number[]): EntityTags => ({ versions, weak: false });
  const rename = (target: VersionedTarget, title: string, ifMatch?: IfMatch) =>
    dataSource.transaction((manager) => updateVersioned(manager, Note, { ...target, ifMatch }, { title }));
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (error: unknown) => (error instanceof DomainError ? error.code : error),
    );

  it('updates, bumps the version and updatedAt, and returns the whole entity', async () => {
    const target = await aNote();
    const updated = await rename(target, 'second', tags(1));
    expect(updated).toBeInstanceOf(Note);
    expect(updated).toMatchObject({ id: target.id, organizationId: target.organizationId, title: 'second', version: 2, archivedAt: null });
    expect(updated.createdAt).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect(updated.updatedAt.getTime()).toBeGreaterThan(updated.createdAt.getTime());
    expect((await rename(target, 'third')).version).toBe(3);
    expect((await rename(target, 'fourth', '*')).version).toBe(4);
    expect((await rename(target, 'fifth', tags(2, 4))).version).toBe(5);
  });

  it('answers 412 for a stale or unmatchable If-Match and changes nothing', async () => {
    const target = await aNote();
    await rename(target, 'second', tags(1));
    expect(await codeOf(rename(target, 'lost', tags(1)))).toBe(ErrorCode.PreconditionFailed);
    expect(await codeOf(rename(target, 'lost', tags()))).toBe(ErrorCode.PreconditionFailed);
    const [row] = await dataSource.query('SELECT title, version FROM test_notes WHERE id = $1', [target.id]);
    expect(row).toEqual({ title: 'second', version: 2 });
  });

  it('answers 404, not 412, for a record that is missing or in another organization', async () => {
    const target = await aNote();
    expect(await codeOf(rename({ ...target, id: randomUUID() }, 'x', tags(1)))).toBe(ErrorCode.NotFound);
    expect(await codeOf(rename({ ...target, organizationId: randomUUID() }, 'x', tags(1)))).toBe(ErrorCode.NotFound);
    expect(await codeOf(rename({ ...target, organizationId: randomUUID() }, 'x'))).toBe(ErrorCode.NotFound);
    const error = await rename({ ...target, id: randomUUID() }, 'x').catch((e: DomainError) => e);
    expect((error as DomainError).detail).toBe('Note not found.');
  });

  it('lets exactly one of 20 concurrent writers with the same expected version win; the others get 412', async () => {
    const target = await aNote();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => codeOf(rename(target, `writer ${i}`, tags(1)))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === ErrorCode.PreconditionFailed)).toHaveLength(19);
    const [row] = await dataSource.query('SELECT version FROM test_notes WHERE id = $1', [target.id]);
    expect(row.version).toBe(2);
  });

  it('rolls the write back with the transaction it ran in', async () => {
    const target = await aNote();
    await expect(
      dataSource.transaction(async (manager) => {
        await updateVersioned(manager, Note, target, { title: 'rolled back' });
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    const [row] = await dataSource.query('SELECT title, version FROM test_notes WHERE id = $1', [target.id]);
    expect(row).toEqual({ title: 'first', version: 1 });
  });

  it('archives and restores through the same versioned write; archiving twice changes nothing the second time', async () => {
    const target = await aNote();
    const archived = await dataSource.transaction((manager) => archive(manager, Note, { ...target, ifMatch: tags(1) }));
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(archived.version).toBe(2);
    const again = await dataSource.transaction((manager) => archive(manager, Note, target));
    expect(again).toMatchObject({ archivedAt: archived.archivedAt, version: 2, updatedAt: archived.updatedAt });
    expect(await codeOf(dataSource.transaction((manager) => restore(manager, Note, { ...target, ifMatch: tags(1) })))).toBe(
      ErrorCode.PreconditionFailed,
    );
    const restored = await dataSource.transaction((manager) => restore(manager, Note, { ...target, ifMatch: tags(2) }));
    expect(restored).toMatchObject({ archivedAt: null, version: 3 });
    const restoredAgain = await dataSource.transaction((manager) => restore(manager, Note, target));
    expect(restoredAgain).toMatchObject({ archivedAt: null, version: 3, updatedAt: restored.updatedAt });
  });

  it('changes nothing, not even the version or updatedAt, when every value is the one stored or none is given', async () => {
    const target = await aNote();
    const renamed = await rename(target, 'second');
    for (const write of [() => rename(target, 'second'), () => rename(target, 'second', tags(2)), () => rename(target, 'second', '*')]) {
      const same = await write();
      expect(same).toBeInstanceOf(Note);
      expect(same).toMatchObject({ title: 'second', version: 2, updatedAt: renamed.updatedAt });
    }
    const nothing = await dataSource.transaction((manager) => updateVersioned(manager, Note, target, {}));
    expect(nothing).toMatchObject({ title: 'second', version: 2, updatedAt: renamed.updatedAt });
    const [row] = await dataSource.query('SELECT title, version, updated_at FROM test_notes WHERE id = $1', [target.id]);
    expect(row).toEqual({ title: 'second', version: 2, updated_at: renamed.updatedAt });
  });

  it('still answers 404 and 412 to a write that would change nothing', async () => {
    const target = await aNote();
    await rename(target, 'second');
    expect(await codeOf(rename(target, 'second', tags(1)))).toBe(ErrorCode.PreconditionFailed);
    expect(await codeOf(rename({ ...target, id: randomUUID() }, 'first'))).toBe(ErrorCode.NotFound);
    expect(await codeOf(dataSource.transaction((manager) => updateVersioned(manager, Note, { ...target, ifMatch: tags(1) }, {})))).toBe(
      ErrorCode.PreconditionFailed,
    );
  });

  it('touches: a new version and updatedAt with no column changed', async () => {
    const target = await aNote();
    const touched = await dataSource.transaction((manager) => touchVersioned(manager, Note, target));
    expect(touched).toMatchObject({ title: 'first', version: 2 });
    expect(touched.updatedAt.getTime()).toBeGreaterThan(new Date('2024-01-01T00:00:00Z').getTime());
    expect(await codeOf(dataSource.transaction((manager) => touchVersioned(manager, Note, { ...target, ifMatch: tags(1) })))).toBe(
      ErrorCode.PreconditionFailed,
    );
  });

  it('says why a weak If-Match never matches, and that the record has not changed', async () => {
    const target = await aNote();
    const weak = (await rename(target, 'x', { versions: [], weak: true }).catch((e: DomainError) => e)) as DomainError;
    expect(weak.code).toBe(ErrorCode.PreconditionFailed);
    expect(weak.detail).toBe(
      'A weak entity tag (W/"...") never matches: If-Match uses strong comparison (RFC 9110). Send the ETag as it was given, such as "3".',
    );
    const mixed = (await rename(target, 'x', { versions: [7], weak: true }).catch((e: DomainError) => e)) as DomainError;
    expect(mixed.detail).toBe(
      'Note has changed since the version in If-Match (a weak entity tag, W/"...", never matches: If-Match uses strong comparison, RFC 9110); fetch it again and reapply the change.',
    );
    const [row] = await dataSource.query('SELECT title, version FROM test_notes WHERE id = $1', [target.id]);
    expect(row).toEqual({ title: 'first', version: 1 });
  });
});
