import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, FieldError } from './domain-error';
import { ErrorCode, problemTypeOf, statusOf, titleOf } from './error-code';
import { DatabaseFailure, databaseFailureOf } from '../database/database-failure';
import { databaseFailures } from '../metrics/metrics';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

interface Resolved {
  code: ErrorCode;
  status: number;
  detail: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const FASTIFY_CODES: Record<string, { code: ErrorCode; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: ErrorCode.MalformedJson, detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: ErrorCode.MalformedJson,
    detail: 'The request declares a JSON body but sends none.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: ErrorCode.PayloadTooLarge, detail: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: ErrorCode.UnsupportedMediaType,
    detail: 'The request body must be application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: ErrorCode.BadRequest,
    detail: 'The Content-Length header does not match the body.',
  },
  FST_ERR_CTP_INVALID_TYPE: { code: ErrorCode.BadRequest, detail: 'The Content-Type header is invalid.' },
  FST_ERR_BAD_URL: { code: ErrorCode.BadRequest, detail: 'The request URL is malformed.' },
  FST_ERR_MAX_PARAM_LENGTH: { code: ErrorCode.BadRequest, detail: 'A path parameter is too long.' },
};

const HTTP_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.RouteNotFound,
  406: ErrorCode.NotAcceptable,
  409: ErrorCode.Conflict,
  412: ErrorCode.PreconditionFailed,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.IdempotencyKeyReused,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

/** Turns every error, expected or not, into RFC 9457 problem+json; nothing internal reaches the client. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    sendProblem(exception, ctx.getRequest<FastifyRequest>(), ctx.getResponse<FastifyReply>(), this.logger);
  }
}

/**
 * Sends `exception` as problem+json. The filter uses it for everything Nest sees; the Fastify
 * adapter uses it for the few errors Fastify answers before routing (an over-long path parameter).
 */
export function sendProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Pick<Logger, 'error' | 'warn'>): void {
  const failure = databaseFailureOf(exception);
  const resolved = failure ? unavailable(failure) : resolve(exception);
  if (failure) {
    logger.warn({ msg: 'database unavailable', reqId: request.id, kind: failure.kind, reason: failure.reason });
    databaseFailures.inc({ kind: failure.kind, reason: failure.reason });
  }
  else if (resolved.status >= 500 && resolved.code === ErrorCode.Internal) {
    logger.error({ msg: 'unhandled error', reqId: request.id, error: describeForLog(exception) });
  }
  const problem: Problem = {
    ...resolved.extensions,
    type: problemTypeOf(resolved.code),
    title: titleOf(resolved.status),
    status: resolved.status,
    detail: resolved.detail,
    code: resolved.code,
    requestId: String(request.id),
    ...(resolved.errors ? { errors: resolved.errors } : {}),
  };
  if (reply.sent) return;
  // Set here too: errors Fastify raises before routing skip the hook that normally sets it.
  reply.header('x-request-id', String(request.id));
  for (const [name, value] of Object.entries(resolved.headers ?? {})) reply.header(name, value);
  reply.status(resolved.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
}

/** The database could not do the work now: worth a retry, unlike a 500. */
function unavailable(failure: DatabaseFailure): Resolved {
  return {
    code: ErrorCode.ServiceUnavailable,
    status: 503,
    detail:
      failure.kind === 'timeout'
        ? 'The database did not finish this request in time; retry shortly.'
        : 'The database is unavailable at the moment; retry shortly.',
    headers: { 'retry-after': '2' },
  };
}

function resolve(exception: unknown): Resolved {
  if (exception instanceof DomainError) {
    return {
      code: exception.code,
      status: exception.status,
      detail: exception.detail,
      errors: exception.options.errors,
      extensions: exception.options.extensions,
      headers: exception.options.headers,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) {
      return { code: ErrorCode.RouteNotFound, status, detail: 'No route matches this method and path.' };
    }
    const code = HTTP_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest);
    const cause = exception.cause as { code?: unknown } | undefined;
    const fastify = typeof cause?.code === 'string' ? FASTIFY_CODES[cause.code] : undefined;
    if (fastify) return { ...fastify, status: statusOf(fastify.code) };
    const body = exception.getResponse();
    const message = typeof body === 'object' && body && 'message' in body ? (body as { message: unknown }).message : body;
    return {
      code,
      status: status >= 500 ? 500 : status,
      detail: status >= 500 || typeof message !== 'string' ? titleOf(status) + '.' : message,
    };
  }
  const err = exception as { code?: unknown; statusCode?: unknown } | null;
  if (err && typeof err.code === 'string' && FASTIFY_CODES[err.code]) {
    const known = FASTIFY_CODES[err.code];
    return { ...known, status: statusOf(known.code) };
  }
  if (exception instanceof SyntaxError) {
    return { code: ErrorCode.MalformedJson, status: 400, detail: 'The request body is not valid JSON.' };
  }
  if (err && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    const code = HTTP_CODES[err.statusCode] ?? ErrorCode.BadRequest;
    return { code, status: err.statusCode, detail: `${titleOf(err.statusCode)}.` };
  }
  return { code: ErrorCode.Internal, status: 500, detail: 'An unexpected error occurred. Quote the requestId when reporting it.' };
}

/**
 * What an unexpected error may say in a log: its kind and where it was thrown. Database errors
 * keep only their SQLSTATE and constraint, because their messages can quote client data.
 */
export function describeForLog(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { kind: typeof exception };
  const driver = (exception as { driverError?: { code?: string; constraint?: string } }).driverError;
  const frames = (exception.stack ?? '').split('\n').slice(1, 8).map((line) => line.trim());
  if (driver) return { kind: exception.name, sqlState: driver.code, constraint: driver.constraint, frames };
  return { kind: exception.name, message: exception.message, frames };
}
