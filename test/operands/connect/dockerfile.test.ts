// The Dockerfile of a Connect build against Strimzi's KafkaConnectDockerfileTest: every case, its
// input and its expected text copied from the test (Strimzi's `isEquivalent` compares the sets of lines
// that are neither blank nor comments, so its testInsecureArtifacts lists the second artifact first; `is`
// compares the whole text). Strimzi's test runs without STRIMZI_DEFAULT_MAVEN_BUILDER,
// so its Maven stage starts from `quay.io/strimzi/maven-builder:latest`.
import type { Test } from "tap";
import t from "tap";
import type { KafkaConnect } from "../../../lib/api/kafka-connect.js";
import { buildPlugins } from "../../../lib/operands/connect/build-plugins.js";
import { connectDockerfile } from "../../../lib/operands/connect/dockerfile.js";

type Build = NonNullable<KafkaConnect["spec"]["build"]>;

const STRIMZI_TEST_MAVEN_BUILDER = "quay.io/strimzi/maven-builder:latest";

function dockerfile(plugins: Build["plugins"]): string {
  const checked = buildPlugins({ output: { type: "docker", image: "my-image:latest" }, plugins });
  if ("problems" in checked) throw new Error(JSON.stringify(checked.problems));
  return connectDockerfile("myImage:latest", checked.plugins, STRIMZI_TEST_MAVEN_BUILDER);
}

/** Strimzi's IsEquivalent: the set of lines that are neither blank nor comments. */
const meaningful = (lines: readonly string[]) => [...new Set(lines.filter((line) => line.trim() !== "" && !line.startsWith("#")))].sort();
const isEquivalent = (...lines: string[]) => ({ lines });
const is = (text: string) => ({ text });

function check(t: Test, plugins: Build["plugins"], expected: { lines: string[] } | { text: string }): void {
  const actual = dockerfile(plugins);
  if ("text" in expected) t.equal(actual, expected.text);
  else t.same(meaningful(actual.split("\n")), meaningful(expected.lines));
}

t.test("testEmptyDockerfile", async (t) => {
  check(t, [], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "USER 1001"));
});

t.test("testNoArtifacts", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "USER 1001"));
});

t.test("testNoChecksumJarArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "jar", url: "https://mydomain.tld/my.jar" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/51e5038c' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/51e5038c/51e5038c.jar' 'https://mydomain.tld/my.jar'",
                  "USER 1001"));
});

t.test("testChecksumJarArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "jar", url: "https://mydomain.tld/my2.jar", sha512sum: "sha-512-checksum" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/0df6d15c' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar' 'https://mydomain.tld/my2.jar' \\",
                  "      && 'echo' 'sha-512-checksum /opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar' > '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar.sha512' \\",
                  "      && 'sha512sum' '-c' '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar.sha512' \\",
                  "      && 'rm' '-f' '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar.sha512'",
                  "USER 1001"));
});

t.test("testNoChecksumOtherArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "other", url: "https://mydomain.tld/download?artifact=my.so", fileName: "my.so" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/2c3b64c7' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/2c3b64c7/my.so' 'https://mydomain.tld/download?artifact=my.so'",
                  "USER 1001"));
});

t.test("testChecksumOtherArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "other", url: "https://mydomain.tld/download?artifactId=1874", sha512sum: "sha-512-checksum", fileName: "my2.so" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/2e6fee06' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/2e6fee06/my2.so' 'https://mydomain.tld/download?artifactId=1874' \\",
                  "      && 'echo' 'sha-512-checksum /opt/kafka/plugins/my-connector-plugin/2e6fee06/my2.so' > '/opt/kafka/plugins/my-connector-plugin/2e6fee06/my2.so.sha512' \\",
                  "      && 'sha512sum' '-c' '/opt/kafka/plugins/my-connector-plugin/2e6fee06/my2.so.sha512' \\",
                  "      && 'rm' '-f' '/opt/kafka/plugins/my-connector-plugin/2e6fee06/my2.so.sha512'",
                  "USER 1001"));
});

