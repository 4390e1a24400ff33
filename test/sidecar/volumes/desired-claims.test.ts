import t from "tap";
import { MY_CLUSTER_LABELS } from "../../helpers/cluster-labels.js";
import { desiredClaims } from "../../../lib/volumes/desired-claims.js";

const kafka = { name: "my-cluster", namespace: "kafka", uid: "uid-kafka" };

const LABELS = { ...MY_CLUSTER_LABELS, "strimzi.io/pool-name": "broker" };

t.test("a single volume: data-<pod>, kept when its node goes", async (t) => {
  t.strictSame(desiredClaims({
    kafka,
    pool: { name: "broker", storage: { type: "persistent-claim", size: "100Gi" } },
    pods: ["my-cluster-broker-3"],
  }), [{
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "data-my-cluster-broker-3", namespace: "kafka", labels: LABELS, annotations: { "argocd.argoproj.io/compare-options": "IgnoreExtraneous", "argocd.argoproj.io/sync-options": "Prune=false", "strimzi.io/delete-claim": "false" } },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } }, volumeMode: "Filesystem" },
  }]);
});

t.test("JBOD: data-<id>-<pod> per persistent volume, with class, selector, attributes class and owner", async (t) => {
  const claims = desiredClaims({
    kafka,
    kafkaTemplate: { metadata: { labels: { team: "kafka" }, annotations: { note: "from the Kafka" } } },
    pool: {
      name: "broker",
      storage: {
        type: "jbod",
        volumes: [
          { id: 1, type: "persistent-claim", size: "1Ti", class: "fast", selector: { zone: "a" }, volumeAttributesClass: "gold", deleteClaim: true },
          { id: 0, type: "persistent-claim", size: "100Gi" },
          { id: 2, type: "ephemeral" },
        ],
      },
      template: { metadata: { labels: { "strimzi.io/cluster": "not-this", pool: "b" } } },
    },
    pods: ["my-cluster-broker-3", "my-cluster-broker-4"],
  });
  t.strictSame(claims.map((c) => c.metadata?.name), ["data-0-my-cluster-broker-3", "data-1-my-cluster-broker-3", "data-0-my-cluster-broker-4", "data-1-my-cluster-broker-4"]);
  t.strictSame(claims[1], {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: "data-1-my-cluster-broker-3",
      namespace: "kafka",
      labels: { ...LABELS, pool: "b" },
      annotations: { "argocd.argoproj.io/compare-options": "IgnoreExtraneous", "argocd.argoproj.io/sync-options": "Prune=false", "strimzi.io/delete-claim": "true" },
      ownerReferences: [{ apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", name: "my-cluster", uid: "uid-kafka", blockOwnerDeletion: false, controller: false }],
    },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "1Ti" } },
      storageClassName: "fast",
      selector: { matchLabels: { zone: "a" } },
      volumeAttributesClassName: "gold",
      volumeMode: "Filesystem",
    },
  }, "the pool's template replaces the Kafka's and never its cluster labels");
});

t.test("ephemeral storage has no claims", async (t) => {
  t.strictSame(desiredClaims({ kafka, pool: { name: "broker", storage: { type: "ephemeral" } }, pods: ["my-cluster-broker-3"] }), []);
});
