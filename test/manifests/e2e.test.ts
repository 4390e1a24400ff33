// What can be checked here of `make e2e`, which needs a container engine.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { repoRoot, sharedDir } from "../helpers/paths.js";

const script = readFileSync(join(repoRoot, "scripts", "e2e.sh"), "utf8");

t.test("the e2e script is valid bash", async (t) => {
  const check = spawnSync("bash", ["-n", join(repoRoot, "scripts", "e2e.sh")], { encoding: "utf8" });
  t.equal(check.status, 0, check.stderr);
});

t.test("it applies examples that exist, with the image tag the Deployment runs", async (t) => {
  const examples = /examples=\$\{E2E_EXAMPLES:-"([^"]+)"\}/.exec(script)?.[1]?.split(" ") ?? [];
  t.ok(examples.length > 0);
  for (const example of examples) t.ok(existsSync(join(sharedDir, "strimzi-examples", "kafka", example)), example);
  const version = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
  t.match(readFileSync(join(repoRoot, "manifests", "deployment.yaml"), "utf8"), new RegExp(`image: kafka-hooks:${version.replaceAll(".", "\\.")}\\b`));
  t.match(script, /image=kafka-hooks:\$\(node -p 'require\("\.\/package\.json"\)\.version'\)/);
});

t.test("make e2e runs it", async (t) => {
  t.match(readFileSync(join(repoRoot, "Makefile"), "utf8"), /^e2e:\n\tscripts\/e2e\.sh$/m);
});
