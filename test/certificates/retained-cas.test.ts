import t from "tap";
import type { Secret } from "../../lib/api/kubernetes.js";
import { retainedCopies, retainedSecretNames, type RetainingKafka } from "../../lib/certificates/retained-cas.js";

const kafka = (spec: RetainingKafka["spec"]): RetainingKafka => ({ metadata: { name: "my-cluster", namespace: "myproject" }, spec } as RetainingKafka);
const secret = (name: string, data: Record<string, string>, annotations: Record<string, string> = {}): Secret =>
  ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "myproject", annotations }, data });

t.test("only a generated CA with generateSecretOwnerReference: false is retained", async (t) => {
  t.same(retainedSecretNames(kafka({})), []);
  t.same(retainedSecretNames(kafka({ clusterCa: { generateSecretOwnerReference: false, generateCertificateAuthority: false } })), [], "a CA the user provides is theirs already");
  t.same(retainedSecretNames(kafka({ clientsCa: { generateSecretOwnerReference: false } })),
    ["my-cluster-clients-ca-cert", "my-cluster-clients-ca-cert-retained", "my-cluster-clients-ca", "my-cluster-clients-ca-retained"]);
});

t.test("a copy carries the data and the generations, and is written only when it differs", async (t) => {
  const retaining = kafka({ clusterCa: { generateSecretOwnerReference: false } });
  const secrets = new Map<string, Secret>([
    ["my-cluster-cluster-ca-cert", secret("my-cluster-cluster-ca-cert", { "ca.crt": "Q0VSVA==" }, { "strimzi.io/ca-cert-generation": "2", "strimzi.io/force-renew": "false" })],
    ["my-cluster-cluster-ca", secret("my-cluster-cluster-ca", { "ca.key": "S0VZ" }, { "strimzi.io/ca-key-generation": "1" })],
  ]);
  const copies = retainedCopies(retaining, (name) => secrets.get(name));
  t.same(copies.map((c) => [c.metadata?.name, c.data, c.metadata?.annotations, c.metadata?.ownerReferences]), [
    ["my-cluster-cluster-ca-cert-retained", { "ca.crt": "Q0VSVA==" }, { "strimzi.io/ca-cert-generation": "2" }, undefined],
    ["my-cluster-cluster-ca-retained", { "ca.key": "S0VZ" }, { "strimzi.io/ca-key-generation": "1" }, undefined],
  ]);
  for (const copy of copies) secrets.set(copy.metadata?.name ?? "", copy);
  t.same(retainedCopies(retaining, (name) => secrets.get(name)), [], "copies up to date are left alone");
  secrets.set("my-cluster-cluster-ca-cert", secret("my-cluster-cluster-ca-cert", { "ca.crt": "UkVORVdFRA==" }, { "strimzi.io/ca-cert-generation": "3" }));
  t.same(retainedCopies(retaining, (name) => secrets.get(name)).map((c) => c.metadata?.name), ["my-cluster-cluster-ca-cert-retained"], "a renewed CA is copied again");
});
