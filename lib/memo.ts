// Remembering the results of pure, costly functions across hook calls. A running
// cluster sends the same certificates and specifications on every sync; checking
// a signature, parsing a private key or building 300 children again each time
// costs far more than reading the request. Bounded by the bytes they hold, so
// memory grows neither with the requests served nor with the size of a cluster.
import { LRUCache } from "lru-cache";
import { heapBytes } from "./heap-size.js";
import { sameData } from "./same-data.js";

/** Whose results are remembered: a custom resource deleted and created again under its name (a new uid) starts afresh. */
export const rememberedKey = (object: { metadata: { name: string; namespace?: string; uid?: string } }): string =>
  `${object.metadata.namespace ?? ""}/${object.metadata.name}/${object.metadata.uid ?? ""}`;

/** Lookups that recalled a result, and those that did not: what the metrics report per stage. */
export interface Lookups {
  recalled: number;
  missed: number;
}

/** A cache of remembered results, as the metrics see it. */
export interface RememberedStage {
  /** Names the stage in the metrics (`kafka_hooks_remembered_lookups_total`, `kafka_hooks_remembered_bytes`). */
  readonly stage: string;
  readonly lookups: Lookups;
  /** Estimated bytes held now (lib/heap-size.ts), at most `maxBytes`. */
  readonly bytes: number;
  readonly maxBytes: number;
}

/** A function remembered by its arguments, with its stage for the metrics. */
export type Memoized<Args extends string[], Result> = ((...args: Args) => Result) & { readonly stage: RememberedStage };

/**
 * `fn` remembered by its arguments (texts such as PEM certificates), up to
 * `maxBytes` of estimated heap for the keys and results together, least
 * recently used first out; a result larger than that alone is not kept.
 */
export function memoize<Args extends string[], Result>(stage: string, maxBytes: number, fn: (...args: Args) => Result): Memoized<Args, Result> {
  // Boxed, because the cache cannot hold `undefined`, a valid result.
  const results = new LRUCache<string, { result: Result }>({
    maxSize: maxBytes,
    sizeCalculation: ({ result }, key) => Math.max(1, heapBytes([key, result])),
  });
  const lookups: Lookups = { recalled: 0, missed: 0 };
  const remembered = (...args: Args): Result => {
    // The texts themselves are the key (a Map hashes a string far faster than a
    // cryptographic digest does); each is prefixed with its length, so no two
    // argument lists make the same key.
    const key = args.map((arg) => `${arg.length}:${arg}`).join("");
    const known = results.get(key);
    if (known !== undefined) {
      lookups.recalled++;
      return known.result;
    }
    lookups.missed++;
    const result = fn(...args);
    results.set(key, { result });
    return result;
  };
  return Object.assign(remembered, { stage: { stage, lookups, maxBytes, get bytes() { return results.calculatedSize; } } });
}

/** Freezes a result and everything it holds (Map and Set contents too), so no caller can change what later calls are given. */
function freezeDeeply(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  if (value instanceof Map) {
    for (const entry of value.values()) freezeDeeply(entry);
  } else if (value instanceof Set) {
    for (const entry of value) freezeDeeply(entry);
  } else {
    for (const entry of Object.values(value)) freezeDeeply(entry);
  }
  Object.freeze(value);
}

/**
 * A copy of inputs that later changes to the originals cannot reach (a caller
 * may change a request in place and sync again). Frozen parts, such as earlier
 * remembered results, are immutable already and are kept as they are, so they
 * still compare by identity; functions and class instances compare by identity
 * anyway.
 */
function snapshot<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return value.map(snapshot) as T;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, snapshot(v)])) as T;
  if (value instanceof Set) return new Set(value) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, snapshot(v)])) as T;
}

interface Remembered<Inputs, Result> {
  inputs: Inputs;
  result: Result;
  /** Milliseconds since the epoch after which the result may no longer stand. */
  until: number;
  /** Estimated heap the entry keeps: its copied inputs, its result, and what `extraBytes` adds. */
  bytes: number;
}

/**
 * The last result of a costly stage per key (one cluster), with the inputs it
 * was computed from: the next sync of a running cluster usually brings the same
 * inputs, so the stage's answer stands. Inputs compare by content (sameData);
 * results are frozen, so a caller that tried to change one would fail loudly
 * instead of corrupting later answers. Bounded by the bytes it holds, least
 * recently used first out (lru-cache); a result larger than the whole bound is
 * not kept.
 */
export class LastResults<Inputs, Result> implements RememberedStage {
  private readonly entries: LRUCache<string, Remembered<Inputs, Result>>;
  readonly lookups: Lookups = { recalled: 0, missed: 0 };

  /**
   * @param stage names the stage in the metrics.
   * @param maxBytes the estimated heap remembered at most, over all keys.
   * @param extraBytes bytes a result keeps beyond its objects, such as its encoded JSON (lib/encoded-json.ts).
   */
  constructor(readonly stage: string, readonly maxBytes: number, private readonly extraBytes: (result: Result) => number = () => 0) {
    this.entries = new LRUCache({ maxSize: maxBytes, sizeCalculation: (entry) => entry.bytes });
  }

  get bytes(): number {
    return this.entries.calculatedSize;
  }

  /** The result remembered for `key`, if it came from the same inputs and `now` (ms) has not passed its horizon. */
  recall(key: string, inputs: Inputs, now: number = Number.NEGATIVE_INFINITY): Result | undefined {
    const entry = this.entries.peek(key);
    if (entry === undefined || now > entry.until || !sameData(entry.inputs, inputs)) {
      this.lookups.missed++;
      return undefined;
    }
    this.lookups.recalled++;
    // Marks it most recently used, so the least recently used goes first.
    this.entries.get(key);
    return entry.result;
  }

  /** Remembers `result`, frozen, and returns it; `until` bounds, in ms since the epoch, how long it stands. */
  remember(key: string, inputs: Inputs, result: Result, until: number = Number.POSITIVE_INFINITY): Result {
    const copy = snapshot(inputs);
    const objectBytes = heapBytes([key, copy, result], { skipFrozen: true });
    // The extra bytes (an encoding) are only worth computing for a result that may be kept.
    const bytes = objectBytes > this.maxBytes ? objectBytes : objectBytes + this.extraBytes(result);
    if (bytes > this.maxBytes) {
      // Too large to keep: whatever this key held is outdated now.
      this.entries.delete(key);
      return result;
    }
    freezeDeeply(result);
    this.entries.set(key, { inputs: copy, result, until, bytes });
    return result;
  }
}
