import t from "tap";
import type { KubeObject } from "../../lib/api/kubernetes.js";
import { CryptoWorkers } from "../../hooks/crypto-workers.js";
import { warmUp } from "../../hooks/warm-up.js";
import { fixtureKeys } from "../helpers/keys.js";
import { testEnvironment } from "../helpers/requests.js";
import { childObjects } from "../../lib/sync/encoded-children.js";

t.test("the warm-up is a whole first sync as the server runs it: a valid cluster, every child built, one key for all", async (t) => {
  const key = fixtureKeys[0] ?? "";
  const crypto = new CryptoWorkers(1);
  t.teardown(() => crypto.close());
  const { first, next } = await warmUp(testEnvironment("warm-up"), crypto, key);
  const answer = { ...first, children: childObjects(first.children) };
  t.same(answer.status.conditions?.map((c) => c.reason), ["PodsNotReady"], "the built-in cluster is valid: it only waits for its pods");
  const kinds = new Set(answer.children.map((c: KubeObject) => c.kind));
  for (const kind of ["StrimziPodSet", "ConfigMap", "Secret", "Service", "Deployment"]) t.ok(kinds.has(kind), `it builds a ${kind}`);
  const podSet = answer.children.find((c: KubeObject) => c.kind === "StrimziPodSet") as KubeObject & { spec: { pods: unknown[] } };
  t.equal(podSet.spec.pods.length, 3, "every node's pod is listed: its certificates were issued");
  const secrets = (children: readonly KubeObject[]): unknown[] => children.filter((c) => c.kind === "Secret");
  t.same(secrets(childObjects(next.children)), secrets(answer.children), "the sync after it reads the certificates back and keeps every one: the checks of observed certificates ran");
});