t.test("testChecksumOtherArtifactWithoutName", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "other", url: "https://mydomain.tld/download?artifactId=1874", sha512sum: "sha-512-checksum" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/2e6fee06' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/2e6fee06/2e6fee06' 'https://mydomain.tld/download?artifactId=1874' \\",
                  "      && 'echo' 'sha-512-checksum /opt/kafka/plugins/my-connector-plugin/2e6fee06/2e6fee06' > '/opt/kafka/plugins/my-connector-plugin/2e6fee06/2e6fee06.sha512' \\",
                  "      && 'sha512sum' '-c' '/opt/kafka/plugins/my-connector-plugin/2e6fee06/2e6fee06.sha512' \\",
                  "      && 'rm' '-f' '/opt/kafka/plugins/my-connector-plugin/2e6fee06/2e6fee06.sha512'",
                  "USER 1001"));
});

t.test("testMultipleJarArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "jar", url: "https://mydomain.tld/my.jar" }, { type: "jar", url: "https://mydomain.tld/my2.jar", sha512sum: "sha-512-checksum" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/51e5038c' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/51e5038c/51e5038c.jar' 'https://mydomain.tld/my.jar'",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/0df6d15c' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar' 'https://mydomain.tld/my2.jar' \\",
                  "      && 'echo' 'sha-512-checksum /opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar' > '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar.sha512' \\",
                  "      && 'sha512sum' '-c' '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar.sha512' \\",
                  "      && 'rm' '-f' '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar.sha512'",
                  "USER 1001"));
});

t.test("testNoChecksumTgzArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "tgz", url: "https://mydomain.tld/my.tgz" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/6718766b' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/6718766b.tgz' 'https://mydomain.tld/my.tgz' \\",
                  "      && 'tar' 'xvfz' '/opt/kafka/plugins/my-connector-plugin/6718766b.tgz' '-C' '/opt/kafka/plugins/my-connector-plugin/6718766b' \\",
                  "      && 'rm' '-vf' '/opt/kafka/plugins/my-connector-plugin/6718766b.tgz'",
                  "USER 1001"));
});

t.test("testNoChecksumZipArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "zip", url: "https://mydomain.tld/my.zip" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/d8d533bc' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/d8d533bc.zip' 'https://mydomain.tld/my.zip' \\",
                  "      && 'unzip' '/opt/kafka/plugins/my-connector-plugin/d8d533bc.zip' '-d' '/opt/kafka/plugins/my-connector-plugin/d8d533bc' \\",
                  "      && 'find' '/opt/kafka/plugins/my-connector-plugin/d8d533bc' '-type' 'l' | 'xargs' 'rm' '-f' \\",
                  "      && 'rm' '-vf' '/opt/kafka/plugins/my-connector-plugin/d8d533bc.zip'",
                  "USER 1001"));
});

t.test("testChecksumZipArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "zip", url: "https://mydomain.tld/my2.zip", sha512sum: "sha-512-checksum" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/90e04094' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip' 'https://mydomain.tld/my2.zip' \\",
                  "      && 'echo' 'sha-512-checksum /opt/kafka/plugins/my-connector-plugin/90e04094.zip' > '/opt/kafka/plugins/my-connector-plugin/90e04094.zip.sha512' \\",
                  "      && 'sha512sum' '-c' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip.sha512' \\",
                  "      && 'rm' '-f' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip.sha512' \\",
                  "      && 'unzip' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip' '-d' '/opt/kafka/plugins/my-connector-plugin/90e04094' \\",
                  "      && 'find' '/opt/kafka/plugins/my-connector-plugin/90e04094' '-type' 'l' | 'xargs' 'rm' '-f' \\",
                  "      && 'rm' '-vf' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip'",
                  "USER 1001"));
});

t.test("testChecksumTgzArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "tgz", url: "https://mydomain.tld/my2.tgz", sha512sum: "sha-512-checksum" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/638bd501' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz' 'https://mydomain.tld/my2.tgz' \\",
                  "      && 'echo' 'sha-512-checksum /opt/kafka/plugins/my-connector-plugin/638bd501.tgz' > '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz.sha512' \\",
                  "      && 'sha512sum' '-c' '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz.sha512' \\",
                  "      && 'rm' '-f' '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz.sha512' \\",
                  "      && 'tar' 'xvfz' '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz' '-C' '/opt/kafka/plugins/my-connector-plugin/638bd501' \\",
                  "      && 'rm' '-vf' '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz'",
                  "USER 1001"));
});

