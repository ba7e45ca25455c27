import type { StaffRole } from '../../../src/auth/permissions';

/** The demo organization, recognized on a later run by its owner's email. */
export const DEMO_ORGANIZATION = 'Harbor Light Counseling (demo)';
export const DEMO_EMAIL_DOMAIN = 'demo.trustpath.example';
/** Every demo login shares it; it is printed at the end of every run. */
export const DEMO_PASSWORD = 'rebuilding-trust-demo';

export interface StaffMember {
  key: StaffKey;
  displayName: string;
  role: StaffRole;
  /** What they do at the practice, printed beside their login. */
  about: string;
}

export type StaffKey = 'miriam' | 'theo' | 'amara' | 'jonah' | 'priya' | 'sol';

export const STAFF: readonly StaffMember[] = [
  { key: 'miriam', displayName: 'Miriam Castellanos', role: 'owner', about: 'clinical director; sees a few couples' },
  { key: 'theo', displayName: 'Theo Lindqvist', role: 'admin', about: 'practice manager' },
  { key: 'amara', displayName: 'Amara Nwosu', role: 'practitioner', about: 'couples therapist' },
  { key: 'jonah', displayName: 'Jonah Feldman', role: 'practitioner', about: 'marriage and family therapist' },
  { key: 'priya', displayName: 'Priya Raman', role: 'practitioner', about: 'counselor, couples and individuals' },
  { key: 'sol', displayName: 'Sol Márquez', role: 'facilitator', about: 'runs the support group' },
];

export const emailOf = (key: StaffKey): string => `${key}@${DEMO_EMAIL_DOMAIN}`;
export const OWNER: StaffKey = 'miriam';

export interface Person {
  firstName: string;
  lastName: string;
  preferredName?: string;
  pronouns: string;
}

/** Partners, two by two, in the order of the couples in `journeys.ts`. */
export const PARTNERS: readonly (readonly [Person, Person])[] = [
  [
    { firstName: 'Dana', lastName: 'Okafor', pronouns: 'she/her' },
    { firstName: 'Rafael', lastName: 'Rivera', preferredName: 'Rafa', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Hannah', lastName: 'Whitfield', pronouns: 'she/her' },
    { firstName: 'Marcus', lastName: 'Whitfield', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Leila', lastName: 'Haddad', pronouns: 'she/her' },
    { firstName: 'Tomás', lastName: 'Haddad', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Grace', lastName: 'Liu', pronouns: 'she/her' },
    { firstName: 'Benjamin', lastName: 'Carter', preferredName: 'Ben', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Naomi', lastName: 'Adeyemi', pronouns: 'she/her' },
    { firstName: 'Kwame', lastName: 'Adeyemi', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Sofia', lastName: 'Moreau', pronouns: 'she/her' },
    { firstName: 'Julien', lastName: 'Moreau', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Aisha', lastName: 'Rahman', pronouns: 'she/her' },
    { firstName: 'Daniel', lastName: 'Brooks', preferredName: 'Danny', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Emily', lastName: 'Novak', pronouns: 'she/her' },
    { firstName: 'Christopher', lastName: 'Novak', preferredName: 'Chris', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Mei', lastName: 'Tanaka', pronouns: 'she/her' },
    { firstName: 'Oliver', lastName: 'Grant', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Rosa', lastName: 'Delgado', pronouns: 'she/her' },
    { firstName: 'Luis', lastName: 'Delgado', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Samuel', lastName: 'Goldberg', preferredName: 'Sam', pronouns: 'he/him' },
    { firstName: 'Jordan', lastName: 'Ellis', pronouns: 'they/them' },
  ],
  [
    { firstName: 'Ingrid', lastName: 'Halvorsen', pronouns: 'she/her' },
    { firstName: 'Peter', lastName: 'Halvorsen', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Fatima', lastName: 'El Amrani', pronouns: 'she/her' },
    { firstName: 'Youssef', lastName: 'El Amrani', pronouns: 'he/him' },
  ],
  [
    { firstName: 'Claire', lastName: 'Dubois', pronouns: 'she/her' },
    { firstName: 'Nadia', lastName: 'Petrova', pronouns: 'she/her' },
  ],
  [
    { firstName: 'Ruth', lastName: 'Mensah', pronouns: 'she/her' },
    { firstName: 'Isaac', lastName: 'Mensah', pronouns: 'he/him' },
  ],
];

/** Clients seen on their own, in the order of `INDIVIDUAL_COURSES` in `journeys.ts`. */
export const INDIVIDUALS: readonly Person[] = [
  { firstName: 'Alex', lastName: 'Morgan', pronouns: 'they/them' },
  { firstName: 'Beatriz', lastName: 'Souza', preferredName: 'Bia', pronouns: 'she/her' },
  { firstName: 'Kenji', lastName: 'Watanabe', pronouns: 'he/him' },
  { firstName: 'Olivia', lastName: 'Bennett', pronouns: 'she/her' },
  { firstName: 'Samuel', lastName: 'Osei', pronouns: 'he/him' },
  { firstName: 'Lucía', lastName: 'Fernández', pronouns: 'she/her' },
  { firstName: 'Henry', lastName: 'Clarke', pronouns: 'he/him' },
  { firstName: 'Zara', lastName: 'Ahmed', pronouns: 'she/her' },
  { firstName: 'Mateo', lastName: 'Rossi', pronouns: 'he/him' },
  { firstName: 'Evelyn', lastName: 'Park', pronouns: 'she/her' },
];

/** Labels a clinic puts on clients, a few each. */
export const CLIENT_TAGS = ['telehealth', 'evening-only', 'sliding-scale', 'referred-by-gp', 'spanish-speaking', 'insurance-pending'] as const;
