// The hooks' TLS material from files (the kafka-hooks-tls Secret, mounted), read
// again periodically: the sidecar replaces the serving certificate before it
// ends and the kubelet updates the mounted files, so the server takes the new
// one without a restart. A read that fails or does not fit together (the kubelet
// swaps the files between two reads, a key that is not the certificate's) keeps
// the current certificate and is tried again next time.
import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import type { HookTls } from "./server.js";

export interface TlsFiles {
  cert: string;
  key: string;
  clientCa?: string;
}

/** The material, or undefined while a file is missing or unreadable (a Secret not yet created or mounted). */
export function readTlsFiles(files: TlsFiles): HookTls | undefined {
  try {
    return {
      cert: readFileSync(files.cert, "utf8"),
      key: readFileSync(files.key, "utf8"),
      ...(files.clientCa ? { clientCa: readFileSync(files.clientCa, "utf8") } : {}),
    };
  } catch {
    return undefined;
  }
}

/** What a TLS server offers to change its certificate in place (node:tls and node:https servers). */
export interface SecureContextTarget {
  setSecureContext(options: { cert: string; key: string; ca?: string }): void;
}

export type ReloadResult = "unchanged" | "reloaded" | "unusable";

export class TlsReloader {
  constructor(private readonly files: TlsFiles, private readonly server: SecureContextTarget, private current: HookTls) {}

  /** Reads the files; installs them if they changed and fit together. */
  check(): ReloadResult {
    const next = readTlsFiles(this.files);
    if (!next) return "unusable";
    if (next.cert === this.current.cert && next.key === this.current.key && next.clientCa === this.current.clientCa) return "unchanged";
    const options = { cert: next.cert, key: next.key, ...(next.clientCa ? { ca: next.clientCa } : {}) };
    try {
      // Throws on a key that is not the certificate's, before anything changes.
      createSecureContext(options);
    } catch {
      return "unusable";
    }
    this.server.setSecureContext(options);
    this.current = next;
    return "reloaded";
  }
}
