import { coverage, learn, renderBody, Rows } from '../bench/ceiling/template';

/**
 * The bench's ceilings build TrustPath's body from the rows of TrustPath's own SQL with a template
 * learned from one probe. These check the learning on rows shaped like the app's: a list with a
 * nested list per element and a row looked up by key, and that a template renders new rows, not the
 * probe's values.
 */
describe('bench ceiling template', () => {
  const created = new Date('2026-01-02T03:04:05.678Z');
  const clients: Rows = [
    { client_id: 'c1', client_first_name: 'Ana', client_date_of_birth: new Date(1990, 4, 6), client_created_at: created, partner_id: 'p1' },
    { client_id: 'c2', client_first_name: 'Ben', client_date_of_birth: null, client_created_at: created, partner_id: 'p2' },
    { client_id: 'c3', client_first_name: 'Cy', client_date_of_birth: null, client_created_at: created, partner_id: 'p1' },
  ];
  const teams: Rows = [
    { record_id: 'c1', user_id: 'u1', display_name: 'One' },
    { record_id: 'c2', user_id: 'u1', display_name: 'One' },
    { record_id: 'c1', user_id: 'u2', display_name: 'Two' },
  ];
  const partners: Rows = [
    { id: 'p1', name: 'Partner One' },
    { id: 'p2', name: 'Partner Two' },
  ];
  const bodyOf = (list: Rows, team: Rows, partner: Rows) => ({
    data: list.slice(0, 2).map((c) => ({
      id: c.client_id,
      firstName: c.client_first_name,
      dateOfBirth: c.client_date_of_birth ? '1990-05-06' : null,
      careTeam: team.filter((t) => t.record_id === c.client_id).map((t) => ({ userId: t.user_id, displayName: t.display_name })),
      partner: { name: partner.find((p) => p.id === c.partner_id)!.name },
      createdAt: (c.client_created_at as Date).toISOString(),
    })),
    nextCursor: 'opaque',
  });

  it('learns rows, nested rows by key and looked-up rows, and renders the same bytes', () => {
    const body = bodyOf(clients, teams, partners);
    const template = learn(body, [clients, teams, partners]);
    expect(renderBody(template, [clients, teams, partners])).toBe(JSON.stringify(body));
    // Only the cursor is constant: every other value comes from a row.
    expect(coverage(template)[1]).toBe(1);
  });

  it('renders values from the rows it is given, not those it learned from', () => {
    const template = learn(bodyOf(clients, teams, partners), [clients, teams, partners]);
    const renamed = clients.map((c) => ({ ...c, client_first_name: `${c.client_first_name as string}!` }));
    const moreTeam = [...teams, { record_id: 'c2', user_id: 'u3', display_name: 'Three' }];
    expect(JSON.parse(renderBody(template, [renamed, moreTeam, partners]))).toEqual(bodyOf(renamed, moreTeam, partners));
  });
});
