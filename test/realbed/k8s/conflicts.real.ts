// Conflicting writes on a real API server: someone else changes an object
// between a writer's read and its write, the server answers 409 Conflict, and
// the loop still converges to what the hooks answer, losing nobody's change.
// The Metacontroller stand-in's writes are interfered with in its store (the
// concurrent write lands just before its PUT); the sidecar's by a mutating
// webhook that makes the concurrent write while the server admits the
// sidecar's own update, after the server has read the object it updates.
import t from "tap";
import type { KubeObject, Secret } from "../../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../../lib/labels.js";
import { FakeAvailability } from "../../helpers/fake-availability.js";
import { exampleObjects, readiness } from "../../helpers/scenario.js";
import { auditEvents, auditUser, requestOf } from "./audit.js";
import { podsStartAtOnce, startLoop } from "./loop.js";
import { registerWebhook } from "./mutating-webhook.js";
import type { Json, JsonMap } from "./rest.js";
import { SIDECAR_USER, startSidecarOnServer } from "./sidecar.js";

const NAMESPACE = "conflicts";
const OTHERS = "others.example/note";

/** A concurrent writer's change, made once, just before the stand-in's next write that `matches`. */
interface Interference {
  matches: (verb: "update" | "status", object: KubeObject) => boolean;
  write: (object: KubeObject) => Promise<void>;
}
const pending: Interference[] = [];
/** The stand-in's updates and status writes and what the server answered, by `verb Kind/name outcome`. */
const outcomes: string[] = [];
/** The last status the stand-in wrote for each parent. */
const statusesSent = new Map<string, unknown>();

const loop = await startLoop(t, {
  apiServerArgs: auditUser(SIDECAR_USER),
  storeFor: (store) => {
    const interfered = async (verb: "update" | "status", object: KubeObject): Promise<void> => {
      const index = pending.findIndex((i) => i.matches(verb, object));
      if (index >= 0) await pending.splice(index, 1)[0]?.write(object);
    };
    return {
      ...store,
      async update(object) {
        await interfered("update", object);
        const outcome = await store.update(object);
        outcomes.push(`update ${object.kind}/${object.metadata.name} ${outcome}`);
        return outcome;
      },
      async updateStatus(object) {
        await interfered("status", object);
        statusesSent.set(`${object.kind}/${object.metadata.name}`, object["status"]);
        const outcome = await store.updateStatus(object);
        outcomes.push(`status ${object.kind}/${object.metadata.name} ${outcome}`);
        return outcome;
      },
    };
  },
});
const { cluster } = loop;
const startPods = (): Promise<void> => podsStartAtOnce(cluster, NAMESPACE);
await startSidecarOnServer(t, cluster, new FakeAvailability(4).factory);

const KAFKA = { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "my-cluster", namespace: NAMESPACE } };
const ref = (kind: string, name: string): { apiVersion: string; kind: string; metadata: { name: string; namespace: string } } =>
  ({ apiVersion: "v1", kind, metadata: { name, namespace: NAMESPACE } });