t.test("testMultipleTgzArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "tgz", url: "https://mydomain.tld/my.tgz" }, { type: "tgz", url: "https://mydomain.tld/my2.tgz", sha512sum: "sha-512-checksum" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/6718766b' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/6718766b.tgz' 'https://mydomain.tld/my.tgz' \\",
                  "      && 'tar' 'xvfz' '/opt/kafka/plugins/my-connector-plugin/6718766b.tgz' '-C' '/opt/kafka/plugins/my-connector-plugin/6718766b' \\",
                  "      && 'rm' '-vf' '/opt/kafka/plugins/my-connector-plugin/6718766b.tgz'",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/638bd501' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz' 'https://mydomain.tld/my2.tgz' \\",
                  "      && 'echo' 'sha-512-checksum /opt/kafka/plugins/my-connector-plugin/638bd501.tgz' > '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz.sha512' \\",
                  "      && 'sha512sum' '-c' '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz.sha512' \\",
                  "      && 'rm' '-f' '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz.sha512' \\",
                  "      && 'tar' 'xvfz' '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz' '-C' '/opt/kafka/plugins/my-connector-plugin/638bd501' \\",
                  "      && 'rm' '-vf' '/opt/kafka/plugins/my-connector-plugin/638bd501.tgz'",
                  "USER 1001"));
});

t.test("testMultipleZipArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "zip", url: "https://mydomain.tld/my.zip" }, { type: "zip", url: "https://mydomain.tld/my2.zip", sha512sum: "sha-512-checksum" }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/d8d533bc' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/d8d533bc.zip' 'https://mydomain.tld/my.zip' \\",
                  "      && 'unzip' '/opt/kafka/plugins/my-connector-plugin/d8d533bc.zip' '-d' '/opt/kafka/plugins/my-connector-plugin/d8d533bc' \\",
                  "      && 'find' '/opt/kafka/plugins/my-connector-plugin/d8d533bc' '-type' 'l' | 'xargs' 'rm' '-f' \\",
                  "      && 'rm' '-vf' '/opt/kafka/plugins/my-connector-plugin/d8d533bc.zip'",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/90e04094' \\",
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip' 'https://mydomain.tld/my2.zip' \\",
                  "      && 'echo' 'sha-512-checksum /opt/kafka/plugins/my-connector-plugin/90e04094.zip' > '/opt/kafka/plugins/my-connector-plugin/90e04094.zip.sha512' \\",
                  "      && 'sha512sum' '-c' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip.sha512' \\",
                  "      && 'rm' '-f' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip.sha512' \\",
                  "      && 'unzip' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip' '-d' '/opt/kafka/plugins/my-connector-plugin/90e04094' \\",
                  "      && 'find' '/opt/kafka/plugins/my-connector-plugin/90e04094' '-type' 'l' | 'xargs' 'rm' '-f' \\",
                  "      && 'rm' '-vf' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip'",
                  "USER 1001"));
});

t.test("testDockerfileWithComments", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "jar", url: "https://mydomain.tld/my.jar" }, { type: "jar", url: "https://mydomain.tld/my2.jar", sha512sum: "sha-512-checksum" }] }], is("##############################\n" +
                  "##############################\n" +
                  "# This file is automatically generated by the Strimzi Cluster Operator\n" +
                  "# Any changes to this file will be ignored and overwritten!\n" +
                  "##############################\n" +
                  "##############################\n" +
                  "\n" +
                  "FROM myImage:latest\n" +
                  "\n" +
                  "USER root:root\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin my-connector-plugin\n" +
                  "##########\n" +
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/51e5038c' \\\n" +
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/51e5038c/51e5038c.jar' 'https://mydomain.tld/my.jar'\n" +
                  "\n" +
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/0df6d15c' \\\n" +
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar' 'https://mydomain.tld/my2.jar' \\\n" +
                  "      && 'echo' 'sha-512-checksum /opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar' > '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar.sha512' \\\n" +
                  "      && 'sha512sum' '-c' '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar.sha512' \\\n" +
                  "      && 'rm' '-f' '/opt/kafka/plugins/my-connector-plugin/0df6d15c/0df6d15c.jar.sha512'\n" +
                  "\n" +
                  "USER 1001\n\n"));
});

