#!/usr/bin/env node
// kafka-hooks command line:
//   render  -f <file.yaml> [-n <namespace>] [--status] [--pods]
//           prints the children a first sync of the Kafka in <file> would create (a GitOps preview)
//   request -f <file.yaml> [-n <namespace>]
//           prints the sync request Metacontroller would send, for `curl -d @- .../kafka/sync`
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import yaml from "js-yaml";
import type { KubeObject } from "../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../lib/api/strimzi-podset.js";
import { expandPodSet } from "../lib/podset/expand.js";
import { firstSyncRequests } from "../lib/sync/first-sync-request.js";
import { syncKafka } from "../lib/sync/kafka-sync.js";
import { previewEnvironment, redactKeyMaterial } from "../lib/sync/preview.js";
import { systemKeyPairSource } from "../lib/pki/keys.js";

const USAGE = "usage: kafka-hooks render|request -f <file.yaml> [-n <namespace>] [--status] [--pods]";

function readObjects(file: string): KubeObject[] {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  return yaml.loadAll(text).filter((doc): doc is KubeObject => typeof doc === "object" && doc !== null && "kind" in doc);
}

function main(argv: string[]): number {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: "string", short: "f" },
      namespace: { type: "string", short: "n", default: "default" },
      status: { type: "boolean", default: false },
      pods: { type: "boolean", default: false },
    },
  });
  const command = positionals[0];
  if ((command !== "render" && command !== "request") || !values.file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const requests = firstSyncRequests(readObjects(values.file), values.namespace);
  if (requests.length === 0) {
    process.stderr.write(`no kafka.strimzi.io/v1 Kafka in ${values.file}\n`);
    return 1;
  }
  if (command === "request") {
    process.stdout.write(`${JSON.stringify(requests.length === 1 ? requests[0] : requests, null, 2)}\n`);
    return 0;
  }
  const documents: unknown[] = [];
  const throwawayKey = systemKeyPairSource();
  for (const request of requests) {
    // Seeded by the cluster's name so that a preview is the same on every run.
    const seed = `${request.parent.metadata.namespace}/${request.parent.metadata.name}`;
    const answer = syncKafka(request, previewEnvironment(seed, throwawayKey, new Date()));
    const children = redactKeyMaterial(answer.children);
    documents.push(...children);
    if (values.pods) {
      documents.push(...children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet").flatMap(expandPodSet));
    }
    if (values.status) documents.push({ kind: "Status", of: seed, status: answer.status });
  }
  process.stdout.write(documents.map((d) => yaml.dump(d, { noRefs: true, lineWidth: -1 })).join("---\n"));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
