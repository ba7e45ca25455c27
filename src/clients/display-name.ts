/** A person as reports and charts name them: preferred name, else first name, then last name. */
export function displayName(person: { firstName: string; lastName: string; preferredName: string | null }): string {
  return `${person.preferredName ?? person.firstName} ${person.lastName}`;
}
