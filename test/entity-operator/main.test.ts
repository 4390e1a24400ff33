// The Entity Operator's entry point: the mode argument and a start refused on
// a missing setting, before anything is asked of Kubernetes or Kafka.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import t from "tap";
import { repoRoot } from "../helpers/paths.js";

const main = join(repoRoot, "dist", "entity-operator", "main.js");
const run = (args: string[], env: NodeJS.ProcessEnv) => {
  const result = spawnSync(process.execPath, [main, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: "utf8" });
  const lines = result.stdout.trim().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { msg: string; err?: unknown });
  return { status: result.status, messages: lines.map((l) => [l.msg, l.err]) };
};

t.test("an unknown mode exits 2, naming the modes", async (t) => {
  t.strictSame(run(["zookeeper"], {}), { status: 2, messages: [['the mode is one of topic-operator, user-operator, got "zookeeper"', undefined]] });
});

t.test("the topic operator without its env exits 1, naming the variable", async (t) => {
  t.strictSame(run(["topic-operator"], { STRIMZI_RESOURCE_LABELS: "strimzi.io/cluster=c" }), {
    status: 1, messages: [["cannot start the topic-operator", "STRIMZI_NAMESPACE is not set"]],
  });
});

t.test("the user operator without its env exits 1, naming the variable", async (t) => {
  t.strictSame(run(["user-operator"], { STRIMZI_NAMESPACE: "kafka" }), {
    status: 1, messages: [["cannot start the user-operator", "STRIMZI_LABELS is not set"]],
  });
});
