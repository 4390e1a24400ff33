import { createHash } from "node:crypto";

/** A short, stable digest for annotations that must change when their input changes. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
