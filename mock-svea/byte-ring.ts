// The newest records of a busy log, encoded into one Buffer allocated up front, oldest dropped first.
//
// Why bytes: a record kept for a few thousand requests outlives the garbage collector's young generation, so as JS
// objects every record is copied into the old generation and dies there. Under load that is megabytes a second of
// old-generation garbage, which the heap grows to hold until a full collection (a mock holding 50,000 orders grew by
// about 120 MB of resident memory in 12-16 s of status reads). Here a record is bytes in a Buffer outside the JS heap,
// and becomes objects again only when someone reads the log.

/** What a record holds: fields in a fixed order, each a string, a number, null, undefined or a list of strings. */
export type RingField = string | number | null | undefined | readonly string[];

const NULL = 0;
const UNDEFINED = 1;
const STRING = 2;
const NUMBER = 3;
const STRINGS = 4;

export class ByteRing {
  private readonly bytes: Buffer;
  /** Where each kept record starts and how many bytes it takes, in slots used round-robin; `first` is the oldest. */
  private readonly starts: Int32Array;
  private readonly lengths: Int32Array;
  private first = 0;
  private count = 0;
  /** Where the next record goes; records of the lap before lie at and after it, this lap's before it. */
  private writeAt = 0;

  constructor(
    readonly maxRecords: number,
    readonly maxBytes: number,
  ) {
    if (!(Number.isInteger(maxRecords) && maxRecords > 0)) throw new RangeError(`maxRecords must be a positive integer, got ${maxRecords}`);
    if (!(Number.isInteger(maxBytes) && maxBytes > 0 && maxBytes <= 0x7fffffff)) throw new RangeError(`maxBytes must be a positive integer below 2 GiB, got ${maxBytes}`);
    // Not zero-filled: only bytes written are ever read, and pages never written stay out of resident memory.
    this.bytes = Buffer.allocUnsafeSlow(maxBytes);
    this.starts = new Int32Array(maxRecords);
    this.lengths = new Int32Array(maxRecords);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Keeps a record, dropping the oldest ones its bytes overwrite (and the oldest beyond maxRecords). Returns false,
   * keeping nothing and dropping nothing, when the record alone is larger than the ring.
   */
  add(fields: readonly RingField[]): boolean {
    const size = encodedSize(fields);
    if (size > this.maxBytes) return false;
    if (this.count === this.maxRecords) this.dropOldest();
    if (this.writeAt + size > this.maxBytes) {
      // Wrap: what the lap before still holds past writeAt is the oldest, and the space after it goes unused.
      while (this.count > 0 && this.starts[this.first]! >= this.writeAt) this.dropOldest();
      this.writeAt = 0;
    }
    const end = this.writeAt + size;
    // Records of the lap before that start inside the new record's bytes: always the oldest, in order.
    while (this.count > 0 && this.starts[this.first]! >= this.writeAt && this.starts[this.first]! < end) this.dropOldest();
    const written = this.encode(fields, this.writeAt);
    if (written !== end) throw new Error(`ByteRing: encoded ${written - this.writeAt} bytes, expected ${size}`);
    const slot = (this.first + this.count) % this.maxRecords;
    this.starts[slot] = this.writeAt;
    this.lengths[slot] = size;
    this.count++;
    this.writeAt = end;
    return true;
  }

  /** Every kept record's fields, oldest first, decoded afresh. */
  records(): RingField[][] {
    const out: RingField[][] = [];
    for (let i = 0; i < this.count; i++) {
      const slot = (this.first + i) % this.maxRecords;
      out.push(this.decode(this.starts[slot]!, this.starts[slot]! + this.lengths[slot]!));
    }
    return out;
  }

  clear(): void {
    this.first = 0;
    this.count = 0;
    this.writeAt = 0;
  }

  private dropOldest(): void {
    this.first = (this.first + 1) % this.maxRecords;
    this.count--;
  }

  private encode(fields: readonly RingField[], at: number): number {
    const b = this.bytes;
    for (const field of fields) {
      if (field === null) b[at++] = NULL;
      else if (field === undefined) b[at++] = UNDEFINED;
      else if (typeof field === "number") {
        b[at++] = NUMBER;
        at = b.writeDoubleLE(field, at);
      } else if (typeof field === "string") {
        b[at++] = STRING;
        at = this.writeString(field, at);
      } else {
        b[at++] = STRINGS;
        at = b.writeUInt32LE(field.length, at);
        for (const s of field) at = this.writeString(s, at);
      }
    }
    return at;
  }

  private writeString(s: string, at: number): number {
    const length = this.bytes.write(s, at + 4, "utf8");
    this.bytes.writeUInt32LE(length, at);
    return at + 4 + length;
  }

  private decode(at: number, end: number): RingField[] {
    const b = this.bytes;
    const fields: RingField[] = [];
    const readString = (): string => {
      const length = b.readUInt32LE(at);
      const s = b.toString("utf8", at + 4, at + 4 + length);
      at += 4 + length;
      return s;
    };
    while (at < end) {
      const tag = b[at++];
      if (tag === NULL) fields.push(null);
      else if (tag === UNDEFINED) fields.push(undefined);
      else if (tag === NUMBER) {
        fields.push(b.readDoubleLE(at));
        at += 8;
      } else if (tag === STRING) fields.push(readString());
      else {
        const n = b.readUInt32LE(at);
        at += 4;
        const list: string[] = [];
        for (let i = 0; i < n; i++) list.push(readString());
        fields.push(list);
      }
    }
    return fields;
  }
}

function encodedSize(fields: readonly RingField[]): number {
  let size = 0;
  for (const field of fields) {
    if (field === null || field === undefined) size += 1;
    else if (typeof field === "number") size += 9;
    else if (typeof field === "string") size += 5 + Buffer.byteLength(field, "utf8");
    else {
      size += 5;
      for (const s of field) size += 4 + Buffer.byteLength(s, "utf8");
    }
  }
  return size;
}
