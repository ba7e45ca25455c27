import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from './domain-error';
import { ErrorCode } from './error-code';
import { PROBLEM_MEMBERS } from './problem-members';

const STANDARD_MEMBERS = ['type', 'title', 'status', 'detail', 'code', 'requestId'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && name !== 'metadata.ts' ? [path] : [];
  });
}

/** The member names written in each `extensions: ...` of the source that builds DomainErrors. */
function extensionNamesInSource(): { file: string; name: string }[] {
  const found: { file: string; name: string }[] = [];
  for (const file of sourceFiles(join(__dirname, '..'))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('DomainError')) continue;
    for (const match of text.matchAll(/\bextensions:\s*([^\n]*?\{[^}]*\})/g)) {
      for (const literal of match[1].matchAll(/\{([^}]*)\}/g)) {
        for (const entry of literal[1].split(',')) {
          const name = entry.split(':')[0].trim();
          if (/^[A-Za-z_$][\w$]*$/.test(name)) found.push({ file: file.slice(file.indexOf('src')), name });
        }
      }
    }
  }
  return found;
}

describe('problem members', () => {
  const documented = new Set(Object.values(PROBLEM_MEMBERS).flatMap((members) => Object.keys(members)));

  it('never take the name of a standard member, which would hide it', () => {
    expect([...documented].filter((name) => STANDARD_MEMBERS.includes(name))).toEqual([]);
  });

  it('are the only extension members the source gives a DomainError', () => {
    const given = extensionNamesInSource();
    expect(given.length).toBeGreaterThanOrEqual(6);
    expect(given.filter(({ name }) => !documented.has(name))).toEqual([]);
  });

  it('are typed by code, so an undocumented member does not compile', () => {
    // Each line below must fail to type-check (tsc reports an unused @ts-expect-error otherwise).
    // @ts-expect-error a member no code documents
    expect(new DomainError(ErrorCode.GroupFull, 'Full.', { extensions: { groupId: 'g' } }).code).toBe(ErrorCode.GroupFull);
    // @ts-expect-error a member of another code
    expect(new DomainError(ErrorCode.NotFound, 'Gone.', { extensions: { capacity: 2 } }).code).toBe(ErrorCode.NotFound);
    // @ts-expect-error a member of the wrong type
    expect(new DomainError(ErrorCode.GroupFull, 'Full.', { extensions: { capacity: 'two' } }).code).toBe(ErrorCode.GroupFull);
    // @ts-expect-error field errors on a code whose problems name no fields
    expect(new DomainError(ErrorCode.Conflict, 'Busy.', { errors: [] }).code).toBe(ErrorCode.Conflict);
    expect(new DomainError(ErrorCode.GroupFull, 'Full.', { extensions: { capacity: 2 } }).options.extensions).toEqual({ capacity: 2 });
  });
});