t.test("testInsecureArtifacts", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "other", url: "https://mydomain.tld/download?artifact=my.so", fileName: "my.so", insecure: true }, { type: "zip", url: "https://mydomain.tld/my2.zip", sha512sum: "sha-512-checksum", insecure: true }] }], isEquivalent("FROM myImage:latest",
                  "USER root:root",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/90e04094' \\",
                  "      && 'curl' '-f' '-k' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip' 'https://mydomain.tld/my2.zip' \\",
                  "      && 'echo' 'sha-512-checksum /opt/kafka/plugins/my-connector-plugin/90e04094.zip' > '/opt/kafka/plugins/my-connector-plugin/90e04094.zip.sha512' \\",
                  "      && 'sha512sum' '-c' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip.sha512' \\",
                  "      && 'rm' '-f' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip.sha512' \\",
                  "      && 'unzip' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip' '-d' '/opt/kafka/plugins/my-connector-plugin/90e04094' \\",
                  "      && 'find' '/opt/kafka/plugins/my-connector-plugin/90e04094' '-type' 'l' | 'xargs' 'rm' '-f' \\",
                  "      && 'rm' '-vf' '/opt/kafka/plugins/my-connector-plugin/90e04094.zip'",
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/2c3b64c7' \\",
                  "      && 'curl' '-f' '-k' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/2c3b64c7/my.so' 'https://mydomain.tld/download?artifact=my.so'",
                  "USER 1001"));
});

t.test("testMavenDockerfile", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "jar", url: "http://url.com/ar.jar" }, { type: "maven", group: "g1", artifact: "a1", version: "v1" }, { type: "maven", group: "g2", artifact: "a2", version: "v2" }] }, { name: "other-connector-plugin", artifacts: [{ type: "jar", url: "http://url.com/ar.jar" }] }], is("##############################\n" +
                  "##############################\n" +
                  "# This file is automatically generated by the Strimzi Cluster Operator\n" +
                  "# Any changes to this file will be ignored and overwritten!\n" +
                  "##############################\n" +
                  "##############################\n" +
                  "\n" +
                  "FROM quay.io/strimzi/maven-builder:latest AS downloadArtifacts\n" +
                  "RUN 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/my-connector-plugin/64cebd9c/pom.xml' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.pom' \\\n" +
                  "      && 'echo' '<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>https://repo1.maven.org/maven2/</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>' > '/tmp/64cebd9c.xml' \\\n" +
                  "      && 'mvn' 'dependency:copy-dependencies' '-s' '/tmp/64cebd9c.xml' '-DoutputDirectory=/tmp/artifacts/my-connector-plugin/64cebd9c' '-DincludeScope=' '-f' '/tmp/my-connector-plugin/64cebd9c/pom.xml' \\\n" +
                  "      && 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/artifacts/my-connector-plugin/64cebd9c/a1-v1.jar' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.jar'\n" +
                  "\n" +
                  "RUN 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/my-connector-plugin/9983060e/pom.xml' 'https://repo1.maven.org/maven2/g2/a2/v2/a2-v2.pom' \\\n" +
                  "      && 'echo' '<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>https://repo1.maven.org/maven2/</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>' > '/tmp/9983060e.xml' \\\n" +
                  "      && 'mvn' 'dependency:copy-dependencies' '-s' '/tmp/9983060e.xml' '-DoutputDirectory=/tmp/artifacts/my-connector-plugin/9983060e' '-DincludeScope=' '-f' '/tmp/my-connector-plugin/9983060e/pom.xml' \\\n" +
                  "      && 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/artifacts/my-connector-plugin/9983060e/a2-v2.jar' 'https://repo1.maven.org/maven2/g2/a2/v2/a2-v2.jar'\n" +
                  "\n" +
                  "FROM myImage:latest\n" +
                  "\n" +
                  "USER root:root\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin my-connector-plugin\n" +
                  "##########\n" +
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/my-connector-plugin/9bb2fd11' \\\n" +
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/my-connector-plugin/9bb2fd11/9bb2fd11.jar' 'http://url.com/ar.jar'\n" +
                  "\n" +
                  "COPY --from=downloadArtifacts '/tmp/artifacts/my-connector-plugin/64cebd9c' '/opt/kafka/plugins/my-connector-plugin/64cebd9c'\n" +
                  "\n" +
                  "COPY --from=downloadArtifacts '/tmp/artifacts/my-connector-plugin/9983060e' '/opt/kafka/plugins/my-connector-plugin/9983060e'\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin other-connector-plugin\n" +
                  "##########\n" +
                  "RUN 'mkdir' '-p' '/opt/kafka/plugins/other-connector-plugin/9bb2fd11' \\\n" +
                  "      && 'curl' '-f' '-L' '--output' '/opt/kafka/plugins/other-connector-plugin/9bb2fd11/9bb2fd11.jar' 'http://url.com/ar.jar'\n" +
                  "\n" +
                  "USER 1001\n" +
                  "\n"));
});

