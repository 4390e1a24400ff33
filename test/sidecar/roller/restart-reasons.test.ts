import t from "tap";
import type { PersistentVolumeClaim, Pod } from "../../../lib/api/kubernetes.js";
import type { StrimziPodSet } from "../../../lib/api/strimzi-podset.js";
import { expandPod } from "../../../lib/podset/expand.js";
import { pascalCased, restartReasons, RESTART_NOTE } from "../../../lib/roller/restart-reasons.js";
import { podSet, runningPods, type PoolShape } from "../../helpers/podsets.js";

const BROKERS: PoolShape = { pool: "broker", nodeIds: [3], roles: ["broker"] };

/** Reasons of pod 3 running as `before` describes it, once the PodSet says `after`. */
function reasons(before: PoolShape, after: PoolShape, extra: { podSetAnnotations?: Record<string, string>; pod?: (pod: Pod) => Pod; claims?: PersistentVolumeClaim[] } = {}) {
  const [running] = runningPods(podSet(before));
  const desiredSet: StrimziPodSet = podSet(after);
  const entry = desiredSet.spec.pods[0];
  if (!running || !entry) throw new Error("no pod");
  return restartReasons({
    observed: extra.pod ? extra.pod(running) : running,
    desired: expandPod(desiredSet, entry),
    ...(extra.podSetAnnotations ? { podSetAnnotations: extra.podSetAnnotations } : {}),
    ...(extra.claims ? { claims: extra.claims } : {}),
  });
}

const annotated = (annotations: Record<string, string>): PoolShape => ({ ...BROKERS, annotations: () => annotations });

t.test("a pod as its PodSet describes it needs no restart", async (t) => {
  t.strictSame(reasons(BROKERS, BROKERS), []);
});

t.test("a configuration change alone is CONFIG_CHANGE_REQUIRES_RESTART", async (t) => {
  t.strictSame(reasons(BROKERS, annotated({ "strimzi.io/configuration-hash": "config-2" })), ["CONFIG_CHANGE_REQUIRES_RESTART"]);
});

t.test("any other change of the pod is POD_HAS_OLD_REVISION", async (t) => {
  t.strictSame(reasons(BROKERS, { ...BROKERS, image: "apache/kafka:4.1.1" }), ["POD_HAS_OLD_REVISION"]);
  t.strictSame(
    reasons(BROKERS, { ...annotated({ "strimzi.io/configuration-hash": "config-2" }), image: "apache/kafka:4.1.1" }),
    ["POD_HAS_OLD_REVISION", "CONFIG_CHANGE_REQUIRES_RESTART"],
  );
});

t.test("certificate annotations give Strimzi's certificate reasons", async (t) => {
  t.strictSame(reasons(BROKERS, annotated({ "strimzi.io/cluster-ca-cert-generation": "1" })), ["CA_CERT_HAS_OLD_GENERATION"]);
  t.strictSame(reasons(BROKERS, annotated({ "strimzi.io/clients-ca-cert-generation": "1" })), ["CA_CERT_HAS_OLD_GENERATION"]);
  t.strictSame(
    reasons(BROKERS, annotated({ "strimzi.io/cluster-ca-cert-generation": "1", "strimzi.io/cluster-ca-key-generation": "1" })),
    ["CA_CERT_HAS_OLD_GENERATION", "CLUSTER_CA_CERT_KEY_REPLACED"],
  );
  t.strictSame(reasons(BROKERS, annotated({ "strimzi.io/server-cert-hash": "cert-2" })), ["KAFKA_CERTIFICATES_CHANGED"]);
});

t.test("a certificate hash that was empty counts as a change", async (t) => {
  const withoutCertHash: PoolShape = { ...BROKERS, annotations: () => ({ "strimzi.io/server-cert-hash": "" }) };
  t.strictSame(reasons(withoutCertHash, BROKERS), ["KAFKA_CERTIFICATES_CHANGED"]);
});

t.test("a pod without a revision is out of date", async (t) => {
  const withoutRevision = (pod: Pod): Pod => {
    const annotations = { ...pod.metadata?.annotations };
    delete annotations["strimzi.io/revision"];
    return { ...pod, metadata: { ...pod.metadata, annotations } };
  };
  t.strictSame(reasons(BROKERS, BROKERS, { pod: withoutRevision }), ["POD_HAS_OLD_REVISION"]);
});

t.test("strimzi.io/manual-rolling-update on the pod or on its PodSet", async (t) => {
  const manual = (pod: Pod): Pod => ({ ...pod, metadata: { ...pod.metadata, annotations: { ...pod.metadata?.annotations, "strimzi.io/manual-rolling-update": "true" } } });
  t.strictSame(reasons(BROKERS, BROKERS, { pod: manual }), ["MANUAL_ROLLING_UPDATE"]);
  t.strictSame(reasons(BROKERS, BROKERS, { podSetAnnotations: { "strimzi.io/manual-rolling-update": "true" } }), ["MANUAL_ROLLING_UPDATE"]);
  t.strictSame(reasons(BROKERS, BROKERS, { podSetAnnotations: { "strimzi.io/manual-rolling-update": "false" } }), []);
  t.strictSame(
    reasons(BROKERS, annotated({ "strimzi.io/configuration-hash": "config-2" }), { pod: manual }),
    ["MANUAL_ROLLING_UPDATE", "CONFIG_CHANGE_REQUIRES_RESTART"],
  );
});

t.test("a mounted claim waiting for a file system resize", async (t) => {
  const claim = (name: string, status: "True" | "False"): PersistentVolumeClaim => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name },
    status: { conditions: [{ type: "FileSystemResizePending", status }] },
  });
  t.strictSame(reasons(BROKERS, BROKERS, { claims: [claim("data-0-my-cluster-broker-3", "True")] }), ["FILE_SYSTEM_RESIZE_NEEDED"]);
  t.strictSame(reasons(BROKERS, BROKERS, { claims: [claim("data-0-my-cluster-broker-3", "False")] }), []);
  t.strictSame(reasons(BROKERS, BROKERS, { claims: [claim("data-0-my-cluster-broker-4", "True")] }), []);
});

t.test("Event reasons and notes are Strimzi's", async (t) => {
  t.equal(pascalCased("POD_HAS_OLD_REVISION"), "PodHasOldRevision");
  t.equal(pascalCased("CA_CERT_HAS_OLD_GENERATION"), "CaCertHasOldGeneration");
  t.equal(pascalCased("FILE_SYSTEM_RESIZE_NEEDED"), "FileSystemResizeNeeded");
  t.equal(RESTART_NOTE.MANUAL_ROLLING_UPDATE, "Pod was manually annotated to be rolled");
});
