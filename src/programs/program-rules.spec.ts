import { REBUILDING_TRUST_PROGRAM } from './built-in/rebuilding-trust';
import { KEY_PATTERN, programStructureErrors } from './program-rules';

const step = (key: string, ...practices: string[]) => ({ key, practices: practices.map((p) => ({ key: p })) });

describe('programStructureErrors', () => {
  it('accepts the built-in program', () => {
    expect(programStructureErrors(REBUILDING_TRUST_PROGRAM.steps)).toEqual([]);
  });

  it('accepts distinct keys', () => {
    expect(programStructureErrors([step('one', 'a', 'b'), step('two', 'c')])).toEqual([]);
  });

  it('names a repeated step key', () => {
    expect(programStructureErrors([step('one', 'a'), step('two', 'b'), step('one', 'c')])).toEqual([
      { field: 'steps[2].key', message: 'repeats steps[0].key' },
    ]);
  });

  it('names a practice key repeated within a step or across steps', () => {
    const errors = programStructureErrors([step('one', 'a', 'a'), step('two', 'b', 'a')]);
    expect(errors.map((e) => e.field)).toEqual(['steps[0].practices[1].key', 'steps[1].practices[1].key']);
    expect(errors[1].message).toContain('steps[0].practices[0].key');
  });
});

describe('KEY_PATTERN', () => {
  it.each(['rebuilding-trust', 'step-4', 'a', '2nd-try'])('accepts %s', (key) => expect(KEY_PATTERN.test(key)).toBe(true));
  it.each(['Rebuilding', 'a--b', '-a', 'a-', 'a_b', 'a b', ''])('refuses %p', (key) => expect(KEY_PATTERN.test(key)).toBe(false));
});
