// The external oracles of the PKI tests: OpenSSL and Java's keytool, run on files
// in a temporary directory. A test that needs a missing tool is skipped with a
// reason rather than failing, so machines without them can still run the suite.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], cwd?: string): Run {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  return { status: result.error ? null : result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

function available(command: string, args: readonly string[]): boolean {
  return run(command, args).status === 0;
}

const opensslFound = available("openssl", ["version"]);
const keytoolFound = available("keytool", ["-help"]);

/** tap `skip` options: false when the tool is there, else the reason shown in the report. */
export const needsOpenssl = { skip: opensslFound ? false : "openssl not found on PATH: OpenSSL assertions skipped" };
export const needsKeytool = { skip: keytoolFound ? false : "keytool not found on PATH: Java keystore assertions skipped" };

/** Writes the files into a fresh temporary directory, calls `body` with it, and removes it. */
export function withFiles<T>(files: Record<string, string | Buffer>, body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "kafka-hooks-pki-"));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function openssl(dir: string, ...args: string[]): Run {
  return run("openssl", args, dir);
}

export function keytool(dir: string, ...args: string[]): Run {
  return run("keytool", args, dir);
}

/** `openssl x509 -noout -text` with runs of whitespace collapsed, for matching across lines. */
export function certificateText(certificatePem: string): string {
  return withFiles({ "cert.pem": certificatePem }, (dir) => {
    const result = openssl(dir, "x509", "-in", "cert.pem", "-noout", "-text");
    if (result.status !== 0) throw new Error(`openssl x509 failed: ${result.stderr}`);
    return result.stdout.replace(/\s+/g, " ");
  });
}

/** Seconds since the epoch, for `openssl verify -attime`. */
export const epochSeconds = (date: Date): string => String(Math.floor(date.getTime() / 1000));
