import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiPreconditionFailedResponse } from '@nestjs/swagger';

/**
 * Documents the optional `If-Match` header of a PATCH or DELETE and its 412. The `ETag` response
 * header is documented for every single-resource response by the spec builder.
 */
export function ApiIfMatch(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The `ETag` of the version this change is based on, such as `"3"`. When the record has moved on, the answer is 412; ' +
        'so it is for a weak tag such as `W/"3"`, which never matches (If-Match compares strongly).',
      schema: { type: 'string', example: '"3"' },
    }),
    ApiPreconditionFailedResponse({ description: 'The `If-Match` version is stale' }),
  );
}
