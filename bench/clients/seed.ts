import { randomUUID } from 'node:crypto';
import type { BenchTarget } from '../target';

const PASSWORD = 'bench password, long enough';

// A few hundred names, combined at random: enough variety that a name search matches a realistic
// share of the organization rather than all of it or none.
const FIRST_NAMES = `James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
  Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Margaret Donald
  Ashley Steven Kimberly Andrew Emily Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah
  Timothy Stephanie Ronald Dorothy Jason Rebecca Edward Sharon Jeffrey Laura Ryan Cynthia Jacob Amy Gary Kathleen Nicholas
  Angela Eric Shirley Jonathan Brenda Stephen Emma Larry Anna Justin Pamela Scott Nicole Brandon Samantha Benjamin Katherine
  Samuel Christine Gregory Helen Alexander Debra Patrick Rachel Frank Carolyn Raymond Janet Jack Maria Dennis Catherine Jerry
  Heather Tyler Diane Aaron Olivia Jose Julie Adam Joyce Nathan Victoria Henry Ruth Zachary Virginia Douglas Lauren Peter
  Kelly Kyle Christina Noah Joan Ethan Evelyn Jeremy Judith Walter Andrea Christian Hannah Keith Megan Roger Cheryl Terry
  Jacqueline Austin Martha Sean Madison Gerald Teresa Carl Gloria Harold Sara Dylan Janice Arthur Ann Lawrence Kathryn Jordan
  Abigail Jesse Sophia Bryan Frances Billy Jean Bruce Alice Gabriel Judy Joe Isabella Logan Julia Alan Grace Juan Amber Albert
  Denise Willie Danielle Elijah Marilyn Wayne Beverly Randy Charlotte Vincent Natalie Mason Theresa Roy Diana Ralph Brittany
  Bobby Doris Russell Kayla Bradley Alexis Philip Lori Eugene Marie Priya Aisha Mei Yuki Sofia Mateo Camila Omar Fatima Lucas
  Ingrid Tariq Leila Dmitri Anya Kwame Amara Ravi Ananya Hiroshi Chloe Diego Valentina Liam Zoe Malik Imani Santiago Lucia`
  .split(/\s+/)
  .filter(Boolean);

const LAST_NAMES = `Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
  Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young
  Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez
  Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan
  Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza
  Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell
  Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds
  Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall
  Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford
  Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson
  Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner
  Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham
  Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards
  Contreras Willis Carpenter Lawrence Sandoval Okafor Mensah Nakamura Tanaka Kowalski Novak Larsen Eriksson Dubois Rossi`
  .split(/\s+/)
  .filter(Boolean);

const NICKNAMES = ['Sam', 'Alex', 'Jo', 'Chris', 'Pat', 'Max', 'Kit', 'Jamie', 'Bea', 'Teddy', 'Liz', 'Mo', 'Dani', 'Rae'];
const TAGS = ['waitlist', 'spanish-speaking', 'sliding-scale', 'telehealth', 'court-referred', 'eap', 'insurance', 'self-pay'];

export interface ClientsSeed {
  clients: number;
  couples: number;
  /** The practitioner whose caseload is measured: on the care team of `caseload` clients. */
  practitioner: { id: string; token: string };
  caseload: number;
  seconds: number;
}

async function post<T>(origin: string, path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`seeding clients: POST ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** A practitioner added by the admin through the API and logged in, as a clinic would. */
async function practitioner(origin: string, adminToken: string, name: string): Promise<{ id: string; token: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID()}@example.org`;
  const user = await post<{ id: string }>(origin, '/v1/staff', { email, displayName: name, role: 'practitioner', password: PASSWORD }, adminToken);
  const session = await post<{ accessToken: string }>(origin, '/v1/auth/login', { email, password: PASSWORD });
  return { id: user.id, token: session.accessToken };
}

/**
 * `clients` clients with varied names, statuses and tags, created over the last ~2 years; `couples`
 * active couples over distinct pairs; two practitioners sharing every client's and couple's care
 * team; and the measured practitioner on the care team of exactly `caseload` clients spread over
 * the whole list. A handful of set-based statements, then ANALYZE.
 */
