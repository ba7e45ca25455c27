import { BUILT_IN_PRACTICE_KEYS, BUILT_IN_STEP_KEYS } from '../src/programs/built-in/built-in-keys';
import { KEY_PATTERN } from '../src/programs/program-rules';
import { bearer, createClient, programBody, signupOrganization } from './support/factories';
import { spec } from './support/openapi-schema';
import { conformanceErrors } from './support/response-contract';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';

type Schema = { $ref?: string; allOf?: Schema[]; items?: Schema; enum?: unknown[]; pattern?: string; properties?: Record<string, Schema> };

const schemas = spec.components.schemas as Record<string, Schema>;

/** The component a property refers to, directly, through `allOf` or as the items of a list. */
function referenceOf(schema: Schema): string | undefined {
  const target = schema.items ?? schema;
  return (target.$ref ?? target.allOf?.[0]?.$ref)?.replace('#/components/schemas/', '');
}

/** Every property of every component schema, and every query parameter, as `where → schema`. */
function everyField(): [string, Schema][] {
  const fields: [string, Schema][] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    for (const [property, value] of Object.entries(schema.properties ?? {})) fields.push([`${name}.${property}`, value]);
  }
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const parameter of operation.parameters ?? []) fields.push([`${method} ${path} ${parameter.in === 'path' ? '/' : '?'}${parameter.name}`, parameter.schema as Schema]);
    }
  }
  return fields;
}

/** Fields whose values are built-in step or practice keys: only those of the built-in program are accepted or held there. */
const BUILT_IN_KEY_FIELDS: Record<string, 'StepKey' | 'PracticeKey'> = {
  'CreateIndividualSessionDto.plannedStepKeys': 'StepKey',
  'CreateCoupleSessionDto.plannedStepKeys': 'StepKey',
  'CreateGroupSessionDto.plannedStepKeys': 'StepKey',
  'UpdateSessionDto.plannedStepKeys': 'StepKey',
  'CompleteSessionDto.stepsAddressed': 'StepKey',
  'SessionDto.plannedStepKeys': 'StepKey',
  'SessionDto.stepsAddressed': 'StepKey',
  'SessionCompletedDataDto.stepsAddressed': 'StepKey',
  'CreateExerciseDto.stepKey': 'StepKey',
  'CreateExerciseDto.practiceKey': 'PracticeKey',
  'ExerciseDto.stepKey': 'StepKey',
  'ExerciseDto.practiceKey': 'PracticeKey',
  'AssignmentExerciseDto.stepKey': 'StepKey',
  'AssignmentExerciseDto.practiceKey': 'PracticeKey',
  'get /v1/exercises ?stepKey': 'StepKey',
  'get /v1/exercises ?practiceKey': 'PracticeKey',
};

/** Fields that hold the keys of whatever program an enrollment follows, an organization's own included. */
const ANY_PROGRAM_KEY_FIELDS = [
  'EnrollmentStepDto.key',
  'EnrollmentPracticeDto.key',
  'EnrollmentDto.currentStepKey',
  'StepStartedEventDto.stepKey',
  'PracticeTickedEventDto.stepKey',
  'PracticeTickedEventDto.practiceKey',
  'AssignmentCompletedEventDto.stepKey',
  'AssignmentCompletedEventDto.practiceKey',
  'StepDto.key',
  'PracticeDto.key',
  'CreateStepDto.key',
  'CreatePracticeDto.key',
];

describe('step and practice keys in the spec', () => {
  it('has one StepKey and one PracticeKey enum: the built-in program’s keys, in its order', () => {
    expect(schemas.StepKey).toEqual({ type: 'string', enum: BUILT_IN_STEP_KEYS });
    expect(schemas.PracticeKey).toEqual({ type: 'string', enum: BUILT_IN_PRACTICE_KEYS });
  });

  it('refers to them wherever a built-in key is given or read, and never repeats them inline', () => {
    const fields = new Map(everyField());
    for (const [where, component] of Object.entries(BUILT_IN_KEY_FIELDS)) {
      expect([where, referenceOf(fields.get(where) ?? {})]).toEqual([where, component]);
    }
    const inline = everyField().filter(([, schema]) => {
      const values = JSON.stringify((schema?.items ?? schema)?.enum);
      return values === JSON.stringify(BUILT_IN_STEP_KEYS) || values === JSON.stringify(BUILT_IN_PRACTICE_KEYS);
    });
    expect(inline.map(([where]) => where)).toEqual([]);
  });

  it('documents the keys of any program, organizations’ own included, by their kebab-case pattern', () => {
    const fields = new Map(everyField());
    for (const where of ANY_PROGRAM_KEY_FIELDS) expect([where, fields.get(where)?.pattern]).toEqual([where, KEY_PATTERN.source]);
  });

  it('leaves no step or practice key field undocumented', () => {
    const keyFields = everyField().filter(([where]) => /(step|practice)Keys?$|stepsAddressed$|(Step|Practice)(Dto)?\.key$/i.test(where));
    expect(keyFields.length).toBeGreaterThanOrEqual(Object.keys(BUILT_IN_KEY_FIELDS).length + ANY_PROGRAM_KEY_FIELDS.length);
    // A field that is always null (an event about no step) has nothing to document but that.
    const alwaysNull = (schema: unknown) => JSON.stringify((schema as { enum?: unknown[] })?.enum) === '[null]';
    const loose = keyFields.filter(([, schema]) => !referenceOf(schema) && !alwaysNull(schema) && schema?.pattern !== KEY_PATTERN.source);
    expect(loose.map(([where]) => where)).toEqual([]);
  });
});

describe('step keys between answers and requests', () => {
  let t: TestApp;
  let owner: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    owner = bearer((await signupOrganization(t)).owner.token);
  });
  afterAll(() => t.close());

  it('takes a step key read from an exercise where a session plans steps, and reads it back as a StepKey', async () => {
    const exercises = await t.http.get('/v1/exercises').query({ limit: 1 }).set(owner);
    const stepKey = exercises.body.data[0].stepKey as string;
    const client = await createClient(t, owner);
    const res = await t.http
      .post('/v1/sessions')
      .set(owner)
      .send({ kind: 'individual', clientId: client.id, startsAt: '2033-01-03T09:00:00Z', durationMinutes: 50, modality: 'video', plannedStepKeys: [stepKey] });
    expect(res.status).toBe(201);
    expect(res.body.plannedStepKeys).toEqual([stepKey]);
    expect([...conformanceErrors(exercises, 'get', '/v1/exercises'), ...conformanceErrors(res, 'post', '/v1/sessions')]).toEqual([]);
  });

  it('refuses a step key of an organization’s own program there: that is why enrollments document a pattern, not the enum', async () => {
    const program = await t.http.post('/v1/programs').set(owner).send(programBody());
    const client = await createClient(t, owner);
    const enrollment = await t.http.post('/v1/enrollments').set(owner).send({ programId: program.body.id, clientId: client.id });
    const ownKey = enrollment.body.steps[0].key as string;
    expect(BUILT_IN_STEP_KEYS).not.toContain(ownKey);
    expect(conformanceErrors(enrollment, 'post', '/v1/enrollments')).toEqual([]);
    const res = await t.http
      .post('/v1/sessions')
      .set(owner)
      .send({ kind: 'individual', clientId: client.id, startsAt: '2033-01-04T09:00:00Z', durationMinutes: 50, modality: 'video', plannedStepKeys: [ownKey] });
    expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'plannedStepKeys', message: expect.any(String) }]);
  });
});
