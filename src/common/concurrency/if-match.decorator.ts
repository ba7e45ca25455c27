import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiIfMatch } from './api-if-match.decorator';
import { IfMatch, parseIfMatch } from './etag';

/**
 * The parsed `If-Match` header of a PATCH or DELETE (`undefined` when absent; malformed → 400),
 * documented in the spec as an optional header with its 412:
 * `update(@IfMatchHeader() ifMatch: IfMatch | undefined)`.
 */
export const IfMatchHeader = createParamDecorator(
  (_data: unknown, context: ExecutionContext): IfMatch | undefined =>
    parseIfMatch(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
  [
    (target: object, key?: string | symbol) => {
      if (key === undefined) return;
      ApiIfMatch()(target, key, Object.getOwnPropertyDescriptor(target, key)!);
    },
  ],
);