t.test("testMavenDockerfileWithCustomRepoUrl", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "maven", group: "g1", artifact: "a1", version: "v1", repository: "https://my-maven-repository.com/maven2" }] }], is("##############################\n" +
                  "##############################\n" +
                  "# This file is automatically generated by the Strimzi Cluster Operator\n" +
                  "# Any changes to this file will be ignored and overwritten!\n" +
                  "##############################\n" +
                  "##############################\n" +
                  "\n" +
                  "FROM quay.io/strimzi/maven-builder:latest AS downloadArtifacts\n" +
                  "RUN 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/my-connector-plugin/64cebd9c/pom.xml' 'https://my-maven-repository.com/maven2/g1/a1/v1/a1-v1.pom' \\\n" +
                  "      && 'echo' '<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>https://my-maven-repository.com/maven2/</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>' > '/tmp/64cebd9c.xml' \\\n" +
                  "      && 'mvn' 'dependency:copy-dependencies' '-s' '/tmp/64cebd9c.xml' '-DoutputDirectory=/tmp/artifacts/my-connector-plugin/64cebd9c' '-DincludeScope=' '-f' '/tmp/my-connector-plugin/64cebd9c/pom.xml' \\\n" +
                  "      && 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/artifacts/my-connector-plugin/64cebd9c/a1-v1.jar' 'https://my-maven-repository.com/maven2/g1/a1/v1/a1-v1.jar'\n" +
                  "\n" +
                  "FROM myImage:latest\n" +
                  "\n" +
                  "USER root:root\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin my-connector-plugin\n" +
                  "##########\n" +
                  "COPY --from=downloadArtifacts '/tmp/artifacts/my-connector-plugin/64cebd9c' '/opt/kafka/plugins/my-connector-plugin/64cebd9c'\n" +
                  "\n" +
                  "USER 1001\n" +
                  "\n"));
});

t.test("testMavenDockerfileWithMirror", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "maven", group: "g1", artifact: "a1", version: "v1", mirrors: [{ url: "https://nexus.internal.example.com/repository/maven-public/" }] }] }], is("##############################\n" +
                  "##############################\n" +
                  "# This file is automatically generated by the Strimzi Cluster Operator\n" +
                  "# Any changes to this file will be ignored and overwritten!\n" +
                  "##############################\n" +
                  "##############################\n" +
                  "\n" +
                  "FROM quay.io/strimzi/maven-builder:latest AS downloadArtifacts\n" +
                  "RUN 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/my-connector-plugin/64cebd9c/pom.xml' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.pom' \\\n" +
                  "      && 'echo' '<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><mirrors><mirror><id>strimzi-mirror-0</id><url>https://nexus.internal.example.com/repository/maven-public/</url><mirrorOf>*</mirrorOf></mirror></mirrors><profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>https://repo1.maven.org/maven2/</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>' > '/tmp/64cebd9c.xml' \\\n" +
                  "      && 'mvn' 'dependency:copy-dependencies' '-s' '/tmp/64cebd9c.xml' '-DoutputDirectory=/tmp/artifacts/my-connector-plugin/64cebd9c' '-DincludeScope=' '-f' '/tmp/my-connector-plugin/64cebd9c/pom.xml' \\\n" +
                  "      && 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/artifacts/my-connector-plugin/64cebd9c/a1-v1.jar' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.jar'\n" +
                  "\n" +
                  "FROM myImage:latest\n" +
                  "\n" +
                  "USER root:root\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin my-connector-plugin\n" +
                  "##########\n" +
                  "COPY --from=downloadArtifacts '/tmp/artifacts/my-connector-plugin/64cebd9c' '/opt/kafka/plugins/my-connector-plugin/64cebd9c'\n" +
                  "\n" +
                  "USER 1001\n" +
                  "\n"));
});

