import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
/** Where the server side of the bench is compiled to (git ignores it). */
const BUILD = join(__dirname, '.build');

/**
 * TrustPath and the bench's server side compiled to JavaScript with tsc, as `npm run build` compiles
 * the API: the measured process then runs plain node on JavaScript, as `npm start` does, instead of
 * compiling TypeScript as it loads (the loader's native compiler alone adds ~95 MiB of RSS, which
 * would be measured as TrustPath's). Run once per bench run; `BENCH_TS_LOADER=1` skips it and loads
 * the TypeScript sources instead.
 */
export function compileServer(): void {
  rmSync(BUILD, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(__dirname, 'tsconfig.server.json')], { cwd: ROOT, stdio: 'inherit' });
  // The API reads its version from package.json two directories above its own files, as from dist/.
  copyFileSync(join(ROOT, 'package.json'), join(BUILD, 'package.json'));
}

/** Whether the measured processes run the compiled JavaScript (the default) or the TypeScript sources. */
export const runsCompiled = (): boolean => !process.env.BENCH_TS_LOADER;

/** The module to load for a bench source file: its compiled JavaScript, or itself with the TypeScript loader. */
export function serverModule(source: string): string {
  if (!runsCompiled()) return source;
  return join(BUILD, relative(ROOT, source)).replace(/\.ts$/, '.js');
}
