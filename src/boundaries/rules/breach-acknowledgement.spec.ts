import { acknowledgerOf } from './breach-acknowledgement';

const A = 'a1a1a1a1-0000-4000-8000-000000000001';
const B = 'b2b2b2b2-0000-4000-8000-000000000002';

describe('acknowledgerOf', () => {
  it('is the partner in breach when the other partner reported it', () => {
    expect(acknowledgerOf({ partnerIds: [A, B], breachedBy: B, reportedBy: A })).toBe(B);
    expect(acknowledgerOf({ partnerIds: [A, B], breachedBy: A, reportedBy: B })).toBe(A);
  });

  it('is the other partner when a partner reported their own breach', () => {
    expect(acknowledgerOf({ partnerIds: [A, B], breachedBy: A, reportedBy: A })).toBe(B);
    expect(acknowledgerOf({ partnerIds: [A, B], breachedBy: B, reportedBy: B })).toBe(A);
  });

  it('is the partner in breach when the practitioner reported it', () => {
    expect(acknowledgerOf({ partnerIds: [A, B], breachedBy: A, reportedBy: null })).toBe(A);
    expect(acknowledgerOf({ partnerIds: [A, B], breachedBy: B, reportedBy: null })).toBe(B);
  });
});
