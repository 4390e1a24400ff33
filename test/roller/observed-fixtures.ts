// The observed clusters `render --observed` is tested on, as `kubectl get
// strimzipodsets,pods,secrets,configmaps -n myproject -o yaml` prints them:
// Lists of objects with the API server's fields and keys in its (sorted) order.
// Pods carry the revision the PodSet hook gives them from the PodSet as the
// API server returns it. Written to test/fixtures/observed/ by
// `node dist/test/roller/observed-fixtures.js`; observed-render.test.ts fails
// while they differ from what this makes.
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import type { KubeObject, OwnerReference, Pod } from "../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../lib/api/strimzi-podset.js";
import { expandPod } from "../../lib/podset/expand.js";
import { withRevision } from "../../lib/podset/revision.js";
import { ROLL_STATUS_ANNOTATION, type RollStatus } from "../../lib/roller/roll-status.js";
import { exampleCluster, reconfigured, type ExampleCluster } from "../helpers/example-cluster.js";
import { repoRoot } from "../helpers/paths.js";
import { readExample } from "../helpers/requests.js";

export const OBSERVED_DIR = join(repoRoot, "test", "fixtures", "observed");
const CREATED = "2026-11-24T11:00:00Z";
const SINCE = "2026-11-24T11:58:00.000Z";

/** The configuration change the fixtures are about: a longer retention. */
export const longerRetention = (spec: Record<string, unknown>): void => {
  (spec.kafka as { config: Record<string, unknown> }).config["log.retention.hours"] = 72;
};

/** Keys sorted at every level, as the API server and kubectl write them. */
const sorted = <T>(value: T): T => yaml.load(yaml.dump(value, { sortKeys: true, lineWidth: -1, noRefs: true })) as T;

const kafkaOwner: OwnerReference = { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", name: "my-cluster", uid: "0b6c36a4-0000-4000-8000-000000000001", controller: true, blockOwnerDeletion: true };

function stored(object: KubeObject, generation: number | undefined, owner: OwnerReference): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      uid: `uid-${object.kind.toLowerCase()}-${object.metadata.name}`,
      resourceVersion: "1001",
      creationTimestamp: CREATED,
      ...(generation !== undefined ? { generation } : {}),
      ownerReferences: [owner],
    },
  };
}

function podSetOwner(podSet: StrimziPodSet): OwnerReference {
  return { apiVersion: "core.strimzi.io/v1", kind: "StrimziPodSet", name: podSet.metadata.name, uid: `uid-strimzipodset-${podSet.metadata.name}`, controller: true, blockOwnerDeletion: true };
}

/** Pods as the PodSet hook made them from `podSet` (as the API server returns it), ready. */
function podsOf(podSet: StrimziPodSet, names: ReadonlySet<string>): KubeObject[] {
  return podSet.spec.pods.filter((entry) => names.has(entry.metadata.name)).map((entry) => {
    const pod: Pod = { ...withRevision(expandPod(podSet, entry)), status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] } };
    return stored(pod as KubeObject, undefined, podSetOwner(podSet));
  });
}

const list = (items: readonly KubeObject[]): string =>
  yaml.dump(sorted({ apiVersion: "v1", kind: "List", items, metadata: { resourceVersion: "" } }), { lineWidth: -1, noRefs: true });

interface PodSetState {
  generation: number;
  currentPods: number;
  rollStatus: RollStatus;
}

function podSetsOf(cluster: ExampleCluster, state: (podSet: StrimziPodSet) => PodSetState): StrimziPodSet[] {
  return cluster.podSets.map((podSet) => {
    const { generation, currentPods, rollStatus } = state(podSet);
    const pods = podSet.spec.pods.length;
    const object = stored(podSet, generation, kafkaOwner) as StrimziPodSet;
    return sorted({
      ...object,
      metadata: { ...object.metadata, annotations: { ...object.metadata.annotations, [ROLL_STATUS_ANNOTATION]: JSON.stringify(rollStatus) } },
      status: { conditions: [], observedGeneration: generation, pods, readyPods: pods, currentPods },
    });
  });
}

