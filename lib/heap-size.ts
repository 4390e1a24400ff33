// An estimate of the heap a value holds, for bounding remembered results by the
// memory they keep rather than by their count: one walk, no serialization, done
// once when a result is remembered. The figures are V8's layout on 64-bit
// Node.js (no pointer compression): a header and a word per field, strings a
// byte per character. Calibrated against the live heap (bench/memory.ts;
// docs/ARCHITECTURE.md, Performance): the estimate of a remembered cluster is
// within a few percent of what the heap really grows by.

const WORD = 8;
const STRING_HEADER = 2 * WORD;
const OBJECT_HEADER = 3 * WORD;
const ARRAY_HEADER = 4 * WORD;
const COLLECTION_HEADER = 8 * WORD;

/** Strings at least this long are counted once per text: below it, the lookup would cost more than the error it avoids. */
const SHARED_STRING_LENGTH = 256;

export interface HeapSizeOptions {
  /**
   * Count frozen objects as nothing: in remembered inputs and results they are
   * results of another remembered stage, counted where they are remembered.
   */
  skipFrozen?: boolean;
}

/**
 * Approximate bytes of heap `values` keep alive together. An object reached
 * twice counts once, and so does a long text (a configuration value is both in
 * the Kafka's spec and in the configuration accepted from it); strings count a
 * byte per character: Kubernetes objects are ASCII but for the odd
 * description, which V8 stores with two bytes per character.
 */
export function heapBytes(values: readonly unknown[], options: HeapSizeOptions = {}): number {
  const skipFrozen = options.skipFrozen === true;
  const seen = new Set<unknown>();
  const walk = (v: unknown): number => {
    switch (typeof v) {
      case "string":
        if (v.length >= SHARED_STRING_LENGTH) {
          if (seen.has(v)) return 0;
          seen.add(v);
        }
        return STRING_HEADER + Math.ceil(v.length / WORD) * WORD;
      case "number":
        // Small integers live in the pointer itself; other numbers are a boxed double.
        return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 0 : 2 * WORD;
      case "object": {
        if (v === null || seen.has(v) || (skipFrozen && Object.isFrozen(v))) return 0;
        seen.add(v);
        if (ArrayBuffer.isView(v)) return ARRAY_HEADER + v.byteLength;
        if (Array.isArray(v)) {
          let bytes = ARRAY_HEADER + v.length * WORD;
          for (const item of v) bytes += walk(item);
          return bytes;
        }
        if (v instanceof Map) {
          let bytes = COLLECTION_HEADER + v.size * 4 * WORD;
          for (const [key, item] of v) bytes += walk(key) + walk(item);
          return bytes;
        }
        if (v instanceof Set) {
          let bytes = COLLECTION_HEADER + v.size * 3 * WORD;
          for (const item of v) bytes += walk(item);
          return bytes;
        }
        if (v instanceof Date) return OBJECT_HEADER + 2 * WORD;
        let bytes = OBJECT_HEADER;
        for (const key in v) {
          // A property is a word in the object and, in objects with many keys (dictionary mode), its key and details beside it.
          bytes += 3 * WORD + walk((v as Record<string, unknown>)[key]);
        }
        return bytes;
      }
      default:
        return 0;
    }
  };
  let bytes = 0;
  for (const value of values) bytes += walk(value);
  return bytes;
}
