#!/usr/bin/env node
// kafka-hooks command line:
//   render  -f <file.yaml> [-n <namespace>] [--component <name>]... [--status] [--pods] [--observed <dir|file> [--restarts]] [--now <time>]
//           prints the children a sync of the Kafka in <file> would write (a GitOps preview): a first
//           sync, or with --observed the sync of the cluster as `kubectl get strimzipodsets,pods,secrets,configmaps
//           -o yaml` lists it (a file, or a directory of such files); then it also reports on stderr which pods
//           will restart and why, and with --restarts adds that report to the output as a `kind: Restarts` document;
//           --component openshift-routes / gateway-tlsroutes declares the child kinds that kustomize component
//           installs (Routes, TLSRoutes), so route and tlsroute listeners can be previewed
//   request -f <file.yaml> [-n <namespace>] [--component <name>]...
//           prints the sync request Metacontroller would send, for `curl -d @- .../kafka/sync`
// A KafkaBridge, KafkaConnect or KafkaMirrorMaker2 in <file> is rendered (and its request printed) too: its Secrets and ConfigMaps are
// read from <file> and, with --observed, from the observed objects. A KafkaTopic in <file> is rendered
// as a KafkaTopicPreview (lib/topics/preview.ts): the topic the Topic Operator would create, what it
// would refuse, and the status it would write. A KafkaUser is previewed by render
// (cli/user-preview.ts): its Secret's keys, its Kafka name, credential, ACLs and quotas, or why it is refused.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import yaml from "js-yaml";
import type { KubeObject } from "../lib/api/kubernetes.js";
import { STRIMZI_PODSET_API_VERSION, type StrimziPodSet } from "../lib/api/strimzi-podset.js";
import { objectsOfType, typeKey, type SyncRequest } from "../lib/metacontroller.js";
import { expandPodSet } from "../lib/podset/expand.js";
import { rollForecast } from "../lib/roller/forecast.js";
import { restartReport, restartReportText } from "../lib/roller/restart-report.js";
import type { ChildType } from "../lib/operands/operand.js";
import { OPTIONAL_CHILD_COMPONENTS } from "../lib/sync/child-types.js";
import { syncKafkaBridge } from "../lib/sync/bridge-sync.js";
import { syncKafkaConnect } from "../lib/sync/connect-sync.js";
import { syncKafkaMirrorMaker2 } from "../lib/sync/mirror-maker-2-sync.js";
import { firstBridgeSyncRequests, firstConnectSyncRequests, firstMirrorMaker2SyncRequests, firstSyncRequests, withNamespace } from "../lib/sync/first-sync-request.js";
import { syncKafka } from "../lib/sync/kafka-sync.js";
import { listItems, observedSyncRequest } from "../lib/sync/observed-request.js";
import { previewEnvironment, redactKeyMaterial } from "../lib/sync/preview.js";
import { CRUISE_CONTROL_EXTRAS_IMAGE_ENV } from "../lib/operands/cruise-control/gate.js";
import { systemKeyPairSource } from "../lib/pki/keys.js";
import { topicPreviews } from "../lib/topics/preview.js";
import { previewKafkaUsers } from "./user-preview.js";

const USAGE = "usage: kafka-hooks render|request -f <file.yaml> [-n <namespace>] [--component openshift-routes|gateway-tlsroutes]... [--status] [--pods] [--observed <dir|file> [--restarts]] [--now <time>] [--cruise-control-extras-image <image>]";

function readObjects(file: string): KubeObject[] {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  return listItems(yaml.loadAll(text));
}

/** A Bridge's request with the observed Secrets and ConfigMaps of its namespace related, as its customize hook asks for those it names. */
function withObservedRelated(request: SyncRequest, observed: readonly KubeObject[]): SyncRequest {
  const related = { ...request.related };
  for (const object of observed.filter((o) => (o.kind === "Secret" || o.kind === "ConfigMap") && o.apiVersion === "v1")) {
    const namespace = object.metadata.namespace ?? request.parent.metadata.namespace;
    if (namespace !== request.parent.metadata.namespace) continue;
    const type = typeKey(object.kind, object.apiVersion);
    related[type] = { ...related[type], [`${namespace}/${object.metadata.name}`]: { ...object, metadata: { ...object.metadata, namespace } } };
  }
  return { ...request, related };
}

/** Every YAML or JSON file of a directory, in name order, or the one file. */
function readObserved(path: string): KubeObject[] {
  if (!statSync(path).isDirectory()) return readObjects(path);
  return readdirSync(path).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().flatMap((f) => readObjects(join(path, f)));
}

