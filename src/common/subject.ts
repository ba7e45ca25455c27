/** Whose record something is about: a couple, or a client in individual work. */
export type Subject = { coupleId: string } | { clientId: string };

/** The subject's column and id, for SQL that selects its rows: `${column} = $n` with `id`. */
export function subjectColumn(subject: Subject): { column: 'couple_id' | 'client_id'; id: string } {
  return 'coupleId' in subject ? { column: 'couple_id', id: subject.coupleId } : { column: 'client_id', id: subject.clientId };
}
