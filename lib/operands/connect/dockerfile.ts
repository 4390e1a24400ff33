// The Dockerfile of a Connect build, byte for byte as Strimzi's
// KafkaConnectDockerfile writes it: users compare it with Strimzi's, and its
// hash is the build revision both operators put on the PodSet, so the same
// spec must not rebuild after a move from Strimzi.
import { hashStub } from "../../hash.js";
import type { Artifact, Plugin } from "./build-plugins.js";

const BASE_PLUGIN_PATH = "/opt/kafka/plugins/";
const ROOT_USER = "root:root";
const NON_PRIVILEGED_USER = "1001";
const DEFAULT_MAVEN_REPOSITORY = "https://repo1.maven.org/maven2/";

/** A shell command, each word single-quoted as Strimzi's Cmd does. */
class Command {
  private text = "";

  constructor(command: string, ...args: string[]) {
    this.words(command, ...args);
  }

  private words(...words: string[]): this {
    for (const word of words) {
      this.text += `${this.text === "" ? "" : " "}'${word.replaceAll("'", `'"'"'`)}'`;
    }
    return this;
  }

  redirectTo(file: string): this {
    this.text += " >";
    return this.words(file);
  }

  pipeTo(command: string, ...args: string[]): this {
    this.text += " |";
    return this.words(command, ...args);
  }

  andRun(command: string, ...args: string[]): this {
    this.text += " \\\n      &&";
    return this.words(command, ...args);
  }

  toString(): string {
    return this.text;
  }
}

const run = (command: string, ...args: string[]) => new Command(command, ...args);

/** Strimzi's escapeXml: the five entities, and every character above `~` as a numeric reference. */
function escapeXml(text: string): string {
  const entities: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" };
  return [...text].map((c) => entities[c] ?? ((c.codePointAt(0) ?? 0) > 0x7e ? `&#${c.codePointAt(0)};` : c)).join("");
}

const withSlash = (url: string) => (url.endsWith("/") ? url : `${url}/`);

type Maven = Extract<Artifact, { type: "maven" }>;
type Downloadable = Exclude<Artifact, Maven>;

const mavenHash = (mvn: Maven) => hashStub(`${mvn.group}/${mvn.artifact}/${mvn.version}`);

function mavenUrl(repository: string, mvn: Maven, extension: string): string {
  return `${repository}${mvn.group.replaceAll(".", "/")}/${mvn.artifact.replaceAll(".", "/")}/${mvn.version}/${mvn.artifact}-${mvn.version}.${extension}`;
}

function mavenSettings(mvn: Maven, repository: string): string {
  const mirrors = mvn.mirrors.length === 0 ? "" : `<mirrors>${mvn.mirrors.map((url, i) => `<mirror><id>strimzi-mirror-${i}</id><url>${escapeXml(url)}</url><mirrorOf>*</mirrorOf></mirror>`).join("")}</mirrors>`;
  return `<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">${mirrors}<profiles><profile><id>download</id><repositories><repository><id>custom-repo</id><url>${escapeXml(repository)}</url></repository></repositories></profile></profiles><activeProfiles><activeProfile>download</activeProfile></activeProfiles></settings>`;
}

/** The first stage: Maven downloads each artifact with its dependencies into /tmp/artifacts/<plugin>/<hash>. */
function mavenStage(plugins: readonly Plugin[], mavenBuilder: string): string[] {
  const downloads = plugins.flatMap((plugin) => plugin.artifacts.filter((a): a is Maven => a.type === "maven").map((mvn) => ({ plugin: plugin.name, mvn })));
  if (downloads.length === 0) return [];
  return [
    `FROM ${mavenBuilder} AS downloadArtifacts`,
    ...downloads.flatMap(({ plugin, mvn }) => {
      const repository = mvn.repository === undefined ? DEFAULT_MAVEN_REPOSITORY : withSlash(mvn.repository);
      const dir = `${plugin}/${mavenHash(mvn)}`;
      const settingsFile = `/tmp/${mavenHash(mvn)}.xml`;
      const curl = mvn.insecure ? ["-f", "-k", "-L"] : ["-f", "-L"];
      const insecureMaven = mvn.insecure
        ? ["-Daether.connector.https.securityMode=insecure", "-Dmaven.wagon.http.ssl.insecure=true", "-Dmaven.wagon.http.ssl.allowall=true", "-Dmaven.wagon.http.ssl.ignore.validity.dates=true"]
        : [];
      const cmd = run("curl", ...curl, "--create-dirs", "--output", `/tmp/${dir}/pom.xml`, mavenUrl(repository, mvn, "pom"))
        .andRun("echo", mavenSettings(mvn, repository)).redirectTo(settingsFile)
        .andRun("mvn", "dependency:copy-dependencies", "-s", settingsFile, `-DoutputDirectory=/tmp/artifacts/${dir}`, `-DincludeScope=${mvn.includeScope ?? ""}`, ...insecureMaven, "-f", `/tmp/${dir}/pom.xml`)
        .andRun("curl", ...curl, "--create-dirs", "--output", `/tmp/artifacts/${dir}/${mvn.artifact}-${mvn.version}.jar`, mavenUrl(repository, mvn, "jar"));
      return [`RUN ${cmd}`, ""];
    }),
  ];
}

