import t from "tap";
import type { KubernetesObject } from "../../lib/api/kubernetes.js";
import { ANNOTATION } from "../../lib/labels.js";
import { slim } from "../../sidecar/slim-objects.js";

t.test("the informers keep an object without its managedFields and Metacontroller's last-applied copy, and nothing else lost", (t) => {
  const podSet: KubernetesObject & { spec: object } = {
    apiVersion: "core.strimzi.io/v1", kind: "StrimziPodSet",
    metadata: {
      name: "my-cluster-broker", namespace: "kafka", resourceVersion: "7", labels: { "strimzi.io/cluster": "my-cluster" },
      annotations: { [ANNOTATION.lastAppliedByMetacontroller]: "{\"a whole copy\":1}", "strimzi.io/next-node-ids": "[3-5]" },
      managedFields: [{ manager: "metacontroller", operation: "Update", fieldsType: "FieldsV1", fieldsV1: { "f:spec": {} } }],
    },
    spec: { pods: [] },
  };
  const before = structuredClone(podSet);
  t.same(slim(podSet), {
    apiVersion: "core.strimzi.io/v1", kind: "StrimziPodSet",
    metadata: { name: "my-cluster-broker", namespace: "kafka", resourceVersion: "7", labels: { "strimzi.io/cluster": "my-cluster" }, annotations: { "strimzi.io/next-node-ids": "[3-5]" } },
    spec: { pods: [] },
  });
  t.same(podSet, before, "the object read is not changed");
  const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", managedFields: [] } };
  t.same(slim(pod), { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }, "no annotations: none added");
  t.end();
});
