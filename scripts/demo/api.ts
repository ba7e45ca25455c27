/** A staff member signed in: their token is renewed by logging in again when it expires mid-run. */
export interface Credential {
  userId: string;
  email: string;
  password: string;
  organizationId: string;
  accessToken: string;
}

export interface Answer<T> {
  status: number;
  body: T;
  /** The answer is the stored first answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

export interface RequestOptions {
  body?: unknown;
  /** Makes a creating POST safe to send again: a repeat gets the first answer back, and creates nothing. */
  idempotencyKey?: string;
  /** The version the change expects (sent as If-Match). */
  version?: number;
  requestId?: string;
}

/** A refusal from the API, with what the API said (its problem codes and details never hold client data). */
export class DemoApiError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`${method} ${url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')} answered ${status}${code ? ` ${code}` : ''}: ${detail}`);
    this.name = 'DemoApiError';
  }
}

const LOGIN = '/v1/auth/login';

/** A login's credential, and when its organization was created. */
export type SignedIn = Credential & { organizationCreatedAt: string };

/**
 * The API of the application this process started, over HTTP on loopback: every request meets the
 * same routing, validation, access rules, transactions, audit trail and note encryption as any
 * client's. (Not Fastify's `inject`: the library behind it does not load under the test runner.)
 */
export class DemoApi {
  constructor(private readonly baseUrl: string) {}

  async login(email: string, password: string, organizationId?: string): Promise<SignedIn> {
    const { body } = await this.send<{ accessToken: string; user: { id: string }; organization: { id: string; createdAt: string } }>(
      undefined,
      'POST',
      LOGIN,
      { body: { email, password, ...(organizationId ? { organizationId } : {}) } },
    );
    return {
      userId: body.user.id,
      email,
      password,
      organizationId: body.organization.id,
      accessToken: body.accessToken,
      organizationCreatedAt: body.organization.createdAt,
    };
  }

  /** Sends one request as `as` (or anonymously); a 401 (an expired token) logs in again once. */
  async send<T>(as: Credential | undefined, method: string, url: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const first = await this.request(as, method, url, options);
    if (first.status !== 401 || !as || url === LOGIN) return this.answer<T>(method, url, first);
    as.accessToken = (await this.login(as.email, as.password, as.organizationId)).accessToken;
    return this.answer<T>(method, url, await this.request(as, method, url, options));
  }

  /**
   * For a change sent again after an interrupted run: a refusal with one of `doneCodes` (the change
   * is already made, e.g. 409 SESSION_NOT_SCHEDULED for a cancellation) answers undefined.
   */
  async sendUnlessDone<T>(as: Credential, method: string, url: string, doneCodes: string[], options: RequestOptions = {}): Promise<Answer<T> | undefined> {
    try {
      return await this.send<T>(as, method, url, options);
    } catch (error) {
      if (error instanceof DemoApiError && error.code && doneCodes.includes(error.code)) return undefined;
      throw error;
    }
  }

  private async request(as: Credential | undefined, method: string, url: string, options: RequestOptions): Promise<RawAnswer> {
    const headers: Record<string, string> = { 'user-agent': 'trustpath-demo' };
    if (as) headers.authorization = `Bearer ${as.accessToken}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    if (options.version !== undefined) headers['if-match'] = `"${options.version}"`;
    if (options.requestId) headers['x-request-id'] = options.requestId;
    const response = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return { status: response.status, statusText: response.statusText, replayed: response.headers.get('idempotency-replayed') === 'true', text: await response.text() };
  }

  private answer<T>(method: string, url: string, response: RawAnswer): Answer<T> {
    const body = response.text ? (JSON.parse(response.text) as unknown) : undefined;
    if (response.status >= 400) {
      const problem = (body ?? {}) as { code?: string; detail?: string; errors?: { field: string; message: string }[] };
      const fields = problem.errors?.map((e) => `${e.field} ${e.message}`).join('; ');
      throw new DemoApiError(method, url, response.status, problem.code, [problem.detail, fields].filter(Boolean).join(' — ') || response.statusText);
    }
    return { status: response.status, body: body as T, replayed: response.replayed };
  }
}

interface RawAnswer {
  status: number;
  statusText: string;
  replayed: boolean;
  text: string;
}
