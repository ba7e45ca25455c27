import { Credential, DemoApi } from './api';
import type { StaffKey } from './data/people';
import type { Subject } from './model/acts';
import type { Practice } from './model/practice';
import { Progress } from './progress';
import { DemoInterrupted } from './errors';

/** What every step of a run works with: the API, who is signed in, and the ids created so far. */
export class DemoContext {
  private readonly ids = new Map<string, string>();
  private readonly credentials = new Map<StaffKey, Credential>();

  constructor(
    readonly api: DemoApi,
    readonly practice: Practice,
    readonly progress: Progress,
    private readonly signal?: AbortSignal,
  ) {}

  /** Between two requests: ends the run if it was asked to stop. */
  stopIfAsked(): void {
    if (this.signal?.aborted) throw new DemoInterrupted();
  }

  signedIn(staff: StaffKey, credential: Credential): void {
    this.credentials.set(staff, credential);
  }

  as(staff: StaffKey): Credential {
    const credential = this.credentials.get(staff);
    if (!credential) throw new Error(`${staff} is not signed in`);
    return credential;
  }

  remember(key: string, id: string): void {
    this.ids.set(key, id);
  }

  /** The id of the record created for a practice key. */
  id(key: string): string {
    const id = this.ids.get(key);
    if (!id) throw new Error(`nothing was created for ${key}`);
    return id;
  }

  /** The body fields that name a subject. */
  subjectFields(subject: Subject): { clientId: string } | { coupleId: string } | { groupId: string } {
    if (subject.kind === 'client') return { clientId: this.id(subject.client) };
    if (subject.kind === 'couple') return { coupleId: this.id(subject.couple) };
    return { groupId: this.id(subject.group) };
  }
}

/**
 * The Idempotency-Key of a creating request: fixed by what it creates, so that a run after an
 * interrupted one gets the records already made back instead of making them twice. Keys are kept
 * for 24 hours.
 */
export function idempotencyKey(kind: string, key: string): string {
  return `trustpath-demo:${kind}:${key}`;
}

/**
 * Runs `work` over `items`, at most `limit` at a time. After a failure no new item starts; the
 * ones under way finish, and the first failure is thrown.
 */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
