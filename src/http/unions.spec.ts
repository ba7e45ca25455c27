import { IsIn, IsString, validateSync } from 'class-validator';
import { NotGiven, Union } from './unions';

class Circle {
  @IsIn(['circle'])
  shape!: 'circle';
}

class Square {
  @IsIn(['square'])
  shape!: 'square';
}

class ByCouple {
  @IsString()
  coupleId!: string;

  @NotGiven('not with a couple')
  clientId?: null;
}

class ByClient {
  @IsString()
  clientId!: string;

  @NotGiven('not with a client')
  coupleId?: null;
}

const SHAPES = Union.byProperty('shape', { circle: Circle, square: Square });
const SUBJECTS = Union.byPresence({ coupleId: ByCouple, clientId: ByClient });

describe('Union.byProperty', () => {
  it('picks the variant the property names, or names the property with the values it takes', () => {
    expect(SHAPES.variantOf({ shape: 'square' })).toBe(Square);
    const message = 'must be one of the following values: circle, square';
    for (const value of [{ shape: 'hexagon' }, {}, { shape: ['circle'] }, { shape: 'toString' }]) {
      expect(SHAPES.variantOf(value)).toEqual([{ field: 'shape', message }]);
    }
  });

  it('describes itself as oneOf the variants, with a discriminator mapping', () => {
    expect(SHAPES.schema()).toEqual({
      oneOf: [{ $ref: '#/components/schemas/Circle' }, { $ref: '#/components/schemas/Square' }],
      discriminator: { propertyName: 'shape', mapping: { circle: '#/components/schemas/Circle', square: '#/components/schemas/Square' } },
    });
  });

  it('instantiates a nested value as its variant, and an unknown one as failing on the property alone', () => {
    expect(SHAPES.instantiate({ shape: 'circle' })).toBeInstanceOf(Circle);
    const unknown = SHAPES.instantiate({ shape: 'hexagon', sides: 6 }) as object;
    expect(validateSync(unknown).map((error) => error.property)).toEqual(['shape']);
    // One class for every unknown value: class-validator keeps each class's rules for good.
    expect((SHAPES.instantiate({ shape: 'pentagon' }) as object).constructor).toBe(unknown.constructor);
    expect(SHAPES.instantiate('circle')).toBe('circle');
  });
});

describe('Union.byPresence', () => {
  it('picks the variant of the one property given, null counting as left out', () => {
    expect(SUBJECTS.variantOf({ clientId: 'c' })).toBe(ByClient);
    expect(SUBJECTS.variantOf({ coupleId: 'p', clientId: null })).toBe(ByCouple);
  });

  it('names every property when none is given, and those given when several are', () => {
    const message = 'give exactly one of coupleId and clientId';
    expect(SUBJECTS.variantOf({})).toEqual([
      { field: 'coupleId', message },
      { field: 'clientId', message },
    ]);
    expect(SUBJECTS.variantOf({ coupleId: 'p', clientId: 'c' })).toEqual([
      { field: 'coupleId', message },
      { field: 'clientId', message },
    ]);
    expect(SUBJECTS.schema()).toEqual({ oneOf: [{ $ref: '#/components/schemas/ByCouple' }, { $ref: '#/components/schemas/ByClient' }] });
  });

  it('lets a variant hold the others’ properties only as null or left out', () => {
    const byCouple = (clientId: unknown) => Object.assign(new ByCouple(), { coupleId: 'p', clientId });
    expect(validateSync(byCouple(null))).toEqual([]);
    expect(validateSync(byCouple(undefined))).toEqual([]);
    expect(validateSync(byCouple('c')).map((error) => error.property)).toEqual(['clientId']);
  });
});
