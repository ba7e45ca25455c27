import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { TABLE_OWNERS } from './table-owners';

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && entry.name !== 'metadata.ts' ? [path] : [];
  });
}

const FILES = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }));
// A top-level file (app.ts, main.ts) is bootstrap, not a feature.
const featureOf = (path: string) => (path.includes('/') ? path.split('/')[0] : '');

/** Entity class name → table, from every `@Entity('table') export class X` in the tree. */
const ENTITY_TABLES = new Map<string, string>();
for (const file of FILES) {
  for (const match of file.text.matchAll(/@Entity\(\s*(?:\{\s*name:\s*)?'([a-z_]+)'[\s\S]*?export (?:abstract )?class (\w+)/g)) {
    ENTITY_TABLES.set(match[2], match[1]);
  }
}

/** Folders whose files may hold SQL that is not a feature's: the cross-feature access rules, database tooling, bootstrap. */
const CROSS_FEATURE = new Set(['access', 'database', '']);
/** The shared write mechanisms take the caller's manager or query builder and the caller's entity. */
const MECHANISMS = new Set(['common/concurrency/versioned-update.ts', 'common/pagination/paginate.ts']);

/** The tables a file's SQL strings and EntityManager calls name. */
function tablesUsedBy(text: string): Set<string> {
  const used = new Set<string>();
  for (const match of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+"?([a-z_]+)"?/g)) {
    if (match[1] in TABLE_OWNERS) used.add(match[1]);
  }
  const calls = /\.(?:find\w*|exists\w*|count\w*|insert|update|delete|save|create|upsert|getRepository|createQueryBuilder|increment|decrement|withRepository)\(\s*(\w+)/g;
  for (const match of text.matchAll(calls)) {
    const table = ENTITY_TABLES.get(match[1]);
    if (table) used.add(table);
  }
  return used;
}

const QUERYING = /\.query\(|createQueryBuilder\(|getRepository\(|\bDataSource\b|\bEntityManager\b/;

describe('table ownership', () => {
  it('names an owner for every table, and it is the folder of its entity', () => {
    const entityFolders = new Map<string, string>();
    for (const file of FILES) {
      for (const match of file.text.matchAll(/@Entity\(\s*(?:\{\s*name:\s*)?'([a-z_]+)'/g)) entityFolders.set(match[1], featureOf(file.path));
    }
    expect([...entityFolders.keys()].sort()).toEqual(Object.keys(TABLE_OWNERS).sort());
    const misplaced = [...entityFolders].filter(([table, folder]) => TABLE_OWNERS[table] !== folder);
    expect(misplaced).toEqual([]);
  });

  it('lets only repositories query, and only the tables their feature owns', () => {
    const offences: string[] = [];
    for (const file of FILES) {
      const feature = featureOf(file.path);
      if (CROSS_FEATURE.has(feature) || MECHANISMS.has(file.path)) continue;
      const isRepository = file.path.endsWith('.repository.ts');
      if (!isRepository && QUERYING.test(file.text)) offences.push(`${file.path}: queries the database outside a repository`);
      for (const table of tablesUsedBy(file.text)) {
        if (TABLE_OWNERS[table] !== feature) offences.push(`${file.path}: uses ${table}, which ${TABLE_OWNERS[table]}/ owns`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('sees a table named in SQL text or through its entity class', () => {
    expect([...tablesUsedBy('`SELECT k.id FROM couples k JOIN client_care_team t ON true`')].sort()).toEqual(['client_care_team', 'couples']);
    expect([...tablesUsedBy('await this.db.manager.findOneBy(TherapySession, { id })')]).toEqual(['therapy_sessions']);
    expect([...tablesUsedBy("qb.where('x.from_date > now()')")]).toEqual([]);
    expect(QUERYING.test('const rows = await this.db.manager.query(sql)')).toBe(true);
  });
});
