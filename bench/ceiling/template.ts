/**
 * How a ceiling builds TrustPath's body from the rows of TrustPath's own SQL, learned from one probe
 * request: every value of the body is found in a column of a row (the same row for one object, row i
 * of a statement for element i of a list, the rows whose key equals the parent's for a nested list),
 * with the conversion the app applies (a Date printed as ISO, a `date` as YYYY-MM-DD, a numeric
 * string as a number). What no column holds (a computed figure, the next cursor) is kept as it was.
 * The ceiling renders the template per request from fresh rows: the mapping work a hand-written raw
 * handler does, and no more. The learned template is checked by rendering it and comparing bytes.
 */
export type Rows = Record<string, unknown>[];
type Conversion = 'same' | 'iso' | 'date' | 'number';

export type Node =
  | { t: 'const'; value: unknown }
  | { t: 'column'; s: number; column: string; conversion: Conversion }
  | { t: 'object'; entries: [string, Node][] }
  | { t: 'array'; items: Node[] }
  | { t: 'rows'; s: number; count: number; item: Node }
  | { t: 'children'; s: number; column: string; parent: number; parentColumn: string; item: Node }
  | { t: 'lookup'; s: number; column: string; parent: number; parentColumn: string; item: Node };

/** Current row of each statement while rendering. */
type Context = Map<number, Record<string, unknown>>;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const localDate = (d: Date) => `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

function convert(value: unknown, conversion: Conversion): unknown {
  switch (conversion) {
    case 'same':
      return value;
    case 'iso':
      return value instanceof Date ? value.toISOString() : value;
    case 'date':
      return value instanceof Date ? localDate(value) : value;
    case 'number':
      return value === null ? null : Number(value);
  }
}

const normalize = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));

function conversionsFor(value: unknown, expected: unknown): Conversion[] {
  if (value instanceof Date) return typeof expected === 'string' ? (expected.length === 10 ? ['date'] : ['iso']) : [];
  if (typeof value === 'string' && typeof expected === 'number') return ['number'];
  return ['same'];
}

/** The column of a bound row that holds `expected`, preferring one named like `key`, deepest statement first. */
function findColumn(expected: unknown, key: string | undefined, context: Context): Node | undefined {
  let fallback: Node | undefined;
  const wanted = key ? normalize(key) : undefined;
  for (const [s, row] of [...context].reverse()) {
    for (const [column, value] of Object.entries(row)) {
      for (const conversion of conversionsFor(value, expected)) {
        if (!same(convert(value, conversion), expected)) continue;
        const node: Node = { t: 'column', s, column, conversion };
        const name = normalize(column);
        if (wanted && (name === wanted || name.endsWith(wanted))) return node;
        // A null or a boolean equals too many columns to be taken without a name.
        if (!fallback && expected !== null && typeof expected !== 'boolean') fallback = node;
      }
    }
  }
  return fallback;
}

function objectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rows of one statement by one column's value, built once per request (what a hand-written handler's Map does). */
const indexes = new WeakMap<Rows, Map<string, Map<unknown, Rows>>>();
function rowsWhere(rows: Rows, column: string, value: unknown): Rows {
  let byColumn = indexes.get(rows);
  if (!byColumn) indexes.set(rows, (byColumn = new Map()));
  let index = byColumn.get(column);
  if (!index) {
    index = new Map();
    for (const row of rows) {
      const list = index.get(row[column]);
      if (list) list.push(row);
      else index.set(row[column], [row]);
    }
    byColumn.set(column, index);
  }
  return index.get(value) ?? [];
}

export function render(node: Node, results: Rows[], context: Context): unknown {
  switch (node.t) {
    case 'const':
      return node.value;
    case 'column': {
      const row = context.get(node.s);
      return row === undefined ? undefined : convert(row[node.column], node.conversion);
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of node.entries) out[key] = render(child, results, context);
      return out;
    }
    case 'array':
      return node.items.map((item) => render(item, results, context));
    case 'rows':
      return results[node.s].slice(0, node.count).map((row) => render(node.item, results, new Map(context).set(node.s, row)));
    case 'children': {
      const parent = context.get(node.parent)?.[node.parentColumn];
      return rowsWhere(results[node.s], node.column, parent).map((row) => render(node.item, results, new Map(context).set(node.s, row)));
    }
    case 'lookup': {
      const parent = context.get(node.parent)?.[node.parentColumn];
      const [row] = rowsWhere(results[node.s], node.column, parent);
      return render(node.item, results, new Map(context).set(node.s, row ?? {}));
    }
  }
}

const informative = (node: Node) => node.t !== 'const';

class Learner {
  constructor(private readonly results: Rows[]) {}

  value(expected: unknown, key: string | undefined, context: Context): Node {
    if (!objectLike(expected) && !Array.isArray(expected)) return findColumn(expected, key, context) ?? { t: 'const', value: expected };
    // A whole JSON column (json_agg, jsonb, text[]).
    const whole = findColumn(expected, key, context);
    if (whole) return whole;
    if (Array.isArray(expected)) return this.array(expected, key, context);
    const here = this.object([expected], context);
    if (coverage(here)[1] === 0) return here;
    // A row of another statement, found by a key the bound rows hold (a couple's partner, an assignment's exercise).
    let best = here;
    for (let s = 0; s < this.results.length; s++) {
      if (context.has(s) || this.results[s].length === 0) continue;
      for (const column of Object.keys(this.results[s][0])) {
        for (const [parent, row] of [...context].reverse()) {
          for (const [parentColumn, parentValue] of Object.entries(row)) {
            if (typeof parentValue !== 'string') continue;
            const matching = this.results[s].filter((r) => r[column] === parentValue);
            if (matching.length !== 1) continue;
            const item = this.object([expected], new Map(context).set(s, matching[0]));
            if (coverage(item)[1] < coverage(best)[1]) best = { t: 'lookup', s, column, parent, parentColumn, item };
          }
        }
      }
    }
    return best;
  }

  /** One object template for `samples` (list elements of one shape), each key from the first sample that informs it. */
  object(samples: { value: Record<string, unknown>; context: Context }[] | Record<string, unknown>[], context?: Context): Node {
    const list = (samples as unknown[]).map((sample) =>
      context ? { value: sample as Record<string, unknown>, context } : (sample as { value: Record<string, unknown>; context: Context }),
    );
    const entries: [string, Node][] = [];
    for (const key of Object.keys(list[0].value)) {
      // The first candidate that renders every sample's value for this key.
      const fits = (node: Node) => list.every((sample) => same(render(node, this.results, sample.context), sample.value[key]));
      let chosen: Node | undefined;
      for (const sample of list) {
        if (!(key in sample.value)) continue;
        const node = this.value(sample.value[key], key, sample.context);
        if (informative(node) && fits(node)) {
          chosen = node;
          break;
        }
      }
      entries.push([key, chosen ?? { t: 'const', value: list[0].value[key] }]);
    }
    return { t: 'object', entries };
  }

  array(expected: unknown[], key: string | undefined, context: Context): Node {
    if (expected.length === 0 || !expected.every(objectLike)) {
      return { t: 'array', items: expected.map((item) => this.value(item, undefined, context)) };
    }
    const elements = expected as Record<string, unknown>[];
    // The rows of a statement whose column equals a column of a bound row (a care team per client),
    // tried first: the first rows of a child statement can match one parent's list by chance.
    for (let s = 0; s < this.results.length; s++) {
      if (context.has(s) || this.results[s].length === 0) continue;
      for (const column of Object.keys(this.results[s][0])) {
        for (const [parent, row] of [...context].reverse()) {
          for (const [parentColumn, parentValue] of Object.entries(row)) {
            if (typeof parentValue !== 'string') continue;
            const matching = this.results[s].filter((r) => r[column] === parentValue);
            if (matching.length !== elements.length) continue;
            const item = this.object(elements.map((value, i) => ({ value, context: new Map(context).set(s, matching[i]) })));
            const node: Node = { t: 'children', s, column, parent, parentColumn, item };
            if (same(render(node, this.results, context), expected)) return node;
          }
        }
      }
    }
    // Element i is row i of a statement not bound yet.
    for (let s = 0; s < this.results.length; s++) {
      if (context.has(s) || this.results[s].length < elements.length) continue;
      const item = this.object(elements.map((value, i) => ({ value, context: new Map(context).set(s, this.results[s][i]) })));
      const node: Node = { t: 'rows', s, count: elements.length, item };
      if (same(render(node, this.results, context), expected)) return node;
    }
    return { t: 'array', items: elements.map((element) => this.value(element, key, context)) };
  }
}

/** The template for `body`, from the rows each statement returned for the same request. */
export function learn(body: unknown, results: Rows[]): Node {
  const context: Context = new Map();
  // An object that is one row: bind the first row of every statement that returned exactly one.
  results.forEach((rows, s) => {
    if (rows.length === 1) context.set(s, rows[0]);
  });
  return new Learner(results).value(body, undefined, context);
}

export function renderBody(node: Node, results: Rows[]): string {
  const context: Context = new Map();
  results.forEach((rows, s) => {
    if (rows.length === 1) context.set(s, rows[0]);
  });
  return JSON.stringify(render(node, results, context));
}

/** How much of the body the template takes from rows rather than constants: [from rows, constant] leaves. */
export function coverage(node: Node): [number, number] {
  switch (node.t) {
    case 'const':
      return [0, 1];
    case 'column':
      return [1, 0];
    case 'object':
      return node.entries.reduce<[number, number]>((sum, [, child]) => add(sum, coverage(child)), [0, 0]);
    case 'array':
      return node.items.reduce<[number, number]>((sum, child) => add(sum, coverage(child)), [0, 0]);
    case 'rows':
    case 'children':
    case 'lookup':
      return coverage(node.item);
  }
}
const add = (a: [number, number], b: [number, number]): [number, number] => [a[0] + b[0], a[1] + b[1]];