export async function seedClients(
  target: BenchTarget,
  origin: string,
  adminToken: string,
  organizationId: string,
  sizes: { clients: number; couples: number; caseload: number },
): Promise<ClientsSeed> {
  const { clients, couples, caseload } = sizes;
  if (couples * 2 > clients) throw new Error('couples need two distinct partners each: at most clients / 2 couples');
  const started = performance.now();
  const measured = await practitioner(origin, adminToken, 'Bench Practitioner');
  const others = [await practitioner(origin, adminToken, 'Bench Colleague One'), await practitioner(origin, adminToken, 'Bench Colleague Two')];

  // One transaction, in the server process (the embedded database serves one connection).
  await target.transaction([
    // The app's statement timeout is for requests; seeding half a million rows takes longer.
    { sql: 'SET LOCAL statement_timeout = 0' },
    // The pairing below joins two numberings of the organization's clients: without statistics on
    // them the planner may pick a nested loop, quadratic at 500k clients.
    { sql: 'SET LOCAL enable_nestloop = off' },
    { sql: 'SELECT setseed(0.4242)' },
    // One created_at per client, ~25 minutes apart with jitter (to the microsecond), newest last.
    {
      sql: `INSERT INTO clients (organization_id, first_name, last_name, preferred_name, pronouns, date_of_birth, email, phone,
                            external_id, status, tags, created_at, updated_at)
       SELECT $1::uuid, fn, ln,
              CASE WHEN r1 < 0.12 THEN ($3::text[])[1 + floor(r2 * array_length($3::text[], 1))::int] END,
              (ARRAY['she/her', 'he/him', 'they/them', NULL, NULL])[1 + floor(r2 * 5)::int],
              CASE WHEN r3 < 0.9 THEN date '1945-01-01' + floor(r3 * 25000)::int END,
              CASE WHEN r4 < 0.85 THEN lower(fn) || '.' || lower(ln) || g || '@example.org' END,
              CASE WHEN r4 < 0.7 THEN '+1 555 ' || lpad(g::text, 7, '0') END,
              CASE WHEN g % 3 = 0 THEN 'EHR-' || g END,
              CASE WHEN r5 < 0.8 THEN 'active' WHEN r5 < 0.92 THEN 'paused' ELSE 'discharged' END,
              CASE WHEN r6 < 0.4 THEN '{}'::text[]
                   WHEN r6 < 0.8 THEN ARRAY[($4::text[])[1 + t1]]
                   ELSE ARRAY[($4::text[])[1 + t1], ($4::text[])[1 + (t1 + 1 + t2) % 8]] END,
              at, at
         FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
                      floor(random() * 8)::int AS t1, floor(random() * 7)::int AS t2,
                      ($2::text[])[1 + floor(random() * array_length($2::text[], 1))::int] AS fn,
                      ($5::text[])[1 + floor(random() * array_length($5::text[], 1))::int] AS ln,
                      now() - make_interval(secs => ($6::int - g) * 1500 + random() * 1000) AS at
                 FROM generate_series(1, $6::int) AS g) AS s`,
      parameters: [organizationId, FIRST_NAMES, NICKNAMES, TAGS, LAST_NAMES, clients],
    },
    // Client n (oldest first) partners client n + clients/2: distinct pairs, one open couple each.
    {
      sql: `WITH numbered AS (
         SELECT id, last_name, created_at, row_number() OVER (ORDER BY created_at, id) AS n FROM clients WHERE organization_id = $1)
       INSERT INTO couples (organization_id, partner_a_id, partner_b_id, label, status, start_date, created_at, updated_at)
       SELECT $1, a.id, b.id, CASE WHEN a.n % 4 <> 0 THEN a.last_name || ' & ' || b.last_name END, 'active',
              (GREATEST(a.created_at, b.created_at) + interval '2 days')::date,
              GREATEST(a.created_at, b.created_at) + interval '1 hour', GREATEST(a.created_at, b.created_at) + interval '1 hour'
         FROM numbered a JOIN numbered b ON b.n = a.n + $2::int / 2
        WHERE a.n <= $3`,
      parameters: [organizationId, clients, couples],
    },
    // Every client and couple has one of the two colleagues on its care team, so each listed
    // client carries a care team, as in a clinic.
    {
      sql: `INSERT INTO client_care_team (organization_id, client_id, user_id, added_at)
       SELECT organization_id, id, CASE WHEN ascii(id::text) % 2 = 0 THEN $2::uuid ELSE $3::uuid END, created_at
         FROM clients WHERE organization_id = $1`,
      parameters: [organizationId, others[0].id, others[1].id],
    },
    {
      sql: `INSERT INTO couple_care_team (organization_id, couple_id, user_id, added_at)
       SELECT organization_id, id, CASE WHEN ascii(id::text) % 2 = 0 THEN $2::uuid ELSE $3::uuid END, created_at
         FROM couples WHERE organization_id = $1`,
      parameters: [organizationId, others[0].id, others[1].id],
    },
    // The measured caseload: every (clients/caseload)-th client, spread from the newest to the oldest.
    {
      sql: `INSERT INTO client_care_team (organization_id, client_id, user_id, added_at)
       SELECT organization_id, id, $2::uuid, created_at + interval '1 day'
         FROM (SELECT organization_id, id, created_at, row_number() OVER (ORDER BY created_at DESC, id DESC) AS n
                 FROM clients WHERE organization_id = $1) AS numbered
        WHERE n % ($3::int / $4::int) = 0 AND n <= $3::int`,
      parameters: [organizationId, measured.id, clients, caseload],
    },
  ]);
  await target.transaction([{ sql: 'SET LOCAL statement_timeout = 0' }, { sql: 'ANALYZE' }]);

  const [counts] = await target.query<{ clients: number; couples: number; caseload: number }>(
    `SELECT (SELECT count(*)::int FROM clients WHERE organization_id = $1) AS clients,
            (SELECT count(*)::int FROM couples WHERE organization_id = $1) AS couples,
            (SELECT count(*)::int FROM client_care_team WHERE organization_id = $1 AND user_id = $2) AS caseload`,
    [organizationId, measured.id],
  );
  if (counts.clients !== clients || counts.couples !== couples || counts.caseload !== caseload) {
    throw new Error(`seeding clients: expected ${clients}/${couples}/${caseload}, got ${JSON.stringify(counts)}`);
  }
  return { clients, couples, caseload, practitioner: measured, seconds: (performance.now() - started) / 1000 };
}
