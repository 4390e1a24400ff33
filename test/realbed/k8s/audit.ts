// The API server's audit log, as a test's witness of what a client really
// sent and what the server answered: requests of one user at the Metadata level
// (verb, URI with its query, response code), once each request completed.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RealCluster } from "./cluster.js";

export interface AuditEvent {
  verb: string;
  requestURI: string;
  responseStatus?: { code?: number };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
}

const LOG = "audit.log";

/** kube-apiserver flags that audit every request of `user` into the run's directory. */
export function auditUser(user: string): (dir: string) => string[] {
  return (dir) => {
    const policy = join(dir, "audit-policy.json");
    writeFileSync(policy, JSON.stringify({
      apiVersion: "audit.k8s.io/v1", kind: "Policy",
      omitStages: ["RequestReceived", "ResponseStarted"],
      rules: [{ level: "Metadata", users: [user] }, { level: "None" }],
    }));
    return ["--audit-policy-file", policy, "--audit-log-path", join(dir, LOG), "--audit-log-format", "json"];
  };
}

/** The audited requests so far, in the order they completed. */
export function auditEvents(cluster: RealCluster): AuditEvent[] {
  const path = join(cluster.dir, LOG);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as AuditEvent);
}

/** An audited request's path and query parameters. */
export function requestOf(event: AuditEvent): { path: string; query: URLSearchParams } {
  const url = new URL(event.requestURI, "https://audit");
  return { path: url.pathname, query: url.searchParams };
}
