import { DomainError } from '../../errors/domain-error';
import { ErrorCode } from '../../errors/error-code';
import { etagOf, ifMatchAllows, isNotModified, parseIfMatch } from './etag';

describe('etagOf', () => {
  it('is the version as a strong ETag', () => {
    expect(etagOf(3)).toBe('"3"');
    expect(parseIfMatch(etagOf(17))).toEqual({ versions: [17], weak: false });
  });
});

describe('parseIfMatch', () => {
  it('is undefined when the header is absent', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it('reads * as any version', () => {
    expect(parseIfMatch('*')).toBe('*');
    expect(parseIfMatch(' * ')).toBe('*');
  });

  it.each([
    ['"3"', [3]],
    ['"3", "4"', [3, 4]],
    ['"3",  "4" ,"5"', [3, 4, 5]],
    [['"3"', '"4"'], [3, 4]],
    ['"0"', [0]],
  ])('reads %p', (header, versions) => {
    expect(parseIfMatch(header)).toEqual({ versions, weak: false });
  });

  it.each([
    ['W/"3"', [], true],
    ['W/"3", "4"', [4], true],
    ['"abc"', [], false],
    ['"03"', [], false],
    ['"2147483648"', [], false],
    ['"3.0"', [], false],
    ['""', [], false],
    ['"a,b", "5"', [5], false],
  ])('lets %p match only strong numeric versions, and tells a weak tag', (header, versions, weak) => {
    expect(parseIfMatch(header)).toEqual({ versions, weak });
  });

  it('tells whether a version meets the precondition', () => {
    expect(ifMatchAllows(undefined, 3)).toBe(true);
    expect(ifMatchAllows('*', 3)).toBe(true);
    expect(ifMatchAllows({ versions: [2, 3], weak: false }, 3)).toBe(true);
    expect(ifMatchAllows({ versions: [2], weak: true }, 3)).toBe(false);
    expect(ifMatchAllows({ versions: [], weak: true }, 3)).toBe(false);
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
