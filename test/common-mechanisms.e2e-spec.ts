import { randomUUID } from 'node:crypto';
import { Body, CanActivate, Controller, ExecutionContext, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiProperty, OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import supertest from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { configureRouting, createAdapter } from '../src/app';
import { GLOBAL_ENHANCERS, ConfigModule } from '../src/app.module';
import { ApiIfMatch, parseIfMatch, updateVersioned } from '../src/common/concurrency';
import { Idempotent } from '../src/common/idempotency';
import { ApiPageResponse, Page, PageQueryDto, paginate } from '../src/common/pagination';
import { loadConfig } from '../src/config/app-config';
import { AuditModule } from '../src/audit/audit.module';
import { ContextModule } from '../src/context/context.module';
import { RepositoriesModule } from '../src/database/repositories';
import { ChangeEvents } from '../src/events/change-events';
import { dataSourceOptions } from '../src/database/data-source-options';
import { Transactions } from '../src/database/transactions';
import { ENTITIES } from '../src/database/entities';
import { DomainError } from '../src/errors/domain-error';
import { createOpenApiDocument } from '../src/openapi/openapi';
import { createTestDatabase, TestDatabase } from './support/database';
import { createNotesTable, Note } from './support/notes';
import { expectProblem } from './support/problem';

class NoteDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() version!: number;
}

const toNoteDto = (note: Note): NoteDto => ({ id: note.id, title: note.title, version: note.version });

/** Stands in for the auth guard: the organization comes from a test header. */
class TestActorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const organizationId = request.headers['x-test-organization'];
    if (typeof organizationId === 'string') request.actor = { kind: 'apiKey', id: 'key', organizationId, role: 'integration' };
    return true;
  }
}

let handlerRuns = 0;

/** A module as the real ones will be written, on the throwaway notes table. */
@Controller('notes')
class NotesController {
  // Queries go through the request's transaction, as every feature's do.
  constructor(private readonly db: Transactions) {}

