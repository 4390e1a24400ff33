import { createHash } from "node:crypto";

/** A short, stable digest for annotations that must change when their input changes. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Strimzi's Util.hashStub: the first 8 hex digits of SHA-1, which Strimzi puts in paths and annotations users already have. */
export function hashStub(text: string): string {
  return createHash("sha1").update(text).digest("hex").slice(0, 8);
}
