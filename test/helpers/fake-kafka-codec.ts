// The Kafka wire primitives the stand-in needs, written from the protocol guide
// and independent of the client under test: big-endian integers, unsigned
// varints, and the compact (length + 1) strings and arrays and tagged fields of
// flexible versions.

export class Writer {
  readonly #chunks: Buffer[] = [];

  #push(size: number, write: (b: Buffer) => void): this {
    const b = Buffer.alloc(size);
    write(b);
    this.#chunks.push(b);
    return this;
  }

  int8(v: number): this { return this.#push(1, (b) => b.writeInt8(v)); }
  bool(v: boolean): this { return this.int8(v ? 1 : 0); }
  int16(v: number): this { return this.#push(2, (b) => b.writeInt16BE(v)); }
  uint16(v: number): this { return this.#push(2, (b) => b.writeUInt16BE(v)); }
  int32(v: number): this { return this.#push(4, (b) => b.writeInt32BE(v)); }
  int64(v: number | bigint): this { return this.#push(8, (b) => b.writeBigInt64BE(BigInt(v))); }
  raw(b: Buffer): this { this.#chunks.push(b); return this; }

  uvarint(v: number): this {
    const bytes: number[] = [];
    let rest = v;
    while (rest > 0x7f) {
      bytes.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    bytes.push(rest);
    return this.raw(Buffer.from(bytes));
  }

  /** 16 bytes; `hex` is 32 hex digits, dashes allowed. */
  uuid(hex: string): this { return this.raw(Buffer.from(hex.replaceAll("-", ""), "hex")); }

  string(v: string): this { const b = Buffer.from(v, "utf8"); return this.int16(b.length).raw(b); }
  compactString(v: string): this { const b = Buffer.from(v, "utf8"); return this.uvarint(b.length + 1).raw(b); }
  compactNullableString(v: string | null): this { return v === null ? this.uvarint(0) : this.compactString(v); }

  array<T>(items: readonly T[], write: (w: Writer, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) write(this, item);
    return this;
  }

  /** A compact array of structs: each element ends with its (here empty) tagged fields. */
  compactArray<T>(items: readonly T[], write: (w: Writer, item: T) => void): this {
    this.uvarint(items.length + 1);
    for (const item of items) {
      write(this, item);
      this.taggedFields();
    }
    return this;
  }

  compactInt32Array(items: readonly number[]): this {
    this.uvarint(items.length + 1);
    for (const item of items) this.int32(item);
    return this;
  }

  taggedFields(fields: ReadonlyArray<readonly [number, Buffer]> = []): this {
    this.uvarint(fields.length);
    for (const [tag, data] of fields) this.uvarint(tag).uvarint(data.length).raw(data);
    return this;
  }

  bytes(): Buffer { return Buffer.concat(this.#chunks); }
}

export class Reader {
  #offset = 0;
  constructor(private readonly buffer: Buffer) {}

  #take(size: number): Buffer {
    if (this.#offset + size > this.buffer.length) throw new Error(`read past the end of a ${this.buffer.length}-byte request`);
    const slice = this.buffer.subarray(this.#offset, this.#offset + size);
    this.#offset += size;
    return slice;
  }

  int8(): number { return this.#take(1).readInt8(); }
  bool(): boolean { return this.int8() !== 0; }
  int16(): number { return this.#take(2).readInt16BE(); }
  int32(): number { return this.#take(4).readInt32BE(); }

  uvarint(): number {
    let value = 0;
    for (let shift = 1; ; shift *= 128) {
      const byte = this.#take(1).readUInt8();
      value += (byte & 0x7f) * shift;
      if ((byte & 0x80) === 0) return value;
    }
  }

  uuid(): string { return this.#take(16).toString("hex"); }
  nullableString(): string | null { const n = this.int16(); return n < 0 ? null : this.#take(n).toString("utf8"); }
  compactNullableString(): string | null { const n = this.uvarint(); return n === 0 ? null : this.#take(n - 1).toString("utf8"); }
  compactString(): string { return this.compactNullableString() ?? ""; }

  compactNullableArray<T>(read: (r: Reader) => T): T[] | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const items: T[] = [];
    for (let i = 0; i < n - 1; i++) {
      items.push(read(this));
      this.skipTaggedFields();
    }
    return items;
  }

  compactArray<T>(read: (r: Reader) => T): T[] { return this.compactNullableArray(read) ?? []; }

  /** A compact array of plain strings (no tagged fields after each). */
  compactNullableStringArray(): string[] | null {
    const n = this.uvarint();
    if (n === 0) return null;
    return Array.from({ length: n - 1 }, () => this.compactString());
  }

  skipTaggedFields(): void {
    for (let count = this.uvarint(); count > 0; count--) {
      this.uvarint();
      this.#take(this.uvarint());
    }
  }

  get remaining(): number { return this.buffer.length - this.#offset; }
}
