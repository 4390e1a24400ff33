// The KafkaMirrorMaker2 schema: Strimzi's examples are valid and fully known;
// what the v1 CRD refuses is named by its field.
import t from "tap";
import { validateKafkaMirrorMaker2 } from "../../lib/api/validate.js";
import { NAMESPACE, readExample } from "../helpers/requests.js";

const EXAMPLES = [
  "mirror-maker/kafka-mirror-maker-2.yaml",
  "mirror-maker/kafka-mirror-maker-2-tls.yaml",
  "mirror-maker/kafka-mirror-maker-2-sync-groups.yaml",
  "mirror-maker/kafka-mirror-maker-2-custom-replication-policy.yaml",
  "security/tls-auth/mirror-maker-2.yaml",
  "security/scram-sha-512-auth/mirror-maker-2.yaml",
  "metrics/kafka-mirror-maker-2-metrics.yaml",
];

const mm2Of = (example: string) => {
  const found = readExample(example).find((r) => r.kind === "KafkaMirrorMaker2");
  if (!found) throw new Error(`${example} has no KafkaMirrorMaker2`);
  return { ...found, metadata: { ...found.metadata, namespace: NAMESPACE } };
};

for (const example of EXAMPLES) {
  t.test(example, async (t) => {
    const result = validateKafkaMirrorMaker2(mm2Of(example));
    t.strictSame(result.ok ? { unknownFields: result.unknownFields } : result.problems, { unknownFields: [] });
  });
}

t.test("problems name the field", async (t) => {
  const base = mm2Of("mirror-maker/kafka-mirror-maker-2.yaml") as unknown as { spec: Record<string, unknown> & { target: Record<string, unknown>; mirrors: Array<Record<string, unknown>> } };
  const without = structuredClone(base);
  delete without.spec.target["groupId"];
  t.strictSame(validateKafkaMirrorMaker2(without).ok ? [] : (validateKafkaMirrorMaker2(without) as { problems: unknown[] }).problems,
    [{ path: "spec.target.groupId", message: "is required" }]);
  const alias = structuredClone(base);
  (alias.spec.mirrors[0]!["source"] as Record<string, unknown>)["alias"] = "a b";
  const aliasResult = validateKafkaMirrorMaker2(alias);
  t.strictSame(aliasResult.ok ? [] : aliasResult.problems.map((p) => p.path), ["spec.mirrors[0].source.alias"]);
  const tasks = structuredClone(base);
  (tasks.spec.mirrors[0]!["sourceConnector"] as Record<string, unknown>)["tasksMax"] = 0;
  const tasksResult = validateKafkaMirrorMaker2(tasks);
  t.strictSame(tasksResult.ok ? [] : tasksResult.problems.map((p) => p.path), ["spec.mirrors[0].sourceConnector.tasksMax"]);
});