  @Get()
  @ApiOperation({ summary: 'List notes' })
  @ApiPageResponse(NoteDto)
  async list(@Headers('x-test-organization') organizationId: string, @Query() query: PageQueryDto): Promise<Page<NoteDto>> {
    const notes = this.db.manager.getRepository(Note).createQueryBuilder('note').where('note.organizationId = :organizationId', { organizationId });
    const page = await paginate(notes, query);
    return { ...page, data: page.data.map(toNoteDto) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a note' })
  @ApiOkResponse({ type: NoteDto })
  async get(@Headers('x-test-organization') organizationId: string, @Param('id') id: string): Promise<NoteDto> {
    const note = await this.db.manager.getRepository(Note).findOneBy({ organizationId, id });
    if (!note) throw DomainError.notFound('Note');
    return toNoteDto(note);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a note' })
  @ApiIfMatch()
  @ApiOkResponse({ type: NoteDto })
  async rename(
    @Headers('x-test-organization') organizationId: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: { title: string },
  ): Promise<NoteDto> {
    const target = { resource: 'Note', organizationId, id, ifMatch: parseIfMatch(ifMatch) };
    const note = await this.db.run(() => updateVersioned(this.db.manager, Note, target, { title: body.title }));
    return toNoteDto(note);
  }

  @Post()
  @ApiOperation({ summary: 'Create a note' })
  @Idempotent()
  @ApiOkResponse({ type: NoteDto })
  async create(
    @Headers('x-test-organization') organizationId: string,
    @Body() body: { title: string; outcome?: 'server-error' | 'refused'; delayMs?: number },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NoteDto> {
    handlerRuns += 1;
    if (body.delayMs) await new Promise((resolve) => setTimeout(resolve, body.delayMs));
    if (body.outcome === 'server-error') throw new Error('the database fell over');
    if (body.outcome === 'refused') throw DomainError.notFound('Couple');
    const note = await this.db.manager.getRepository(Note).save({ organizationId, title: body.title });
    reply.header('location', `/v1/notes/${note.id}`);
    return toNoteDto(note);
  }
}

describe('shared mechanisms over HTTP', () => {
  let db: TestDatabase;
  let tables: DataSource;
  let app: NestFastifyApplication;
  let http: TestAgent;
  const org = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(db.url, db.poolSize), entities: [...ENTITIES, Note] }), ContextModule, RepositoriesModule, AuditModule, ConfigModule.of(loadConfig({ NODE_ENV: 'test' }))],
      controllers: [NotesController],
      // The write transaction records each write's change: its ChangeEvents comes with it.
      providers: [...GLOBAL_ENHANCERS, ChangeEvents, { provide: APP_GUARD, useClass: TestActorGuard }],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(loadConfig({ NODE_ENV: 'test' })), { logger: false });
    configureRouting(app);
    app.getHttpAdapter().getInstance().addHook('onRequest', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
    await app.init();
    // The app's own connection creates the table: the embedded database serves one connection.
    tables = app.get(DataSource);
    await createNotesTable(tables);
    await app.getHttpAdapter().getInstance().ready();
    http = supertest(app.getHttpServer());
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const create = (body: object, key?: string, organizationId = org) => {
    const request = http.post('/v1/notes').set('x-test-organization', organizationId).send(body);
    return key ? request.set('Idempotency-Key', key) : request;
  };

  describe('ETag and If-Match', () => {
    it('sends a strong ETag on a single resource, and none on a page', async () => {
      const created = await create({ title: 'etag' });
      expect(created.headers.etag).toBe('"1"');
      const read = await http.get(`/v1/notes/${created.body.id}`).set('x-test-organization', org);
      expect(read.headers.etag).toBe('"1"');
      const list = await http.get('/v1/notes').set('x-test-organization', org);
      expect(list.status).toBe(200);
      expect(list.headers.etag).toBeUndefined();
    });

    it('updates with a current If-Match, answers 412 with a stale or weak one, 400 with garbage', async () => {
      const { body: note } = await create({ title: 'versioned' });
      let renames = 0;
      const patch = (ifMatch?: string) => {
        renames += 1;
        const request = http.patch(`/v1/notes/${note.id}`).set('x-test-organization', org).send({ title: `renamed ${renames}` });
        return ifMatch === undefined ? request : request.set('If-Match', ifMatch);
      };
      const updated = await patch('"1"');
      expect(updated.status).toBe(200);
      expect(updated.headers.etag).toBe('"2"');
      expectProblem(await patch('"1"'), 412, 'PRECONDITION_FAILED');
      expectProblem(await patch('W/"2"'), 412, 'PRECONDITION_FAILED');
      const garbage = expectProblem(await patch('2'), 400, 'VALIDATION_FAILED');
      expect(garbage.errors).toEqual([{ field: 'If-Match', message: expect.any(String) }]);
      expect((await patch('*')).headers.etag).toBe('"3"');
      expect((await patch()).headers.etag).toBe('"4"');
      const same = await http.patch(`/v1/notes/${note.id}`).set('x-test-organization', org).set('If-Match', '"4"').send({ title: `renamed ${renames}` });
      expect([same.status, same.headers.etag]).toEqual([200, '"4"']);
      expectProblem(await http.patch(`/v1/notes/${note.id}`).set('x-test-organization', randomUUID()).send({ title: 'x' }), 404, 'NOT_FOUND');
    });
  });

  describe('pagination', () => {
    it('validates the query and walks the list', async () => {
      const mine = randomUUID();
      for (const title of ['a', 'b', 'c']) await create({ title }, undefined, mine);
      const list = (query: string) => http.get(`/v1/notes?${query}`).set('x-test-organization', mine);
      for (const bad of ['limit=0', 'limit=101', 'limit=abc', 'includeArchived=yes', 'updatedSince=yesterday', 'cursor=%21%21', 'sort=title']) {
        expectProblem(await list(bad), 400, 'VALIDATION_FAILED');
      }
      const first = await list('limit=2');
      expect(first.body.data.map((n: NoteDto) => n.title)).toEqual(['c', 'b']);
      const second = await list(`limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body).toEqual({ data: [expect.objectContaining({ title: 'a' })], nextCursor: null });
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer to a retry without running the handler again', async () => {
      const key = randomUUID();
      const runs = handlerRuns;
      const first = await create({ title: 'once' }, key);
      expect(first.status).toBe(201);
      const retry = await create({ title: 'once' }, key);
      expect(handlerRuns).toBe(runs + 1);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotency-replayed']).toBe('true');
      expect(retry.headers.location).toBe(`/v1/notes/${first.body.id}`);
      expect(retry.headers.etag).toBe('"1"');
      expect(first.headers['idempotency-replayed']).toBeUndefined();
      const [{ count }] = await tables.query("SELECT count(*)::int AS count FROM test_notes WHERE title = 'once'");
      expect(count).toBe(1);
    });

    it('answers 422 to the same key with another body', async () => {
      const key = randomUUID();
      await create({ title: 'first' }, key);
      expectProblem(await create({ title: 'second' }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('answers 409 while the first request is still running, then replays it', async () => {
      const key = randomUUID();
      const slow = create({ title: 'slow', delayMs: 400 }, key).then((res) => res);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const during = await create({ title: 'slow', delayMs: 400 }, key);
      expectProblem(during, 409, 'CONFLICT');
      expect((await slow).status).toBe(201);
      expect((await create({ title: 'slow', delayMs: 400 }, key)).headers['idempotency-replayed']).toBe('true');
    });

    it('creates once when two identical requests arrive together', async () => {
      const key = randomUUID();
      const results = await Promise.all([create({ title: 'twin', delayMs: 100 }, key), create({ title: 'twin', delayMs: 100 }, key)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const [{ count }] = await tables.query("SELECT count(*)::int AS count FROM test_notes WHERE title = 'twin'");
      expect(count).toBe(1);
    });

    it('stores and replays a 4xx, but releases the key after a 5xx so the retry runs', async () => {
      const refusedKey = randomUUID();
      expectProblem(await create({ title: 'r', outcome: 'refused' }, refusedKey), 404, 'NOT_FOUND');
      const runs = handlerRuns;
      const replayed = expectProblem(await create({ title: 'r', outcome: 'refused' }, refusedKey), 404, 'NOT_FOUND');
      expect(replayed.detail).toBe('Couple not found.');
      expect(handlerRuns).toBe(runs);

      const failingKey = randomUUID();
      expectProblem(await create({ title: 'f', outcome: 'server-error' }, failingKey), 500, 'INTERNAL_ERROR');
      const retried = await create({ title: 'f', outcome: 'server-error' }, failingKey);
      expectProblem(retried, 500, 'INTERNAL_ERROR');
      expect(retried.headers['idempotency-replayed']).toBeUndefined();
      expect(handlerRuns).toBe(runs + 2);
    });

    it('refuses a malformed key, and passes through without a key or an actor', async () => {
      const bad = expectProblem(await create({ title: 'k' }, 'has space'), 400, 'VALIDATION_FAILED');
      expect(bad.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
      expect((await create({ title: 'no key' })).status).toBe(201);
      const runs = handlerRuns;
      const anonymous = () => http.post('/v1/notes').set('Idempotency-Key', 'k1').send({ title: 'anon', outcome: 'refused' });
      expectProblem(await anonymous(), 404, 'NOT_FOUND');
      const again = await anonymous();
      expect(again.headers['idempotency-replayed']).toBeUndefined();
      expect(handlerRuns).toBe(runs + 2);
    });

    it('scopes keys to the organization', async () => {
      const key = randomUUID();
      const mine = await create({ title: 'scoped' }, key);
      const theirs = await create({ title: 'scoped' }, key, randomUUID());
      expect(theirs.headers['idempotency-replayed']).toBeUndefined();
      expect(theirs.body.id).not.toBe(mine.body.id);
    });
  });

  describe('OpenAPI', () => {
    let spec: OpenAPIObject;
    beforeAll(async () => {
      spec = await createOpenApiDocument(app);
    });
    const parameter = (path: string, method: string, name: string) =>
      (spec.paths[path] as Record<string, { parameters?: { name: string }[] }>)[method].parameters?.find((p) => p.name === name);

    it('documents the page shape with items of the DTO', () => {
      const ok = spec.paths['/v1/notes'].get!.responses['200'] as { content: Record<string, { schema: unknown }> };
      expect(ok.content['application/json'].schema).toMatchObject({
        required: ['data', 'nextCursor'],
        properties: {
          data: { type: 'array', items: { $ref: '#/components/schemas/NoteDto' } },
          nextCursor: { type: 'string', nullable: true },
        },
      });
      expect(parameter('/v1/notes', 'get', 'limit')).toMatchObject({ in: 'query', required: false, schema: { minimum: 1, maximum: 100, default: 25 } });
      // No fixed default: false, but true with updatedSince, as both descriptions say.
      const includeArchived = parameter('/v1/notes', 'get', 'includeArchived') as { description?: string; schema?: { default?: unknown } };
      expect(includeArchived).toMatchObject({ in: 'query', required: false, schema: { type: 'boolean' } });
      expect(includeArchived.schema?.default).toBeUndefined();
      expect(includeArchived.description).toMatch(/`updatedSince`/);
      const updatedSince = parameter('/v1/notes', 'get', 'updatedSince') as { description?: string };
      expect(updatedSince).toMatchObject({ in: 'query', required: false, schema: { format: 'date-time' } });
      expect(updatedSince.description).toMatch(/Archived items are\s+included/);
      expect(parameter('/v1/notes', 'get', 'cursor')).toMatchObject({ in: 'query', required: false });
    });

    it('documents ETag on single resources, If-Match with its 412, and Idempotency-Key with 409 and 422', () => {
      const get = spec.paths['/v1/notes/{id}'].get!.responses['200'] as { headers?: Record<string, unknown> };
      expect(get.headers?.ETag).toBeDefined();
      expect((spec.paths['/v1/notes'].get!.responses['200'] as { headers?: Record<string, unknown> }).headers?.ETag).toBeUndefined();
      expect(parameter('/v1/notes/{id}', 'patch', 'If-Match')).toMatchObject({ in: 'header', required: false });
      expect(spec.paths['/v1/notes/{id}'].patch!.responses['412']).toBeDefined();
      expect(parameter('/v1/notes', 'post', 'Idempotency-Key')).toMatchObject({ in: 'header', required: false });
      expect(Object.keys(spec.paths['/v1/notes'].post!.responses)).toEqual(expect.arrayContaining(['409', '422']));
    });
  });
});
