import { BUILT_IN_EXERCISES } from './exercise-library';
import { builtInExerciseId, uuidV5 } from './exercise-ids';

describe('built-in exercise ids', () => {
  it('computes RFC 9562 version 5 UUIDs (the DNS namespace example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('never changes an id once databases hold it', () => {
    expect(builtInExerciseId('name-your-part')).toBe('4d5be569-b286-5a7b-9c30-2045c6786089');
    expect(builtInExerciseId('write-about-letting-go')).toBe('3f49cf0d-8c8d-5c34-ab66-6e7a4be6f5ce');
  });

  it('gives every built-in exercise its own id', () => {
    const ids = BUILT_IN_EXERCISES.map((e) => builtInExerciseId(e.key));
    expect(new Set(ids).size).toBe(BUILT_IN_EXERCISES.length);
  });
});