function download(dir: string, path: string, artifact: Downloadable): Command {
  return run("mkdir", "-p", dir).andRun("curl", ...(artifact.insecure ? ["-f", "-k", "-L"] : ["-f", "-L"]), "--output", path, artifact.url);
}

/** Checks the download against its SHA-512 when one is given. */
function checksum(cmd: Command, path: string, artifact: Downloadable): Command {
  if (artifact.sha512sum === undefined) return cmd;
  const shaFile = `${path}.sha512`;
  return cmd.andRun("echo", `${artifact.sha512sum} ${path}`).redirectTo(shaFile).andRun("sha512sum", "-c", shaFile).andRun("rm", "-f", shaFile);
}

function artifactLines(pluginName: string, artifact: Artifact): string[] {
  const pluginPath = `${BASE_PLUGIN_PATH}${pluginName}`;
  if (artifact.type === "maven") {
    const hash = mavenHash(artifact);
    return [`COPY --from=downloadArtifacts ${run(`/tmp/artifacts/${pluginName}/${hash}`, `${BASE_PLUGIN_PATH}${pluginName}/${hash}`)}`, ""];
  }
  const hash = hashStub(artifact.url);
  const dir = `${pluginPath}/${hash}`;
  switch (artifact.type) {
    case "jar":
    case "other": {
      const path = `${dir}/${artifact.type === "other" ? artifact.fileName ?? hash : `${hash}.jar`}`;
      return [`RUN ${checksum(download(dir, path, artifact), path, artifact)}`, ""];
    }
    case "tgz": {
      const archive = `${pluginPath}/${hash}.tgz`;
      const cmd = checksum(download(dir, archive, artifact), archive, artifact).andRun("tar", "xvfz", archive, "-C", dir).andRun("rm", "-vf", archive);
      return [`RUN ${cmd}`, ""];
    }
    case "zip": {
      const archive = `${pluginPath}/${hash}.zip`;
      const cmd = checksum(download(dir, archive, artifact), archive, artifact)
        .andRun("unzip", archive, "-d", dir)
        // Links could point outside the plugin's directory.
        .andRun("find", dir, "-type", "l").pipeTo("xargs", "rm", "-f")
        .andRun("rm", "-vf", archive);
      return [`RUN ${cmd}`, ""];
    }
  }
}

function pluginLines(plugin: Plugin): string[] {
  return ["##########", `# Connector plugin ${plugin.name}`, "##########", ...plugin.artifacts.flatMap((a) => artifactLines(plugin.name, a))];
}

/** The Dockerfile that adds the plugins to `fromImage`, ending with a newline as Java's PrintWriter leaves it. */
export function connectDockerfile(fromImage: string, plugins: readonly Plugin[], mavenBuilder: string): string {
  const lines = [
    "##############################",
    "##############################",
    "# This file is automatically generated by the Strimzi Cluster Operator",
    "# Any changes to this file will be ignored and overwritten!",
    "##############################",
    "##############################",
    "",
    ...mavenStage(plugins, mavenBuilder),
    `FROM ${fromImage}`,
    "",
    `USER ${ROOT_USER}`,
    "",
    ...plugins.flatMap(pluginLines),
    `USER ${NON_PRIVILEGED_USER}`,
    "",
  ];
  return `${lines.join("\n")}\n`;
}
