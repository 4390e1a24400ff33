// The Strimzi examples that contain a Kafka, and the fixture each request is kept in.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import type { SyncRequest } from "../../lib/metacontroller.js";
import { firstBridgeSyncRequests, firstConnectSyncRequests, firstMirrorMaker2SyncRequests, firstSyncRequests } from "../../lib/sync/first-sync-request.js";
import { examplesDir } from "./paths.js";
import { NAMESPACE, readExample } from "./requests.js";

export function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith(".yaml") ? [path] : [];
  });
}

export interface ExampleRequest {
  /** Path under strimzi-examples/. */
  example: string;
  /** File name under test/fixtures/. */
  fixture: string;
  request: SyncRequest;
}

export function exampleRequests(): ExampleRequest[] {
  return yamlFiles(examplesDir).sort().flatMap((path) => {
    const example = relative(examplesDir, path);
    const requests = firstSyncRequests(readExample(example), NAMESPACE);
    const base = example.replace(/^kafka\//, "").replace(/\.yaml$/, "").replaceAll("/", "-");
    return requests.map((request) => ({
      example,
      fixture: `${requests.length > 1 ? `${base}-${request.parent.metadata.name}` : base}.sync.json`,
      request,
    }));
  });
}

/** The Strimzi examples that contain a KafkaBridge: their first-sync requests to the Bridge hook. */
export function exampleBridgeRequests(): ExampleRequest[] {
  return ownParentRequests(firstBridgeSyncRequests);
}

/** The Strimzi examples that contain a KafkaConnect: their first-sync requests to the Connect hook. */
export function exampleConnectRequests(): ExampleRequest[] {
  return ownParentRequests(firstConnectSyncRequests);
}

/** The Strimzi examples that contain a KafkaMirrorMaker2: their first-sync requests to the MirrorMaker 2 hook. */
export function exampleMirrorMaker2Requests(): ExampleRequest[] {
  return ownParentRequests(firstMirrorMaker2SyncRequests);
}

function ownParentRequests(first: typeof firstBridgeSyncRequests): ExampleRequest[] {
  return yamlFiles(examplesDir).sort().flatMap((path) => {
    const example = relative(examplesDir, path);
    return first(readExample(example), NAMESPACE).map((request) => ({
      example,
      fixture: `${example.replace(/\.yaml$/, "").replaceAll("/", "-")}.sync.json`,
      request,
    }));
  });
}

export const fixtureText = (request: SyncRequest): string => `${JSON.stringify(request, null, 2)}\n`;
