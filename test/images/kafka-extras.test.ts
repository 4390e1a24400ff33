// The kafka-extras image: its jar list is the one source of versions and
// checksums, the hooks name the image by the list's digest, and the fetch script
// (run by the Dockerfile and the real bed) refuses a jar that is not the pinned one.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { EXTRA_JAR_FEATURE, FEATURES_AWAITING_JARS, JMX_EXPORTER_AGENT_JAR, KAFKA_EXTRAS_IMAGE, KAFKA_EXTRAS_IMAGE_DIR } from "../../lib/kafka-files/extra-jars.js";
import { repoRoot } from "../helpers/paths.js";

const dir = join(repoRoot, "images", "kafka-extras");
const listText = readFileSync(join(dir, "jars.txt"), "utf8");
const jars = listText.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#")).map((line) => {
  const [feature = "", coordinates = "", sha256 = ""] = line.trim().split(/\s+/);
  const [group = "", artifact = "", version = ""] = coordinates.split(":");
  return { feature, group, artifact, version, sha256 };
});

t.test("the image is tagged with the digest of its jar list", async (t) => {
  const digest = createHash("sha256").update(listText).digest("hex").slice(0, 16);
  t.equal(KAFKA_EXTRAS_IMAGE, `kafka-hooks-kafka-extras:${digest}`, "a changed jars.txt needs the new tag in lib/kafka-files/extra-jars.ts");
  t.match(readFileSync(join(dir, "Dockerfile"), "utf8"), `RUN sh /build/fetch-jars.sh /build/jars.txt ${KAFKA_EXTRAS_IMAGE_DIR}`);
});

t.test("every line names a feature the hooks know, a Maven artifact and a SHA-256", async (t) => {
  t.ok(jars.length >= 2);
  for (const jar of jars) {
    t.ok((Object.values(EXTRA_JAR_FEATURE) as string[]).includes(jar.feature), `${jar.artifact}: feature ${jar.feature}`);
    t.match(jar.sha256, /^[0-9a-f]{64}$/, `${jar.artifact}: sha256`);
    t.ok(jar.group && jar.artifact && jar.version, `${jar.artifact}: group:artifact:version`);
  }
  const awaiting: readonly string[] = FEATURES_AWAITING_JARS;
  t.same([...new Set(jars.map((j) => j.feature))].sort(), Object.values(EXTRA_JAR_FEATURE).filter((f) => !awaiting.includes(f)).sort(), "every feature has its jars, but those awaiting them");
  t.same(jars.filter((j) => awaiting.includes(j.feature)), [], "a feature with jars is no longer awaiting them");
  const agent = jars.find((j) => j.feature === EXTRA_JAR_FEATURE.jmxPrometheusExporter);
  t.equal(JMX_EXPORTER_AGENT_JAR, `/opt/kafka-hooks/extra/jmx-prometheus-exporter/${agent?.artifact}-${agent?.version}.jar`, "the agent the start script names is the listed one");
});

t.test("fetch-jars.sh keeps a jar whose SHA-256 is the pinned one and fails on any other", async (t) => {
  const work = mkdtempSync(join(tmpdir(), "kafka-extras-"));
  t.teardown(() => rmSync(work, { recursive: true, force: true }));
  // A stand-in for mvn's dependency:copy: writes "<artifact>" as the jar's content.
  const bin = join(work, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "mvn"), `#!/bin/sh
for arg in "$@"; do case $arg in -Dartifact=*) coordinates=\${arg#-Dartifact=} ;; -DoutputDirectory=*) out=\${arg#-DoutputDirectory=} ;; esac; done
artifact=$(echo "$coordinates" | cut -d: -f2); version=$(echo "$coordinates" | cut -d: -f3)
printf %s "$artifact" > "$out/$artifact-$version.jar"
`);
  chmodSync(join(bin, "mvn"), 0o755);
  const sha = (text: string) => createHash("sha256").update(text).digest("hex");
  const run = (list: string) => {
    writeFileSync(join(work, "jars.txt"), list);
    const out = join(work, `out-${Math.random().toString(36).slice(2)}`);
    const result = spawnSync("sh", [join(dir, "fetch-jars.sh"), join(work, "jars.txt"), out], { env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` }, encoding: "utf8" });
    return { status: result.status, stderr: result.stderr, out };
  };
  const good = run(`# a comment\n\nfeature-a  org.example:alpha:1.0  ${sha("alpha")}\nfeature-b  org.example:beta:2.0  ${sha("beta")}\n`);
  t.equal(good.status, 0, good.stderr);
  t.same(readdirSync(good.out).sort(), ["feature-a", "feature-b"]);
  t.same(readdirSync(join(good.out, "feature-a")), ["alpha-1.0.jar"]);
  const bad = run(`feature-a  org.example:alpha:1.0  ${sha("alpha")}\nfeature-b  org.example:beta:2.0  ${sha("not beta")}\n`);
  t.not(bad.status, 0, "a jar that differs fails the fetch");
  t.match(bad.stderr, /beta-2\.0\.jar: FAILED/);
});