function main(argv: string[]): number {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: "string", short: "f" },
      namespace: { type: "string", short: "n", default: "default" },
      component: { type: "string", multiple: true, default: [] },
      status: { type: "boolean", default: false },
      pods: { type: "boolean", default: false },
      observed: { type: "string" },
      restarts: { type: "boolean", default: false },
      now: { type: "string" },
      "cruise-control-extras-image": { type: "string" },
    },
  });
  const command = positionals[0];
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if ((command !== "render" && command !== "request") || !values.file || Number.isNaN(now.getTime()) || (values.restarts && !values.observed)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const optionalChildTypes = values.component.map((name) => OPTIONAL_CHILD_COMPONENTS.get(name));
  if (optionalChildTypes.some((type) => type === undefined)) {
    process.stderr.write(`unknown component among ${values.component.join(", ")}: one of ${[...OPTIONAL_CHILD_COMPONENTS.keys()].join(", ")}\n`);
    return 2;
  }
  const objects = readObjects(values.file);
  const requests = firstSyncRequests(objects, values.namespace, optionalChildTypes.filter((type): type is ChildType => type !== undefined));
  const bridgeRequests = firstBridgeSyncRequests(objects, values.namespace);
  const connectRequests = firstConnectSyncRequests(objects, values.namespace);
  const mirrorMaker2Requests = firstMirrorMaker2SyncRequests(objects, values.namespace);
  const topics = command === "render" ? topicPreviews(objects, values.namespace, now) : [];
  const hasUsers = command === "render" && objects.some((o) => o.kind === "KafkaUser");
  if (requests.length === 0 && bridgeRequests.length === 0 && connectRequests.length === 0 && mirrorMaker2Requests.length === 0 && topics.length === 0 && !hasUsers) {
    process.stderr.write(`no kafka.strimzi.io/v1 Kafka, KafkaBridge, KafkaConnect, KafkaMirrorMaker2${command === "render" ? ", KafkaTopic or KafkaUser" : ""} in ${values.file}\n`);
    return 1;
  }
  if (command === "request") {
    const all = [...requests, ...bridgeRequests, ...connectRequests, ...mirrorMaker2Requests];
    process.stdout.write(`${JSON.stringify(all.length === 1 ? all[0] : all, null, 2)}\n`);
    return 0;
  }
  const observed = values.observed === undefined ? undefined : readObserved(values.observed);
  // The operator's gate (CRUISE_CONTROL_EXTRAS_IMAGE on the hooks Deployment), so that a preview matches the install.
  const cruiseControlExtrasImage = values["cruise-control-extras-image"] ?? process.env[CRUISE_CONTROL_EXTRAS_IMAGE_ENV];
  const documents: unknown[] = [];
  const throwawayKey = systemKeyPairSource();
  for (const first of requests) {
    const cluster = observed ? observedSyncRequest(first, observed) : { request: first, pods: [] };
    // Seeded by the cluster's name so that a preview is the same on every run.
    const seed = `${first.parent.metadata.namespace}/${first.parent.metadata.name}`;
    const answer = syncKafka(cluster.request, previewEnvironment(seed, throwawayKey, now, cruiseControlExtrasImage));
    const children = redactKeyMaterial(answer.children);
    documents.push(...children);
    if (values.pods) {
      documents.push(...children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet").flatMap(expandPodSet));
    }
    if (values.status) documents.push({ kind: "Status", of: seed, status: answer.status });
    if (observed) {
      const forecast = rollForecast({
        kafka: cluster.request.parent,
        desired: answer.children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet"),
        observed: objectsOfType<StrimziPodSet>(cluster.request.children, "StrimziPodSet", STRIMZI_PODSET_API_VERSION),
        pods: cluster.pods,
        now,
      });
      const report = restartReport(seed, forecast);
      process.stderr.write(restartReportText(report));
      if (values.restarts) documents.push(report);
    }
  }
  for (const first of bridgeRequests) {
    const seed = `${first.parent.metadata.namespace}/${first.parent.metadata.name}`;
    const answer = syncKafkaBridge(observed ? withObservedRelated(first, observed) : first, previewEnvironment(seed, throwawayKey, now));
    documents.push(...redactKeyMaterial(answer.children));
    if (values.status) documents.push({ kind: "Status", of: seed, status: answer.status });
  }
  const workerSyncs = [
    ...connectRequests.map((request) => ({ request, sync: syncKafkaConnect })),
    ...mirrorMaker2Requests.map((request) => ({ request, sync: syncKafkaMirrorMaker2 })),
  ];
  for (const { request: first, sync } of workerSyncs) {
    const seed = `${first.parent.metadata.namespace}/${first.parent.metadata.name}`;
    const answer = sync(observed ? withObservedRelated(first, observed) : first, previewEnvironment(seed, throwawayKey, now));
    const children = redactKeyMaterial(answer.children);
    documents.push(...children);
    if (values.pods) documents.push(...children.filter((c): c is StrimziPodSet => c.kind === "StrimziPodSet").flatMap(expandPodSet));
    if (values.status) documents.push({ kind: "Status", of: seed, status: answer.status });
  }
  documents.push(...topics);
  if (hasUsers) {
    const placed = (list: readonly KubeObject[]): KubeObject[] => list.map((o) => withNamespace(o, values.namespace));
    documents.push(...previewKafkaUsers(placed(objects), placed(observed ?? []), throwawayKey, now));
  }
  process.stdout.write(documents.map((d) => yaml.dump(d, { noRefs: true, lineWidth: -1 })).join("---\n"));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
