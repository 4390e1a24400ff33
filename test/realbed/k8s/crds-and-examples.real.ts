// Our manifests and CRDs as a real API server takes them, and every Strimzi
// example applied as is: structural-schema validation, strict field validation
// (an unknown field is refused rather than pruned) and CRD defaulting are the
// server's own, not a model of them.
import t from "tap";
import yaml from "js-yaml";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { KubeObject } from "../../../lib/api/kubernetes.js";
import { drift } from "../../helpers/apiserver-defaults.js";
import { readExample } from "../../helpers/requests.js";
import { examplesDir, repoRoot } from "../../helpers/paths.js";
import { yamlFiles } from "../../helpers/examples.js";
import { crdsEstablished, startCluster } from "./cluster.js";
import type { Json, ObjectRef } from "./rest.js";

/** The objects of kind `kind` in the YAML files of a directory of the repository. */
const objectsIn = (dir: string, kind: string): KubeObject[] =>
  yamlFiles(join(repoRoot, dir)).flatMap((file) => yaml.loadAll(readFileSync(file, "utf8")) as KubeObject[]).filter((o) => o?.kind === kind);
const CRDS = objectsIn("manifests/crds", "CustomResourceDefinition");
// What our CRDs serve, and ConfigMaps, which the metrics examples carry.
const SERVED = new Set([...CRDS.map((crd) => (crd["spec"] as { names: { kind: string } }).names.kind), "ConfigMap"]);

const cluster = await startCluster();
t.teardown(() => cluster.stop());

t.test("kubectl apply -k manifests/ installs everything, as the manifests say to", async (t) => {
  const manifests = join(repoRoot, "manifests");
  // The documented first install: CompositeControllers are refused until
  // Metacontroller's CRDs are established, so the apply is repeated after the wait.
  const first = await cluster.kubectl(["apply", "--validate=strict", "-k", manifests]).then(() => "applied", (error: Error) => error.message);
  if (first !== "applied") {
    t.match(first, /no matches for kind "CompositeController"/, "only the CompositeControllers wait for their CRD");
    await crdsEstablished(cluster);
    await cluster.kubectl(["apply", "--validate=strict", "-k", manifests]);
  }
  const crds = JSON.parse(await cluster.kubectl(["get", "crd", "-o", "json"])) as { items: KubeObject[] };
  const names = crds.items.map((crd) => crd.metadata.name).sort();
  t.same(names.filter((n) => n.endsWith("strimzi.io")), CRDS.map((crd) => crd.metadata.name).sort(), "every CRD of manifests/crds");
  await crdsEstablished(cluster);
  const controllers = JSON.parse(await cluster.kubectl(["get", "compositecontrollers", "-o", "json"])) as { items: KubeObject[] };
  t.same(controllers.items.map((c) => c.metadata.name).sort(), objectsIn("metacontroller", "CompositeController").map((c) => c.metadata.name).sort(),
    "every CompositeController of metacontroller/");
  // A second apply writes nothing: what the server stored is what the files say.
  const versions = async (): Promise<string[]> => (JSON.parse(await cluster.kubectl(["get", "-k", manifests, "-o", "json"])) as { items: KubeObject[] }).items
    .map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}@${o.metadata.resourceVersion}`).sort();
  const before = await versions();
  const again = await cluster.kubectl(["apply", "--validate=strict", "-k", manifests]);
  t.same(await versions(), before, "no object written again");
  // Metacontroller's vendored StatefulSet says `serviceName: ""`, which the server
  // omits, so kubectl sends it again every time (a no-op patch, reported as configured).
  t.same(again.split("\n").filter((line) => line !== "" && !line.endsWith(" unchanged")), ["statefulset.apps/metacontroller configured"]);
});

const examples = yamlFiles(examplesDir).map((path) => path.slice(examplesDir.length + 1)).sort();

// Examples Strimzi's own v1 CRD refuses too (041-Crd-kafkaconnect.yaml requires these four fields),
// with the documents the server refuses; the rest of each file is still applied and read back.
const REQUIRED_CONNECT_FIELDS = /spec\.groupId: Required value\s+\* spec\.configStorageTopic: Required value\s+\* spec\.statusStorageTopic: Required value\s+\* spec\.offsetStorageTopic: Required value/;
const REFUSED: Record<string, { kind: string; message: RegExp }> = {
  "metrics/kafka-connect-metrics.yaml": { kind: "KafkaConnect", message: REQUIRED_CONNECT_FIELDS },
  "metrics/strimzi-metrics-reporter/kafka-connect-metrics.yaml": { kind: "KafkaConnect", message: REQUIRED_CONNECT_FIELDS },
};

examples.forEach((example, index) => {
  const documents = readExample(example);
  const served = documents.filter((d) => SERVED.has(d.kind));
  if (served.length === 0) return;
  t.test(`${example}: applied as is, accepted, and read back with every field as written`, async (t) => {
    const namespace = `example-${index}`;
    await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    const text = served.map((d) => yaml.dump(d)).join("---\n");
    const apply = cluster.kubectl(["apply", "--validate=strict", "--server-side=false", "-n", namespace, "-f", "-"], text);
    const refused = REFUSED[example];
    if (refused) await t.rejects(apply, refused.message, `${refused.kind} refused as Strimzi's CRD refuses it`);
    else await apply;
    for (const document of served.filter((d) => d.kind !== refused?.kind)) {
      const stored = await cluster.api.get({ ...document, metadata: { name: document.metadata.name, namespace } } as ObjectRef);
      const sent = { ...document, metadata: { ...document.metadata, namespace } };
      t.same(drift(sent as unknown as Json, stored), [], `${document.kind}/${document.metadata.name}`);
    }
  });
});
