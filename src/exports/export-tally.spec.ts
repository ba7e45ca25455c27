import { ExportTally, inChunks } from './export-tally';

describe('ExportTally', () => {
  it('writes one JSON line per record and counts them by type for the trailer', () => {
    const tally = new ExportTally();
    const text = [...tally.lines('client', [{ id: 'a', createdAt: new Date('2031-01-02T03:04:05.000Z') }, { id: 'b' }]), ...tally.lines('couple', [{ id: 'c' }]), ...tally.lines('client', [{ id: 'd' }])].join('');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { type: 'client', data: { id: 'a', createdAt: '2031-01-02T03:04:05.000Z' } },
      { type: 'client', data: { id: 'b' } },
      { type: 'couple', data: { id: 'c' } },
      { type: 'client', data: { id: 'd' } },
    ]);
    const trailer = JSON.parse(tally.trailer()) as { type: string; data: { counts: Record<string, number>; total: number } };
    expect(trailer.type).toBe('trailer');
    expect(trailer.data.total).toBe(4);
    expect(trailer.data.counts).toMatchObject({ client: 3, couple: 1, session: 0 });
  });

  it('keeps a line to one line whatever the text holds', () => {
    const tally = new ExportTally();
    const [text] = tally.lines('session', [{ note: 'first line\nsecond line\r\n\u2028' }]);
    expect(text.split('\n')).toHaveLength(2);
    expect(JSON.parse(text)).toEqual({ type: 'session', data: { note: 'first line\nsecond line\r\n\u2028' } });
  });

  it('gives a trailer of zeros when nothing was written', () => {
    const trailer = JSON.parse(new ExportTally().trailer()) as { data: { counts: Record<string, number>; total: number } };
    expect(trailer.data.total).toBe(0);
    expect(Object.values(trailer.data.counts).every((n) => n === 0)).toBe(true);
  });
});

describe('inChunks', () => {
  async function* batches(...lists: string[][]) {
    for (const list of lists) yield list;
  }
  const collect = async (source: AsyncIterable<string>) => {
    const chunks: string[] = [];
    for await (const chunk of source) chunks.push(chunk);
    return chunks;
  };

  it('joins lines across batches into chunks of at most the size, in order, losing nothing', async () => {
    const chunks = await collect(inChunks(batches(['aaa\n', 'bbb\n'], ['ccc\n'], [], ['ddd\n', 'eee\n']), 8));
    expect(chunks).toEqual(['aaa\nbbb\n', 'ccc\nddd\n', 'eee\n']);
  });

  it('gives a line longer than the size a chunk of its own', async () => {
    expect(await collect(inChunks(batches(['a\n', 'a very long line\n', 'b\n']), 4))).toEqual(['a\n', 'a very long line\n', 'b\n']);
  });

  it('yields nothing for no lines', async () => {
    expect(await collect(inChunks(batches([], [])))).toEqual([]);
  });
});