t.test("testMavenDockerfileWithMultipleMirrors", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "maven", group: "g1", artifact: "a1", version: "v1", mirrors: [{ url: "https://mirror-one.example.com/maven2/" }, { url: "https://mirror-two.example.com/maven2/" }] }] }], is("##############################\n" +
                  "##############################\n" +
                  "# This file is automatically generated by the Strimzi Cluster Operator\n" +
                  "# Any changes to this file will be ignored and overwritten!\n" +
                  "##############################\n" +
                  "##############################\n" +
                  "\n" +
                  "FROM quay.io/strimzi/maven-builder:latest AS downloadArtifacts\n" +
                  "RUN 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/my-connector-plugin/64cebd9c/pom.xml' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.pom' \\\n" +
                  "      && 'echo' '<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><mirrors><mirror><id>strimzi-mirror-0</id><url>https://mirror-one.example.com/maven2/</url><mirrorOf>*</mirrorOf></mirror><mirror><id>strimzi-mirror-1</id><url>https://mirror-two.example.com/maven2/</url><mirrorOf>*</mirrorOf></mirror></mirrors><profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>https://repo1.maven.org/maven2/</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>' > '/tmp/64cebd9c.xml' \\\n" +
                  "      && 'mvn' 'dependency:copy-dependencies' '-s' '/tmp/64cebd9c.xml' '-DoutputDirectory=/tmp/artifacts/my-connector-plugin/64cebd9c' '-DincludeScope=' '-f' '/tmp/my-connector-plugin/64cebd9c/pom.xml' \\\n" +
                  "      && 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/artifacts/my-connector-plugin/64cebd9c/a1-v1.jar' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.jar'\n" +
                  "\n" +
                  "FROM myImage:latest\n" +
                  "\n" +
                  "USER root:root\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin my-connector-plugin\n" +
                  "##########\n" +
                  "COPY --from=downloadArtifacts '/tmp/artifacts/my-connector-plugin/64cebd9c' '/opt/kafka/plugins/my-connector-plugin/64cebd9c'\n" +
                  "\n" +
                  "USER 1001\n" +
                  "\n"));
});

t.test("testMavenDockerfileWithEscapedMirrorUrl", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "maven", group: "g1", artifact: "a1", version: "v1", mirrors: [{ url: "https://mirror.example.com/maven2</hack>\"/repo" }] }] }], is("##############################\n" +
                  "##############################\n" +
                  "# This file is automatically generated by the Strimzi Cluster Operator\n" +
                  "# Any changes to this file will be ignored and overwritten!\n" +
                  "##############################\n" +
                  "##############################\n" +
                  "\n" +
                  "FROM quay.io/strimzi/maven-builder:latest AS downloadArtifacts\n" +
                  "RUN 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/my-connector-plugin/64cebd9c/pom.xml' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.pom' \\\n" +
                  "      && 'echo' '<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><mirrors><mirror><id>strimzi-mirror-0</id><url>https://mirror.example.com/maven2&lt;/hack&gt;&quot;/repo</url><mirrorOf>*</mirrorOf></mirror></mirrors><profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>https://repo1.maven.org/maven2/</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>' > '/tmp/64cebd9c.xml' \\\n" +
                  "      && 'mvn' 'dependency:copy-dependencies' '-s' '/tmp/64cebd9c.xml' '-DoutputDirectory=/tmp/artifacts/my-connector-plugin/64cebd9c' '-DincludeScope=' '-f' '/tmp/my-connector-plugin/64cebd9c/pom.xml' \\\n" +
                  "      && 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/artifacts/my-connector-plugin/64cebd9c/a1-v1.jar' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.jar'\n" +
                  "\n" +
                  "FROM myImage:latest\n" +
                  "\n" +
                  "USER root:root\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin my-connector-plugin\n" +
                  "##########\n" +
                  "COPY --from=downloadArtifacts '/tmp/artifacts/my-connector-plugin/64cebd9c' '/opt/kafka/plugins/my-connector-plugin/64cebd9c'\n" +
                  "\n" +
                  "USER 1001\n" +
                  "\n"));
});

