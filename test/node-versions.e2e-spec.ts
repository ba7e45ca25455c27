import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/**
 * package.json's engines is the one statement of which Node.js versions TrustPath runs on; .nvmrc,
 * the Dockerfile, the README and every installed package must agree with it.
 */
const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const engines: string = JSON.parse(read('package.json')).engines.node;
/** The lowest version of each range engines accepts, e.g. 20.19.0, 22.12.0, 24.0.0. */
const lowest = engines.split('||').map((range) => semver.minVersion(range.trim())!.version);
/** The newest release of `major` is accepted: a `node:24` image and `nvm install 24` resolve to it. */
const acceptsNewestOf = (major: string) => semver.satisfies(`${major}.999.0`, engines);

describe('the Node.js versions TrustPath names', () => {
  it('runs here on a version package.json accepts', () => {
    expect([process.version, semver.satisfies(process.version, engines)]).toEqual([process.version, true]);
  });

  it('.nvmrc and both stages of the Dockerfile name the same major, whose newest release package.json accepts', () => {
    const nvmrc = read('.nvmrc').trim();
    expect(nvmrc).toMatch(/^\d+$/);
    expect(acceptsNewestOf(nvmrc)).toBe(true);
    const images = [...read('Dockerfile').matchAll(/^FROM\s+node:(\S+)/gm)].map((m) => m[1]);
    expect(images).toHaveLength(2);
    for (const image of images) expect(image.split('-')[0]).toBe(nvmrc);
  });

  it('the README gives the lowest versions package.json accepts and recommends the .nvmrc one', () => {
    const line = /^Node\.js .*recommended[\s\S]*?\.\n/m.exec(read('README.md'))?.[0] ?? '';
    for (const version of lowest) {
      const [major, minor] = version.split('.');
      expect(line).toContain(minor === '0' ? major : `${major}.${minor}`);
    }
    expect(line).toContain(read('.nvmrc').trim());
  });

  it('every package in the lockfile accepts the lowest version of each Node.js major package.json accepts', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string; engines?: { node?: string } }> };
    const refusals: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const wanted = entry.engines?.node;
      if (!path || !wanted) continue;
      for (const version of lowest) {
        if (!semver.satisfies(version, wanted)) refusals.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants ${wanted}, refuses ${version}`);
      }
    }
    expect(refusals).toEqual([]);
  });

  it('npm start and the Dockerfile start the API with the same node flags, and this Node.js accepts them', () => {
    const start = /^node((?:\s+--\S+)*)\s+dist\/main\.js$/.exec(JSON.parse(read('package.json')).scripts.start as string);
    expect(start).not.toBeNull();
    const flags = start![1].trim().split(/\s+/).filter(Boolean);
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(read('Dockerfile'))?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...flags, 'dist/main.js']);
    // A flag this Node.js did not know would stop it before it ran anything.
    expect(execFileSync(process.execPath, [...flags, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' })).toBe('ok');
  });
});
