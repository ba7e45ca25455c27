import { EXPORT_RECORD_TYPES, ExportRecordType } from './dto/organization-export.dto';

/** The NDJSON lines of an export, and the count of each type of record written, for its trailer. */
export class ExportTally {
  private readonly counts = Object.fromEntries(EXPORT_RECORD_TYPES.map((type) => [type, 0])) as Record<ExportRecordType, number>;

  /** One line per record, `{"type":...,"data":...}`, each ended by a newline. */
  lines(type: ExportRecordType, records: readonly unknown[]): string {
    this.counts[type] += records.length;
    let text = '';
    for (const data of records) text += `${JSON.stringify({ type, data })}\n`;
    return text;
  }

  /** The last line: how many records of each type came before it, and in all. */
  trailer(): string {
    const total = Object.values(this.counts).reduce((sum, n) => sum + n, 0);
    return `${JSON.stringify({ type: 'trailer', data: { counts: { ...this.counts }, total } })}\n`;
  }
}
