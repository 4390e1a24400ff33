// A KafkaBridge through the whole loop: the Metacontroller stand-in calls the
// real hooks over HTTP and applies what they answer to the stand-in API server.
// Created, it gets its children and, once the Deployment controller stand-in
// reports them rolled out, Ready with its url; an invalid edit changes nothing;
// deleted, its children go with it (owner references, garbage collection).
import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { conditions, exampleObjects, NAMESPACE, readiness, startHooks } from "../helpers/scenario.js";
import { World } from "../helpers/world.js";

const hooks = await startHooks();
t.teardown(() => hooks.close());

const KAFKA_API = "kafka.strimzi.io/v1";
const CHILDREN = ["Deployment/my-bridge-bridge", "ConfigMap/my-bridge-bridge-config", "Service/my-bridge-bridge-service", "ServiceAccount/my-bridge-bridge", "PodDisruptionBudget/my-bridge-bridge"];

t.test("a Bridge and its metrics ConfigMap: children made, Ready once rolled out, an invalid edit keeps them, deletion removes them", async (t) => {
  const world = await World.start({ hooks: hooks.url });
  t.teardown(() => world.stop());
  for (const o of exampleObjects("metrics/kafka-bridge-metrics.yaml", NAMESPACE, undefined, ["KafkaBridge", "ConfigMap"])) world.apply(o);
  await world.converge();
  const bridge = () => world.get(KAFKA_API, "KafkaBridge", NAMESPACE, "my-bridge");
  const children = () => world.server.all()
    .filter((o) => (o.metadata.ownerReferences as Array<{ kind: string; name: string }> | undefined)?.some((r) => r.kind === "KafkaBridge" && r.name === "my-bridge"))
    .map((o) => `${o.kind}/${o.metadata.name}`).sort();
  t.same(children(), [...CHILDREN].sort());
  t.equal(readiness(bridge()), "Ready");
  t.match(bridge()?.["status"], { url: "http://my-bridge-bridge-service.myproject.svc:8080", replicas: 1, labelSelector: "strimzi.io/cluster=my-bridge,strimzi.io/name=my-bridge-bridge,strimzi.io/kind=KafkaBridge" });
  const configMap = world.get("v1", "ConfigMap", NAMESPACE, "my-bridge-bridge-config") as KubeObject & { data: Record<string, string> };
  t.match(configMap.data["metrics-config.json"], /^\{"lowercaseOutputName":true,"rules":\[/);

  // Every object but the Bridge itself (its status changes) and leader election's and Events' bookkeeping.
  const others = () => JSON.stringify(world.server.all().filter((o) => !["KafkaBridge", "Lease", "Event"].includes(o.kind ?? "")));
  const before = others();
  const ready = bridge() as KubeObject & { spec: Record<string, unknown> };
  world.apply({ ...ready, spec: { ...ready.spec, http: { port: 80 } } });
  await world.converge();
  t.same(conditions(bridge()).map((c) => [c.type, c.reason, c.message]), [["NotReady", "InvalidResource", "spec.http.port: must be >= 1023. Nothing was changed."]]);
  t.equal(others(), before, "no child created, changed or deleted");

  world.delete(KAFKA_API, "KafkaBridge", NAMESPACE, "my-bridge");
  await world.converge();
  t.same(children(), [], "garbage-collected with their owner");
});
