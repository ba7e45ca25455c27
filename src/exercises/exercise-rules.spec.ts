import { DomainError } from '../errors/domain-error';
import { REBUILDING_TRUST_PROGRAM } from '../programs/built-in/rebuilding-trust';
import { checkPracticeOfStep } from './exercise-rules';

describe('exercise rules', () => {
  const [first, second] = REBUILDING_TRUST_PROGRAM.steps.filter((s) => s.practices.length > 0);

  it('takes no practice, or a practice of the step', () => {
    expect(() => checkPracticeOfStep(first.key, undefined)).not.toThrow();
    expect(() => checkPracticeOfStep(first.key, first.practices[0].key)).not.toThrow();
  });

  it("refuses another step's practice, on practiceKey", () => {
    const foreign = second.practices.find((p) => !first.practices.some((q) => q.key === p.key))!;
    expect.assertions(2);
    try {
      checkPracticeOfStep(first.key, foreign.key);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).options.errors).toEqual([{ field: 'practiceKey', message: `must be a practice of the step ${first.key}` }]);
    }
  });
});
