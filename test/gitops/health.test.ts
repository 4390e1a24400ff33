// The Argo CD health checks (manifests/gitops/argocd-health.yaml) run in a real
// Lua 5.4 (wasmoon) on status fixtures, as Argo CD runs them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import t from "tap";
import { LuaFactory } from "wasmoon";
import { REASON } from "../../lib/reasons.js";
import { repoRoot } from "../helpers/paths.js";

const config = yaml.load(readFileSync(join(repoRoot, "manifests", "gitops", "argocd-health.yaml"), "utf8")) as { data: Record<string, string> };
const script = (group: string, kind: string): string => {
  const lua = config.data[`resource.customizations.health.${group}_${kind}`];
  if (!lua) throw new Error(`no health check for ${group}/${kind}`);
  return lua;
};
const factory = new LuaFactory();

async function health(group: string, kind: string, obj: object): Promise<{ status: string; message: string }> {
  const lua = await factory.createEngine();
  try {
    lua.global.set("obj", obj);
    // Argo CD runs the script as a function body; so does this.
    return await lua.doString(`local function check() ${script(group, kind)} end return check()`) as { status: string; message: string };
  } finally {
    lua.global.close();
  }
}

const kafka = (status: object | undefined, generation = 2) => ({ metadata: { name: "my-cluster", generation }, ...(status ? { status } : {}) });
const condition = (type: string, reason?: string, message?: string) => ({ type, status: "True", ...(reason ? { reason } : {}), ...(message ? { message } : {}) });

t.test("Kafka: Healthy when Ready, Progressing while pods roll or certificates are issued, Degraded when the resource is wrong", async (t) => {
  const check = (obj: object) => health("kafka.strimzi.io", "Kafka", obj);
  t.same(await check(kafka(undefined)), { status: "Progressing", message: "Waiting for the Kafka hook" });
  t.same(await check(kafka({ observedGeneration: 1, conditions: [condition("Ready")] })), { status: "Progressing", message: "The Kafka hook has not seen the latest spec yet" });
  t.same(await check(kafka({ observedGeneration: 2, conditions: [condition("Ready"), condition("Warning", "ForbiddenConfigOption", "x")] })), { status: "Healthy", message: "Ready" });
  t.same(await check(kafka({ observedGeneration: 2, conditions: [condition("NotReady", "PodsNotReady", "waiting for my-cluster-broker 2/3 ready, 3/3 current")] })),
    { status: "Progressing", message: "PodsNotReady: waiting for my-cluster-broker 2/3 ready, 3/3 current" });
  t.same(await check(kafka({ observedGeneration: 2, conditions: [condition("NotReady", "InvalidResource", "spec.kafka.listeners[0].type: must be one of: internal")] })),
    { status: "Degraded", message: "InvalidResource: spec.kafka.listeners[0].type: must be one of: internal" });
  // Paused: Suspended whatever generation the hook has seen, as a spec changed while paused is not applied.
  const paused = { type: "ReconciliationPaused", status: "True", lastTransitionTime: "2026-11-24T12:00:00.000Z" };
  const suspended = { status: "Suspended", message: "Reconciliation is paused (strimzi.io/pause-reconciliation): nothing is changed until the annotation goes" };
  t.same(await check(kafka({ observedGeneration: 2, conditions: [paused] })), suspended);
  t.same(await check(kafka({ observedGeneration: 1, conditions: [paused] })), suspended, "whatever generation the hook saw");
});

t.test("every NotReady reason the hooks can write is classified on purpose", async (t) => {
  const progressing = new Set(["PodsNotReady", "IssuingCertificates", "ListenerAddressesPending", "ScaleDownPending"]);
  for (const reason of Object.values(REASON).filter((r) => r !== "ForbiddenConfigOption" && r !== "UnknownFields" && r !== "UnsupportedListenerType")) {
    const verdict = await health("kafka.strimzi.io", "Kafka", kafka({ observedGeneration: 2, conditions: [condition("NotReady", reason, "m")] }));
    t.equal(verdict.status, progressing.has(reason) ? "Progressing" : "Degraded", reason);
  }
});

t.test("KafkaBridge: Healthy with its url when Ready, Progressing while its pods roll, Degraded when the resource is wrong, Suspended when paused", async (t) => {
  const check = (obj: object) => health("kafka.strimzi.io", "KafkaBridge", obj);
  t.same(await check(kafka(undefined)), { status: "Progressing", message: "Waiting for the KafkaBridge hook" });
  t.same(await check(kafka({ observedGeneration: 1, conditions: [condition("Ready")] })), { status: "Progressing", message: "The KafkaBridge hook has not seen the latest spec yet" });
  t.same(await check(kafka({ observedGeneration: 2, url: "http://b-bridge-service.ns.svc:8080", conditions: [condition("Ready")] })), { status: "Healthy", message: "http://b-bridge-service.ns.svc:8080" });
  t.same(await check(kafka({ observedGeneration: 2, conditions: [condition("NotReady", "PodsNotReady", "waiting for Deployment b-bridge: 0/1 pods ready, 1/1 current")] })),
    { status: "Progressing", message: "PodsNotReady: waiting for Deployment b-bridge: 0/1 pods ready, 1/1 current" });
  t.same(await check(kafka({ observedGeneration: 2, conditions: [condition("NotReady", "InvalidResource", "spec.http: is required")] })),
    { status: "Degraded", message: "InvalidResource: spec.http: is required" });
  t.same((await check(kafka({ observedGeneration: 1, conditions: [condition("ReconciliationPaused")] }))).status, "Suspended");
});

t.test("KafkaNodePool and StrimziPodSet", async (t) => {
  t.same(await health("kafka.strimzi.io", "KafkaNodePool", { metadata: { generation: 1 }, status: { observedGeneration: 1, conditions: [], nodeIds: [0, 1, 2] } }),
    { status: "Healthy", message: "Nodes 0,1,2" });
  t.same(await health("kafka.strimzi.io", "KafkaNodePool", { metadata: { generation: 1 }, status: { observedGeneration: 1, conditions: [condition("NotReady", "KafkaNotFound", "Kafka x does not exist")] } }),
    { status: "Degraded", message: "KafkaNotFound: Kafka x does not exist" });
  t.same(await health("core.strimzi.io", "StrimziPodSet", { metadata: { generation: 3 }, status: { observedGeneration: 3, pods: 3, readyPods: 3, currentPods: 1 } }),
    { status: "Progressing", message: "3/3 ready, 1/3 current" });
  t.same(await health("core.strimzi.io", "StrimziPodSet", { metadata: { generation: 3 }, status: { observedGeneration: 3, pods: 3, readyPods: 3, currentPods: 3 } }),
    { status: "Healthy", message: "3 pods ready and current" });
});