t.test("testMavenDockerfileWithEmptyMirrors", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "maven", group: "g1", artifact: "a1", version: "v1", mirrors: [] }] }], is("##############################\n" +
                  "##############################\n" +
                  "# This file is automatically generated by the Strimzi Cluster Operator\n" +
                  "# Any changes to this file will be ignored and overwritten!\n" +
                  "##############################\n" +
                  "##############################\n" +
                  "\n" +
                  "FROM quay.io/strimzi/maven-builder:latest AS downloadArtifacts\n" +
                  "RUN 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/my-connector-plugin/64cebd9c/pom.xml' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.pom' \\\n" +
                  "      && 'echo' '<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>https://repo1.maven.org/maven2/</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>' > '/tmp/64cebd9c.xml' \\\n" +
                  "      && 'mvn' 'dependency:copy-dependencies' '-s' '/tmp/64cebd9c.xml' '-DoutputDirectory=/tmp/artifacts/my-connector-plugin/64cebd9c' '-DincludeScope=' '-f' '/tmp/my-connector-plugin/64cebd9c/pom.xml' \\\n" +
                  "      && 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/artifacts/my-connector-plugin/64cebd9c/a1-v1.jar' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.jar'\n" +
                  "\n" +
                  "FROM myImage:latest\n" +
                  "\n" +
                  "USER root:root\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin my-connector-plugin\n" +
                  "##########\n" +
                  "COPY --from=downloadArtifacts '/tmp/artifacts/my-connector-plugin/64cebd9c' '/opt/kafka/plugins/my-connector-plugin/64cebd9c'\n" +
                  "\n" +
                  "USER 1001\n" +
                  "\n"));
});

t.test("testInsecureMavenArtifact", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "maven", group: "g1", artifact: "a1", version: "v1", repository: "https://my-maven-repository.com/maven2", insecure: true }] }], is("##############################\n" +
                  "##############################\n" +
                  "# This file is automatically generated by the Strimzi Cluster Operator\n" +
                  "# Any changes to this file will be ignored and overwritten!\n" +
                  "##############################\n" +
                  "##############################\n" +
                  "\n" +
                  "FROM quay.io/strimzi/maven-builder:latest AS downloadArtifacts\n" +
                  "RUN 'curl' '-f' '-k' '-L' '--create-dirs' '--output' '/tmp/my-connector-plugin/64cebd9c/pom.xml' 'https://my-maven-repository.com/maven2/g1/a1/v1/a1-v1.pom' \\\n" +
                  "      && 'echo' '<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>https://my-maven-repository.com/maven2/</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>' > '/tmp/64cebd9c.xml' \\\n" +
                  "      && 'mvn' 'dependency:copy-dependencies' '-s' '/tmp/64cebd9c.xml' '-DoutputDirectory=/tmp/artifacts/my-connector-plugin/64cebd9c' '-DincludeScope=' '-Daether.connector.https.securityMode=insecure' '-Dmaven.wagon.http.ssl.insecure=true' '-Dmaven.wagon.http.ssl.allowall=true' '-Dmaven.wagon.http.ssl.ignore.validity.dates=true' '-f' '/tmp/my-connector-plugin/64cebd9c/pom.xml' \\\n" +
                  "      && 'curl' '-f' '-k' '-L' '--create-dirs' '--output' '/tmp/artifacts/my-connector-plugin/64cebd9c/a1-v1.jar' 'https://my-maven-repository.com/maven2/g1/a1/v1/a1-v1.jar'\n" +
                  "\n" +
                  "FROM myImage:latest\n" +
                  "\n" +
                  "USER root:root\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin my-connector-plugin\n" +
                  "##########\n" +
                  "COPY --from=downloadArtifacts '/tmp/artifacts/my-connector-plugin/64cebd9c' '/opt/kafka/plugins/my-connector-plugin/64cebd9c'\n" +
                  "\n" +
                  "USER 1001\n" +
                  "\n"));
});

