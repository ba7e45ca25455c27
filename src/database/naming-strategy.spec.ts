import { snakeCase } from './naming-strategy';

describe('snakeCase', () => {
  it.each([
    ['createdAt', 'created_at'],
    ['partnerAId', 'partner_a_id'],
    ['emailNormalized', 'email_normalized'],
    ['id', 'id'],
    ['lastUsedAt', 'last_used_at'],
  ])('%s → %s', (property, column) => {
    expect(snakeCase(property)).toBe(column);
  });
});
