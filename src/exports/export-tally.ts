import { EXPORT_RECORD_TYPES, ExportRecordType } from './dto/organization-export.dto';

/** The NDJSON lines of an export, and the count of each type of record written, for its trailer. */
export class ExportTally {
  private readonly counts = Object.fromEntries(EXPORT_RECORD_TYPES.map((type) => [type, 0])) as Record<ExportRecordType, number>;

  /** One line per record, `{"type":...,"data":...}`, each ended by a newline. */
  lines(type: ExportRecordType, records: readonly unknown[]): string[] {
    this.counts[type] += records.length;
    return records.map((data) => `${JSON.stringify({ type, data })}\n`);
  }

  /** The last line: how many records of each type came before it, and in all. */
  trailer(): string {
    const total = Object.values(this.counts).reduce((sum, n) => sum + n, 0);
    return `${JSON.stringify({ type: 'trailer', data: { counts: { ...this.counts }, total } })}\n`;
  }
}

/** The most text one chunk of the stream holds: well under V8's large-object size, so that a chunk is young garbage, collected cheaply, never old. */
export const CHUNK_CHARACTERS = 16 * 1024;

/**
 * Lines joined into chunks of about `size` characters (a line longer than that is a chunk of its
 * own), in order. A batch joined whole would be a string of hundreds of kilobytes: V8 puts such a
 * string straight in the old generation, where a stream of them grows the heap until a full
 * collection, however little of it is still in use.
 */
export async function* inChunks(batches: AsyncIterable<string[]>, size = CHUNK_CHARACTERS): AsyncGenerator<string> {
  let chunk = '';
  for await (const lines of batches) {
    for (const line of lines) {
      if (chunk.length > 0 && chunk.length + line.length > size) {
        yield chunk;
        chunk = '';
      }
      chunk += line;
    }
  }
  if (chunk.length > 0) yield chunk;
}
