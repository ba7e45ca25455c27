import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { REBUILDING_TRUST_PROGRAM } from './rebuilding-trust';

const SEED_NAME = '000_546a3861306aecd0.txt';
const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'rebuilding-trust-seed.txt');

// The step keys PRODUCT.md fixes; they appear in routes and stored progress, so they never change.
const PRODUCT_STEP_KEYS = [
  'acknowledge-the-hurt',
  'open-honest-communication',
  'apologize-sincerely',
  'consistency-and-reliability',
  'boundaries-and-accountability',
  'seek-professional-help',
  'patience-and-forgiveness',
];

interface SeedSection {
  heading: string;
  bullets: string[];
}

/**
 * A heading is a line standing on its own (blank line or start of file before it, blank line after)
 * that does not end like a sentence; its bullets are the "- " lines that follow before the next heading.
 * Sections without bullets (the document's title) are not steps.
 */
function parseSeed(text: string): SeedSection[] {
  const lines = text.split(/\r?\n/);
  const sections: SeedSection[] = [];
  let current: SeedSection | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('- ')) {
      current?.bullets.push(line.slice(2).trim());
      return;
    }
    const standsAlone = (i === 0 || lines[i - 1].trim() === '') && (lines[i + 1] ?? '').trim() === '';
    if (line !== '' && standsAlone && !/[.:!?]$/.test(line)) {
      current = { heading: line, bullets: [] };
      sections.push(current);
    }
  });
  return sections.filter((section) => section.bullets.length > 0);
}

/** `<dir>/../shared/<relative>` for the working directory and each of its parents, first found. */
function findShared(relative: string): string | undefined {
  let dir = resolve(process.cwd());
  for (;;) {
    const candidate = resolve(dir, '..', 'shared', relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const sharedSeed = findShared(join('seeds', SEED_NAME));
const sharedProduct = findShared('PRODUCT.md');

describe('the built-in Rebuilding Trust program', () => {
  const program = REBUILDING_TRUST_PROGRAM;
  const seed = parseSeed(readFileSync(FIXTURE, 'utf8'));
  const practices = program.steps.flatMap((step) => step.practices);

  it('is rebuilding-trust, version 1', () => {
    expect(program.key).toBe('rebuilding-trust');
    expect(program.version).toBe(1);
    expect(program.title).toBe('Rebuilding Trust');
    expect(program.description.length).toBeGreaterThan(100);
  });

  it('has the seed headings as its step titles, in the seed order', () => {
    expect(seed).toHaveLength(7);
    expect(program.steps.map((step) => step.title)).toEqual(seed.map((section) => section.heading));
  });

  it("has, for each step, the seed's three bullets as its practice descriptions, in order", () => {
    program.steps.forEach((step, i) => {
      expect(step.practices).toHaveLength(3);
      expect({ step: step.key, bullets: step.practices.map((p) => p.description) }).toEqual({
        step: step.key,
        bullets: seed[i].bullets,
      });
    });
  });

  it('has 7 steps at positions 1 to 7 and 21 practices', () => {
    expect(program.steps.map((step) => step.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(practices).toHaveLength(21);
  });

  it('uses unique kebab-case keys for steps and practices', () => {
    const keys = [...program.steps.map((step) => step.key), ...practices.map((practice) => practice.key)];
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of [program.key, ...keys]) expect(key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("uses PRODUCT.md's step keys", () => {
    expect(program.steps.map((step) => step.key)).toEqual(PRODUCT_STEP_KEYS);
  });

  it('gives every step a summary and every practice a short capitalized title', () => {
    for (const step of program.steps) expect(step.summary.trim().length).toBeGreaterThan(40);
    for (const practice of practices) {
      expect(practice.title).toMatch(/^[A-Z]/);
      expect(practice.title.length).toBeLessThanOrEqual(40);
    }
  });

  (sharedProduct ? it : it.skip)("matches PRODUCT.md's table of steps and practices", () => {
    const rows = readFileSync(sharedProduct as string, 'utf8')
      .split(/\r?\n/)
      .map((line) => /^\| (\d) \| `([a-z-]+)` \| ([^|]+) \| ([^|]+) \|$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map(([, position, key, title, practiceList]) => ({
        position: Number(position),
        key,
        title: title.trim(),
        practices: practiceList.trim().split('; '),
      }));
    expect(
      program.steps.map((step) => ({
        position: step.position,
        key: step.key,
        title: step.title,
        practices: step.practices.map((p) => p.title.charAt(0).toLowerCase() + p.title.slice(1)),
      })),
    ).toEqual(rows);
  });

  (sharedSeed ? it : it.skip)('keeps its seed fixture byte-identical to the shared seed', () => {
    expect(readFileSync(FIXTURE).equals(readFileSync(sharedSeed as string))).toBe(true);
  });
});
