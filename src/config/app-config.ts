import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { NOTE_KEY_ID, parseNoteKeys } from '../notes/note-cipher';

// The one conversion from the environment's text: by the type of the setting's default. A value
// that does not convert stays text, and validation names it.
const toBoolean = (value: string): boolean | string => {
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toInteger = (value: string): number | string => (/^-?\d+$/.test(value.trim()) ? Number(value) : value);

const SENSITIVE = new Set<string>();

/**
 * Marks a setting that holds a secret (a signing secret, a key, a password, a connection string
 * with credentials): its value never appears in a validation problem, and so in no log. Mark every
 * new secret setting (SMTP and OIDC credentials alike) the same way.
 */
function Sensitive(): PropertyDecorator {
  return (_target, property) => {
    SENSITIVE.add(String(property));
  };
}

export function isSensitive(setting: string): boolean {
  return SENSITIVE.has(setting);
}

/** `text` with every value of a sensitive setting in `env`, and every longer part of one, replaced. */
export function redactSecrets(text: string, env: Record<string, string | undefined>): string {
  let redacted = text;
  for (const setting of SENSITIVE) {
    const value = env[setting];
    if (!value) continue;
    // Each key of a `keyId:key,...` list is a secret on its own too; short parts (key ids) are not.
    const parts = [value, ...value.split(/[,:]/).map((part) => part.trim()).filter((part) => part.length >= 16)];
    for (const part of parts.sort((a, b) => b.length - a.length)) redacted = redacted.split(part).join('[redacted]');
  }
  return redacted;
}

/**
 * Every setting TrustPath reads, with its default. `.env.example` documents each one;
 * a test keeps the two in step.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * Prometheus metrics at GET /metrics for scrapers that send `Authorization: Bearer <token>`.
   * Empty: not served on the API's port.
   */
  @Sensitive()
  @IsOptional()
  @MinLength(16)
  METRICS_TOKEN?: string = undefined;

  /** A separate port (on METRICS_HOST) serving /metrics without a token, for a private network. 0: none. */
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 0;

  @IsString()
  METRICS_HOST = '127.0.0.1';

  /** PostgreSQL connection string; when empty an embedded PostgreSQL (PGlite) is used. */
  @Sensitive()
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string = undefined;

  /** Where the embedded database keeps its files. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /** Connections to DATABASE_URL (the embedded database always uses one). */
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsBoolean()
  DATABASE_SSL = false;

  /** Longest a statement may run before PostgreSQL cancels it (the request answers 503). */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  /** Longest a statement may wait for a row or table lock (the request answers 503). */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DATABASE_LOCK_TIMEOUT_MS = 5_000;

  /**
   * Audit events waiting to be stored (while the database can't take them) before new requests
   * are refused with 503: events are never dropped to make room.
   */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  AUDIT_BACKLOG_LIMIT = 20_000;

  /**
   * Webhooks may target loopback, private, link-local, shared (CGNAT) and unique-local addresses:
   * for on-premises installations whose clinic software runs on the same network. Metadata
   * addresses, multicast and unspecified addresses stay refused.
   */
  @IsBoolean()
  WEBHOOKS_ALLOW_PRIVATE_TARGETS = false;

  /** Whether this process delivers webhooks (runs the queue's workers). Every process can queue deliveries. */
  @IsBoolean()
  WEBHOOK_WORKERS = true;

  /** Seconds before a failed delivery's first retry (1–2×, jitter); each next one waits twice as long. */
  @IsInt()
  @Min(1)
  @Max(3600)
  WEBHOOK_RETRY_DELAY_SECONDS = 20;

  /** Attempts of one delivery before it is failed (14 from 20 s doubling: 1.9–3.8 days, about three on average). */
  @IsInt()
  @Min(1)
  @Max(30)
  WEBHOOK_MAX_ATTEMPTS = 14;

  /** How long one delivery attempt may take, connecting included. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Start-up: how many times to try reaching the database, and how far apart, while it is not yet
   * up. A refusal no retry can cure (unknown database or role, wrong password) stops at once.
   */
  @IsInt()
  @Min(1)
  @Max(1_000)
  DATABASE_CONNECT_ATTEMPTS = 10;

  @IsInt()
  @Min(10)
  @Max(600_000)
  DATABASE_CONNECT_RETRY_MS = 3_000;

  /** Longest a request waits for a free connection before answering 503. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_ACQUIRE_TIMEOUT_MS = 5_000;

  @IsBoolean()
  MIGRATIONS_RUN = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Comma-separated allowed origins; `*` allows any; empty disables CORS. */
  @IsString()
  CORS_ORIGINS = '';

  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @IsBoolean()
  TRUST_PROXY = false;

  /**
   * HMAC secret for access tokens (32+ characters). When empty outside production, a random one is
   * generated once and kept in the database, so every process of one installation shares it.
   */
  @Sensitive()
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string = undefined;

  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'trustpath';

  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = 'trustpath-api';

  /**
   * The audience of the client portal's access tokens: a token of one audience is refused by the
   * other's routes (a client's token opens no staff route, a staff token no portal route).
   */
  @IsString()
  @MinLength(1)
  PORTAL_JWT_AUDIENCE = 'trustpath-portal';

  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @IsInt()
  @Min(60)
  SESSION_IDLE_TIMEOUT_SECONDS = 1800;

  @IsInt()
  @Min(60)
  SESSION_ABSOLUTE_TIMEOUT_SECONDS = 43200;

  @IsBoolean()
  SIGNUP_ENABLED = true;

  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_EMAIL = 5;

  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_IP = 20;

  @IsInt()
  @Min(1)
  LOGIN_FAILURE_WINDOW_SECONDS = 900;

  /**
   * The API's address as browsers reach it: identity providers send single sign-on back to
   * `${PUBLIC_URL}/v1/auth/sso/callback`, which each organization registers with its provider.
   */
  @Matches(/^https?:\/\/[^/?#]+$/, { message: 'must be an http(s) origin without a path, e.g. https://api.example.org' })
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * The page of the client portal that accepts an invitation; the e-mailed link is this address
   * with `?token=<invitation token>`. Empty: `${PUBLIC_URL}/portal/accept`.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^?#]+$/, { message: 'must be an http(s) URL without a query' })
  PORTAL_INVITATION_URL?: string = undefined;

  /**
   * The mail server portal invitations are sent through, e.g. `smtp://user:pass@mail.example.org:587`
   * or `smtps://...:465`. Empty: invitations are not e-mailed (staff hand the link over themselves).
   */
  @Sensitive()
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string = undefined;

  /** The sender of portal invitations, e.g. `TrustPath <no-reply@example.org>`. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'TrustPath <no-reply@localhost>';

  /** Lets an identity provider be reached over plain HTTP: local development and tests only, refused in production. */
  @IsBoolean()
  SSO_ALLOW_HTTP_ISSUERS = false;

  /**
   * Keys that encrypt session notes at rest: comma-separated `keyId:base64` entries, each 32 random
   * bytes. Keep retired keys listed until `npm run notes:rekey` has moved every note off them.
   * Required in production; elsewhere, when empty, a key is generated once and kept in the database.
   */
  @Sensitive()
  @IsOptional()
  @IsString()
  NOTES_ENCRYPTION_KEYS?: string = undefined;

  /** Which of NOTES_ENCRYPTION_KEYS encrypts new notes (required in production). */
  @IsOptional()
  @Matches(NOTE_KEY_ID, { message: 'must be a key id of letters, digits, "_", "." or "-"' })
  NOTES_ENCRYPTION_KEY_ID?: string = undefined;

  /** Milliseconds to let in-flight requests finish on SIGTERM before closing anyway. */
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 10000;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the settings from `env`, validates them and names every bad variable at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const config = new AppConfig();
  const settings = config as unknown as Record<string, unknown>;
  // Every setting is an own property (optional ones initialised to undefined), so this sees them all.
  for (const key of Object.keys(settings)) {
    const raw = env[key];
    if (raw === undefined || raw === '') continue;
    const current = settings[key];
    settings[key] = typeof current === 'number' ? toInteger(raw) : typeof current === 'boolean' ? toBoolean(raw) : raw;
  }

  const errors = validateSync(config, { forbidUnknownValues: true });
  const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    problems.push('JWT_SECRET: must be set in production (32 or more random characters)');
  }
  problems.push(...noteKeyProblems(config));
  if (config.NODE_ENV === 'production' && config.SSO_ALLOW_HTTP_ISSUERS) {
    problems.push('SSO_ALLOW_HTTP_ISSUERS: must be false in production (identity providers are reached over HTTPS)');
  }
  if (config.SESSION_IDLE_TIMEOUT_SECONDS > config.SESSION_ABSOLUTE_TIMEOUT_SECONDS) {
    problems.push('SESSION_IDLE_TIMEOUT_SECONDS: must not exceed SESSION_ABSOLUTE_TIMEOUT_SECONDS');
  }
  if (problems.length > 0) throw new ConfigError(problems.map((problem) => redactSecrets(problem, env)));
  return config;
}

/** The note keys parse, the current key id names one of them, and production sets both. */
function noteKeyProblems(config: AppConfig): string[] {
  const { NOTES_ENCRYPTION_KEYS: keys, NOTES_ENCRYPTION_KEY_ID: current } = config;
  if (config.NODE_ENV === 'production' && (!keys || !current)) {
    return ['NOTES_ENCRYPTION_KEYS and NOTES_ENCRYPTION_KEY_ID: must be set in production (see docs/operations.md)'];
  }
  if (!keys) return current ? ['NOTES_ENCRYPTION_KEY_ID: is set but NOTES_ENCRYPTION_KEYS is empty'] : [];
  let parsed: Map<string, Buffer>;
  try {
    parsed = parseNoteKeys(keys);
  } catch (error) {
    return [`NOTES_ENCRYPTION_KEYS: ${(error as Error).message}`];
  }
  if (!current) return parsed.size === 1 ? [] : ['NOTES_ENCRYPTION_KEY_ID: must name the key for new notes when several are listed'];
  return parsed.has(current) ? [] : [`NOTES_ENCRYPTION_KEY_ID: "${current}" is not among NOTES_ENCRYPTION_KEYS`];
}
