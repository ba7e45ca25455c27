import { DomainError } from '../../errors/domain-error';
import { ErrorCode } from '../../errors/error-code';
import { etagOf, isNotModified, parseIfMatch } from './etag';

describe('etagOf', () => {
  it('is the version as a strong ETag', () => {
    expect(etagOf(3)).toBe('"3"');
    expect(parseIfMatch(etagOf(17))).toEqual([17]);
  });
});

describe('parseIfMatch', () => {
  it('is undefined when the header is absent', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it.each([
    ['*', '*'],
    [' * ', '*'],
    ['"3"', [3]],
    ['"3", "4"', [3, 4]],
    ['"3",  "4" ,"5"', [3, 4, 5]],
    [['"3"', '"4"'], [3, 4]],
    ['"0"', [0]],
  ])('reads %p', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it.each([
    ['W/"3"', []],
    ['W/"3", "4"', [4]],
    ['"abc"', []],
    ['"03"', []],
    ['"2147483648"', []],
    ['"3.0"', []],
    ['""', []],
    ['"a,b", "5"', [5]],
  ])('lets %p match only strong numeric versions', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it.each([[''], ['   '], ['3'], ['"3'], ['3"'], ['"3" "4"'], ['"3",,'], ['w/"3"'], ['W/ "3"'], ['"3"; drop'], ['**'], ['"3", *']])(
    'refuses %p with a 400',
    (header) => {
      let error: unknown;
      try {
        parseIfMatch(header);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(ErrorCode.ValidationFailed);
      expect((error as DomainError).options.errors?.[0].field).toBe('If-Match');
    },
  );
});

describe('isNotModified', () => {
  it('is false when the header is absent', () => {
    expect(isNotModified(undefined, 3)).toBe(false);
  });

  it.each([
    ['"3"', true],
    ['*', true],
    ['"1", "3"', true],
    [['"1"', '"3"'], true],
    ['W/"3"', true],
    ['"4"', false],
    ['W/"4"', false],
    ['"abc"', false],
    ['"03"', false],
  ])('reads %p against version 3 as %p, comparing weakly', (header, expected) => {
    expect(isNotModified(header, 3)).toBe(expected);
  });

  it.each([[''], ['3'], ['"3'], ['"3" "4"'], ['"3", *']])('refuses %p with a 400 naming If-None-Match', (header) => {
    let error: unknown;
    try {
      isNotModified(header, 3);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).options.errors?.[0].field).toBe('If-None-Match');
  });
});
