/**
 * The digest of a SecurityAlert row's other columns: every column the model does not read (Entities,
 * ExtendedProperties, Description, Tactics, CompromisedEntity, …) and the raw text of StartTime, EndTime and
 * ProcessingEndTime (the model reads them to the millisecond; an export writes seven fraction digits). It lets
 * Q-TENANT-REPEATS tell a row that repeats an earlier row of its alert from one that differs in any column
 * without keeping the columns themselves (a base row's Entities and ExtendedProperties are most of its 2 kB).
 *
 * Left out: TimeGenerated (a repeat is a new row with a new one) and the ingestion metadata Log Analytics adds
 * to every record, whose names begin with `_` (`_ItemId`, `_TimeReceived`, `_BilledSize`, `_Internal_…`):
 * an export writes them per record, so they say nothing of the alert. An empty value (null, '', or a column
 * the record lacks) adds nothing, so a JSON line that omits an empty column reads as one that writes it.
 *
 * Four 32-bit lanes, each a chain of steps `h = imul(h ^ x, odd)`, where x takes two UTF-16 units at a time
 * (the column's name, a type mark, the value's text, its length), then a bijective finaliser; the row's digest
 * is the lane-wise sum over its columns, so the order of a record's keys does not matter. Each step is a
 * bijection of the lane's state for a given x and injective in x for a given state: two values of the same
 * length that differ in one unit give different digests in every lane, always. Values that differ in more
 * than that are told apart by 128 bits, so two different rows of one alert share a digest with a chance near
 * 2^-128. It is a digest, not a cryptographic hash: it guards against chance, not against a forger.
 */

const M0 = 0x01000193;
const M1 = 0x85ebca6b | 0;
const M2 = 0xc2b2ae35 | 0;
const M3 = 0x27d4eb2f;
const S0 = 0x811c9dc5 | 0;
const S1 = 0x1b873593;
const S2 = 0x6a09e667;
const S3 = 0x3c6ef372;

/** Type marks, in the top byte of the step that ends the name. */
const STRING = 1;
const NUMBER = 2;
const BOOLEAN = 3;
const OTHER = 4;

/** murmur3's 32-bit finaliser: a bijection that spreads every bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The lanes of a row's digest, summed over its columns (added to a row as its `_Rest`). */
export class RestDigest {
  a = 0;
  b = 0;
  c = 0;
  d = 0;

  reset(): void {
    this.a = 0;
    this.b = 0;
    this.c = 0;
    this.d = 0;
  }

  /** Adds one column: its name as the file writes it and its value (as read: text, number, object, …). */
  add(name: string, value: unknown): void {
    const lanes = this.scratch;
    columnLanes(name, value, lanes, 0);
    this.addLanes(lanes, 0);
  }

  /** Adds a column's contribution that columnLanes wrote at out[at..at + 3]. */
  addLanes(lanes: Int32Array, at: number): void {
    this.a = (this.a + (lanes[at] as number)) | 0;
    this.b = (this.b + (lanes[at + 1] as number)) | 0;
    this.c = (this.c + (lanes[at + 2] as number)) | 0;
    this.d = (this.d + (lanes[at + 3] as number)) | 0;
  }

  private readonly scratch = new Int32Array(4);

  /** The digest so far, as four 32-bit integers. */
  value(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }
}

/**
 * One column's contribution to a row's digest, written at out[at..at + 3] (zeros for an empty value): its
 * name as the file writes it and its value as read (text, number, object, …).
 */
export function columnLanes(name: string, value: unknown, out: Int32Array, at: number): void {
  if (value === null || value === undefined || value === '') {
    out[at] = 0;
    out[at + 1] = 0;
    out[at + 2] = 0;
    out[at + 3] = 0;
    return;
  }

  let text: string;
  let mark: number;
  if (typeof value === 'string') {
    text = value;
    mark = STRING;
  } else if (typeof value === 'number') {
    text = String(value);
    mark = NUMBER;
  } else if (typeof value === 'boolean') {
    text = value ? 'true' : 'false';
    mark = BOOLEAN;
  } else {
    text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    mark = OTHER;
  }
  let h0 = S0;
  let h1 = S1;
  let h2 = S2;
  let h3 = S3;
  // The name, two units a step (a lone last unit with 0x10000 set: no pair of units reads like it).
  const n = name.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x = name.charCodeAt(i) | (name.charCodeAt(i + 1) << 16);
    h0 = Math.imul(h0 ^ x, M0);
    h1 = Math.imul(h1 ^ x, M1);
    h2 = Math.imul(h2 ^ x, M2);
    h3 = Math.imul(h3 ^ x, M3);
  }
  let x = i < n ? name.charCodeAt(i) | 0x10000 : 0x20000;
  x ^= mark << 24;
  h0 = Math.imul(h0 ^ x, M0);
  h1 = Math.imul(h1 ^ x, M1);
  h2 = Math.imul(h2 ^ x, M2);
  h3 = Math.imul(h3 ^ x, M3);
  const m = text.length;
  for (i = 0; i + 1 < m; i += 2) {
    const y = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    h0 = Math.imul(h0 ^ y, M0);
    h1 = Math.imul(h1 ^ y, M1);
    h2 = Math.imul(h2 ^ y, M2);
    h3 = Math.imul(h3 ^ y, M3);
  }
  const last = i < m ? text.charCodeAt(i) : 0;
  h0 = Math.imul(h0 ^ last, M0) ^ m;
  h1 = Math.imul(h1 ^ last, M1) ^ m;
  h2 = Math.imul(h2 ^ last, M2) ^ m;
  h3 = Math.imul(h3 ^ last, M3) ^ m;
  out[at] = fmix(h0);
  out[at + 1] = fmix(h1);
  out[at + 2] = fmix(h2);
  out[at + 3] = fmix(h3);
}

/** Whether a column the model does not read is left out of the digest (TimeGenerated, ingestion metadata). */
export function outOfDigest(name: string): boolean {
  return name === 'TimeGenerated' || name.startsWith('_');
}