const ownedChildren = (cluster: ExampleCluster, kind: string): KubeObject[] =>
  cluster.children.filter((c) => c.kind === kind).map((c) => stored(c, undefined, kafkaOwner));

/** Each fixture's path under test/fixtures/observed and its text. */
export function observedFixtures(): Map<string, string> {
  const running = exampleCluster("kafka/kafka-persistent.yaml");
  const files = new Map<string, string>();

  // A running cluster: every pod current and ready, the roller idle.
  const runningSets = podSetsOf(running, () => ({ generation: 1, currentPods: 3, rollStatus: { pending: [], generation: 1 } }));
  const allPods = (sets: readonly StrimziPodSet[]) => sets.flatMap((s) => podsOf(s, new Set(s.spec.pods.map((p) => p.metadata.name))));
  files.set("running/strimzipodsets.yaml", list(runningSets));
  files.set("running/pods.yaml", list(allPods(runningSets)));
  files.set("running/secrets.yaml", list(ownedChildren(running, "Secret")));
  files.set("running/configmaps.yaml", list(ownedChildren(running, "ConfigMap")));

  // The longer retention applied and half rolled: controllers and broker 0 restarted, brokers 1 and 2
  // still on the old configuration, the roller held back by Kafka.
  const changed = reconfigured(running, longerRetention);
  const held = ["my-cluster-broker-1", "my-cluster-broker-2"];
  const waiting = {
    reason: "AvailabilityCheckFailed" as const,
    message: "my-cluster-broker-1 cannot be restarted: orders-0 has ISR [1,2] and min.insync.replicas 2: restarting broker 1 would leave 1; "
      + "my-cluster-broker-2 cannot be restarted: orders-0 has ISR [1,2] and min.insync.replicas 2: restarting broker 2 would leave 1",
    since: SINCE,
  };
  const midRollSets = podSetsOf(changed, (podSet) => {
    const brokers = podSet.metadata.name === "my-cluster-broker";
    return {
      generation: 2,
      currentPods: brokers ? 1 : 3,
      rollStatus: {
        pending: brokers ? held : [],
        ...(brokers ? { reasons: Object.fromEntries(held.map((p) => [p, ["CONFIG_CHANGE_REQUIRES_RESTART" as const]])) } : {}),
        generation: 2,
        next: "my-cluster-broker-1",
        waiting,
        lastRestart: { pod: "my-cluster-broker-0", at: "2026-11-24T11:57:00.000Z", reasons: ["CONFIG_CHANGE_REQUIRES_RESTART"] },
      },
    };
  });
  const oldBrokers = runningSets.find((s) => s.metadata.name === "my-cluster-broker");
  const midRollPods = [
    ...midRollSets.flatMap((s) => podsOf(s, new Set(s.spec.pods.map((p) => p.metadata.name).filter((p) => !held.includes(p))))),
    ...(oldBrokers ? podsOf(oldBrokers, new Set(held)) : []),
  ];
  files.set("mid-roll.yaml", [
    list(midRollSets),
    list(midRollPods),
    list(changed.children.filter((c) => c.kind === "Secret" || c.kind === "ConfigMap").map((c) => stored(c, undefined, kafkaOwner))),
  ].join("---\n"));
  // What the user renders against them: the example with the longer retention.
  files.set("kafka-retention.yaml", readExample("kafka/kafka-persistent.yaml").map((object) => {
    if (object.kind === "Kafka") longerRetention(object["spec"] as Record<string, unknown>);
    return yaml.dump(object, { lineWidth: -1, noRefs: true });
  }).join("---\n"));
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [path, text] of observedFixtures()) {
    const file = join(OBSERVED_DIR, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    process.stdout.write(`wrote ${file}\n`);
  }
}