const kafkaReady = async (generation: number): Promise<boolean> => {
  const kafka = await cluster.api.get(KAFKA) as unknown as KubeObject;
  return readiness(kafka) === "Ready" && (kafka["status"] as { observedGeneration?: number } | undefined)?.observedGeneration === generation;
};
const allPodsReady = async (): Promise<boolean> => {
  const pods = await cluster.api.list("v1", "Pod", NAMESPACE) as unknown as Array<{ status?: { conditions?: Array<{ type: string; status: string }> } }>;
  return pods.length === 6 && pods.every((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
};
/** The concurrent writer: an administrator's read-modify-write of the object as it is now. */
async function touch(kind: string, name: string, change: (o: JsonMap & { metadata: { annotations?: Record<string, string>; labels?: Record<string, string> } }) => void, apiVersion = "v1"): Promise<void> {
  const current = await cluster.api.get({ apiVersion, kind, metadata: { name, namespace: NAMESPACE } }) as JsonMap & { metadata: { annotations?: Record<string, string>; labels?: Record<string, string> } };
  change(current);
  await cluster.api.replace(current);
}

t.test("kafka-persistent, its cluster CA retained, converges with the sidecar", async (t) => {
  await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  const retaining = (o: KubeObject): void => {
    if (o.kind === "Kafka") (o["spec"] as { clusterCa?: object }).clusterCa = { generateSecretOwnerReference: false };
  };
  for (const object of exampleObjects("kafka/kafka-persistent.yaml", NAMESPACE, retaining)) await cluster.api.create(object as unknown as JsonMap);
  await loop.roundsUntil("the Kafka Ready with its pods and the retained CA copies", async () =>
    await kafkaReady(1) && await allPodsReady() && (await cluster.api.find(ref("Secret", "my-cluster-cluster-ca-cert-retained"))) !== undefined, 240_000, startPods);
  t.pass("Ready");
});

t.test("the stand-in's update of a child and its status write get 409; the next sync converges to the hook's answer, keeping the other writer's change", async (t) => {
  let configMap = "";
  pending.push({
    matches: (verb, o) => verb === "update" && o.kind === "ConfigMap",
    write: async (o) => {
      configMap = o.metadata.name;
      await touch("ConfigMap", configMap, (c) => {
        c.metadata.annotations = { ...c.metadata.annotations, [OTHERS]: "kept" };
        const data = c["data"] as Record<string, string>;
        const [first] = Object.keys(data).sort();
        if (first) data[first] = "changed by another writer";
      });
    },
  }, {
    matches: (verb, o) => verb === "status" && o.kind === "Kafka",
    write: async () => touch("Kafka", "my-cluster", (k) => {
      k.metadata.annotations = { ...k.metadata.annotations, [OTHERS]: "kept" };
    }, KAFKA.apiVersion),
  });
  const kafka = await cluster.api.get(KAFKA) as JsonMap & { spec: { kafka: { config: Record<string, Json> } } };
  kafka.spec.kafka.config["log.retention.hours"] = 72;
  await cluster.api.replace(kafka);
  await loop.roundsUntil("the Kafka Ready for generation 2, every pod Ready", async () => await kafkaReady(2) && await allPodsReady(), 300_000, startPods);

  t.same(pending, [], "both concurrent writes were made");
  const ofConfigMap = outcomes.filter((o) => o.startsWith(`update ConfigMap/${configMap} `));
  t.same(ofConfigMap.slice(0, 2), [`update ConfigMap/${configMap} conflict`, `update ConfigMap/${configMap} done`], "409 from the real server, then the next sync's update went through");
  const stored = await cluster.api.get(ref("ConfigMap", configMap)) as unknown as KubeObject & { data: Record<string, string> };
  const answered = JSON.parse(stored.metadata.annotations?.[ANNOTATION.lastAppliedByMetacontroller] ?? "{}") as { data: Record<string, string> };
  t.same(stored.data, answered.data, "the ConfigMap holds the hook's answer, the other writer's change of its data undone");
  t.equal(stored.metadata.annotations?.[OTHERS], "kept", "the annotation the other writer added is kept");

  const ofStatus = outcomes.filter((o) => o.startsWith("status Kafka/my-cluster "));
  t.ok(ofStatus.includes("status Kafka/my-cluster conflict"), "the status write got 409");
  t.equal(ofStatus[ofStatus.indexOf("status Kafka/my-cluster conflict") + 1], "status Kafka/my-cluster done", "AtomicStatusUpdate read again and wrote");
  const now = await cluster.api.get(KAFKA) as unknown as KubeObject;
  t.same(now["status"], statusesSent.get("Kafka/my-cluster"), "the Kafka's status is the hook's last answer");
  t.equal(now.metadata.annotations?.[OTHERS], "kept", "the annotation the other writer added is kept");
});

t.test("the sidecar's write of a retained CA copy gets 409; it reads again and writes, keeping the other writer's change", async (t) => {
  const COPY = "my-cluster-cluster-ca-cert-retained";
  let interfered = 0;
  const webhook = await registerWebhook(cluster, "interferer", {
    rules: [{ operations: ["UPDATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["secrets"] }],
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": NAMESPACE } },
  }, async (request) => {
    if (request.userInfo.username === SIDECAR_USER && request.name === COPY && interfered++ === 0) {
      await touch("Secret", COPY, (s) => {
        s.metadata.labels = { ...s.metadata.labels, [OTHERS]: "kept" };
      });
    }
    return [];
  });
  t.teardown(() => webhook.close());
  const original = await cluster.api.get(ref("Secret", "my-cluster-cluster-ca-cert")) as unknown as Secret;
  // The server takes up a new webhook configuration shortly after it is written: the copy is spoilt only once it does.
  await loop.roundsUntil("the webhook to see an update", async () => {
    await touch("Secret", COPY, (s) => {
      s.metadata.annotations = { ...s.metadata.annotations, "probe.example/at": String(Date.now()) };
    });
    return webhook.reviews.includes("UPDATE Secret");
  }, 30_000, startPods);
  await touch("Secret", COPY, (s) => {
    (s["data"] as Record<string, string>)["ca.crt"] = Buffer.from("not the CA").toString("base64");
  });
  await loop.roundsUntil("the copy restored by the sidecar", async () => {
    const copy = await cluster.api.get(ref("Secret", COPY)) as unknown as Secret;
    return copy.data?.["ca.crt"] === original.data?.["ca.crt"];
  }, 60_000, startPods);

  const updates = auditEvents(cluster).filter((e) => e.verb === "update" && requestOf(e).path === `/api/v1/namespaces/${NAMESPACE}/secrets/${COPY}`);
  t.same(updates.map((e) => e.responseStatus?.code), [409, 200], "the sidecar's update got 409 Conflict, then it read again and its next update went through");
  const copy = await cluster.api.get(ref("Secret", COPY)) as unknown as Secret;
  t.same(copy.data, original.data, "the copy holds the CA Secret's data again");
  t.equal(copy.metadata?.labels?.[OTHERS], "kept", "the label the other writer added is kept");
  t.notOk(webhook.reviews.some((r) => r.startsWith("failed")), "the concurrent write was made");
});