t.test("testMavenDockerfileWithEscapedRepoUrl", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "maven", group: "g1", artifact: "a1", version: "v1", repository: "https://my-maven-repository.com/maven2</hack>\"/repo" }] }], is("##############################\n" +
                  "##############################\n" +
                  "# This file is automatically generated by the Strimzi Cluster Operator\n" +
                  "# Any changes to this file will be ignored and overwritten!\n" +
                  "##############################\n" +
                  "##############################\n" +
                  "\n" +
                  "FROM quay.io/strimzi/maven-builder:latest AS downloadArtifacts\n" +
                  "RUN 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/my-connector-plugin/64cebd9c/pom.xml' 'https://my-maven-repository.com/maven2</hack>\"/repo/g1/a1/v1/a1-v1.pom' \\\n" +
                  "      && 'echo' '<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>https://my-maven-repository.com/maven2&lt;/hack&gt;&quot;/repo/</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>' > '/tmp/64cebd9c.xml' \\\n" +
                  "      && 'mvn' 'dependency:copy-dependencies' '-s' '/tmp/64cebd9c.xml' '-DoutputDirectory=/tmp/artifacts/my-connector-plugin/64cebd9c' '-DincludeScope=' '-f' '/tmp/my-connector-plugin/64cebd9c/pom.xml' \\\n" +
                  "      && 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/artifacts/my-connector-plugin/64cebd9c/a1-v1.jar' 'https://my-maven-repository.com/maven2</hack>\"/repo/g1/a1/v1/a1-v1.jar'\n" +
                  "\n" +
                  "FROM myImage:latest\n" +
                  "\n" +
                  "USER root:root\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin my-connector-plugin\n" +
                  "##########\n" +
                  "COPY --from=downloadArtifacts '/tmp/artifacts/my-connector-plugin/64cebd9c' '/opt/kafka/plugins/my-connector-plugin/64cebd9c'\n" +
                  "\n" +
                  "USER 1001\n" +
                  "\n"));
});

t.test("testMavenArtifactWithIncludeScope", async (t) => {
  check(t, [{ name: "my-connector-plugin", artifacts: [{ type: "maven", group: "g1", artifact: "a1", version: "v1", includeScope: "runtime" }] }], is("##############################\n" +
                  "##############################\n" +
                  "# This file is automatically generated by the Strimzi Cluster Operator\n" +
                  "# Any changes to this file will be ignored and overwritten!\n" +
                  "##############################\n" +
                  "##############################\n" +
                  "\n" +
                  "FROM quay.io/strimzi/maven-builder:latest AS downloadArtifacts\n" +
                  "RUN 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/my-connector-plugin/64cebd9c/pom.xml' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.pom' \\\n" +
                  "      && 'echo' '<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\"><profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>https://repo1.maven.org/maven2/</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>' > '/tmp/64cebd9c.xml' \\\n" +
                  "      && 'mvn' 'dependency:copy-dependencies' '-s' '/tmp/64cebd9c.xml' '-DoutputDirectory=/tmp/artifacts/my-connector-plugin/64cebd9c' '-DincludeScope=runtime' '-f' '/tmp/my-connector-plugin/64cebd9c/pom.xml' \\\n" +
                  "      && 'curl' '-f' '-L' '--create-dirs' '--output' '/tmp/artifacts/my-connector-plugin/64cebd9c/a1-v1.jar' 'https://repo1.maven.org/maven2/g1/a1/v1/a1-v1.jar'\n" +
                  "\n" +
                  "FROM myImage:latest\n" +
                  "\n" +
                  "USER root:root\n" +
                  "\n" +
                  "##########\n" +
                  "# Connector plugin my-connector-plugin\n" +
                  "##########\n" +
                  "COPY --from=downloadArtifacts '/tmp/artifacts/my-connector-plugin/64cebd9c' '/opt/kafka/plugins/my-connector-plugin/64cebd9c'\n" +
                  "\n" +
                  "USER 1001\n" +
                  "\n"));
});

t.test("testNoUrlWhenRequired: Strimzi's messages, naming the artifact", async (t) => {
  const problems = (["tgz", "zip", "jar", "other"] as const).map((type) => {
    const checked = buildPlugins({ output: { type: "docker", image: "my-image:latest" }, plugins: [{ name: "my-connector-plugin", artifacts: [{ type }] }] });
    return "problems" in checked ? checked.problems : [];
  });
  t.same(problems, [
    [{ path: "spec.build.plugins[0].artifacts[0]", message: "`tgz` artifact is missing a URL." }],
    [{ path: "spec.build.plugins[0].artifacts[0]", message: "`zip` artifact is missing a URL." }],
    [{ path: "spec.build.plugins[0].artifacts[0]", message: "`jar` artifact is missing a URL." }],
    [{ path: "spec.build.plugins[0].artifacts[0]", message: "`other` artifact is missing a URL." }],
  ]);
});
