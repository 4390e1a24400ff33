// Sync requests built from the Strimzi examples, as Metacontroller would send them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { firstSyncRequests } from "../../lib/sync/first-sync-request.js";
import { DEFAULT_NEW_KEYS_PER_SYNC, seededRandom, type Environment } from "../../lib/environment.js";
import { cyclingFixtureKeys } from "./keys.js";
import { examplesDir } from "./paths.js";

export const NAMESPACE = "myproject";

export function readExample(relativePath: string): KubeObject[] {
  const text = readFileSync(join(examplesDir, relativePath), "utf8");
  return yaml.loadAll(text).filter((d): d is KubeObject => typeof d === "object" && d !== null && "kind" in d);
}

/** The first-sync request for the (only) Kafka of an example file. */
export function exampleRequest(relativePath: string): SyncRequest {
  const [request] = firstSyncRequests(readExample(relativePath), NAMESPACE);
  if (!request) throw new Error(`${relativePath} has no Kafka`);
  return request;
}

/** A fixed clock, seeded randomness and fixture keys: the same request always gets the same answer. */
export function testEnvironment(seed = "test"): Environment {
  return {
    now: () => new Date("2026-11-24T12:00:00.000Z"),
    random: seededRandom(seed),
    newPrivateKey: cyclingFixtureKeys(),
    newKeysPerSync: DEFAULT_NEW_KEYS_PER_SYNC,
  };
}
