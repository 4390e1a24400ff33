// Remembering the results of pure, costly functions across hook calls. A running
// cluster sends the same certificates and specifications on every sync; checking
// a signature, parsing a private key or building 300 children again each time
// costs far more than reading the request. Bounded, so memory does not grow with
// the number of requests served.
import { sameData } from "./same-data.js";

/** Whose results are remembered: a custom resource deleted and created again under its name (a new uid) starts afresh. */
export const rememberedKey = (object: { metadata: { name: string; namespace?: string; uid?: string } }): string =>
  `${object.metadata.namespace ?? ""}/${object.metadata.name}/${object.metadata.uid ?? ""}`;

/** Sets `key` in a bounded map, forgetting the oldest entry (Maps iterate in insertion order) when it is full. */
function setBounded<V>(map: Map<string, V>, capacity: number, key: string, value: V): void {
  map.delete(key);
  if (map.size >= capacity) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}

export function memoize<Args extends string[], Result>(fn: (...args: Args) => Result, capacity: number): (...args: Args) => Result {
  const results = new Map<string, Result>();
  return (...args: Args): Result => {
    // The texts themselves are the key (a Map hashes a string far faster than a
    // cryptographic digest does); each is prefixed with its length, so no two
    // argument lists make the same key.
    const key = args.map((arg) => `${arg.length}:${arg}`).join("");
    const known = results.get(key);
    if (known !== undefined || results.has(key)) return known as Result;
    const result = fn(...args);
    setBounded(results, capacity, key, result);
    return result;
  };
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

/** Every stage whose results are remembered, for the metrics. */
export const REMEMBERED_STAGES: Array<Pick<LastResults<unknown, unknown>, "stage" | "lookups">> = [];

interface Remembered<Inputs, Result> {
  inputs: Inputs;
  result: Result;
  /** Milliseconds since the epoch after which the result may no longer stand. */
  until: number;
  weight: number;
}

/**
 * The last result of a costly stage per key (one cluster), with the inputs it
 * was computed from: the next sync of a running cluster usually brings the same
 * inputs, so the stage's answer stands. Inputs compare by content (sameData);
 * results are frozen, so a caller that tried to change one would fail loudly
 * instead of corrupting later answers. Bounded by the total weight of what it
 * holds (by default one per result; a stage weighs its results by what their
 * memory grows with, such as nodes), least recently used first out.
 */
export class LastResults<Inputs, Result> {
  private readonly entries = new Map<string, Remembered<Inputs, Result>>();
  private weight = 0;
  /** Lookups that recalled a result, and those that did not: what the metrics report per stage. */
  readonly lookups = { recalled: 0, missed: 0 };

  /**
   * @param stage names the stage in the metrics (`kafka_hooks_remembered_lookups_total`).
   * @param capacity the total weight remembered; a result heavier than that alone is not remembered.
   */
  constructor(readonly stage: string, private readonly capacity: number, private readonly weigh: (result: Result) => number = () => 1) {
    REMEMBERED_STAGES.push(this);
  }

  /** The result remembered for `key`, if it came from the same inputs and `now` (ms) has not passed its horizon. */
  recall(key: string, inputs: Inputs, now: number = Number.NEGATIVE_INFINITY): Result | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || now > entry.until || !sameData(entry.inputs, inputs)) {
      this.lookups.missed++;
      return undefined;
    }
    this.lookups.recalled++;
    // Most recently used last, so the least recently used goes first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.result;
  }

  /** Remembers `result`, frozen, and returns it; `until` bounds, in ms since the epoch, how long it stands. */
  remember(key: string, inputs: Inputs, result: Result, until: number = Number.POSITIVE_INFINITY): Result {
    this.forget(key);
    const weight = this.weigh(result);
    if (weight > this.capacity) return result;
    for (const oldest of this.entries.keys()) {
      if (this.weight + weight <= this.capacity) break;
      this.forget(oldest);
    }
    freezeDeeply(result);
    this.entries.set(key, { inputs: snapshot(inputs), result, until, weight });
    this.weight += weight;
    return result;
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }
}
