// `spec.build` checked as Strimzi's KafkaConnectBuild and KafkaConnectDockerfile
// check it, into the typed plugins the Dockerfile is written from: every
// artifact has what its type needs, plugin names are unique, the output is a
// registry (`docker`: there is no OpenShift build here) and the extra Buildah
// options are those Strimzi allows.
import type { KafkaConnect } from "../../api/kafka-connect.js";

type Build = NonNullable<KafkaConnect["spec"]["build"]>;
type SpecArtifact = Build["plugins"][number]["artifacts"][number];

interface Download {
  url: string;
  sha512sum?: string;
  insecure: boolean;
}

export type Artifact =
  | ({ type: "jar" | "tgz" | "zip" } & Download)
  | ({ type: "other"; fileName?: string } & Download)
  | { type: "maven"; group: string; artifact: string; version: string; repository?: string; includeScope?: string; mirrors: string[]; insecure: boolean };

export interface Plugin {
  name: string;
  artifacts: Artifact[];
}

export interface BuildProblem {
  path: string;
  message: string;
}

/** Strimzi's DockerOutput.ALLOWED_BUILDAH_BUILD_OPTIONS and ALLOWED_BUILDAH_PUSH_OPTIONS. */
const ALLOWED_BUILDAH_BUILD_OPTIONS = ["--authfile", "--cert-dir", "--creds", "--decryption-key", "--retry", "--retry-delay", "--tls-verify"];
const ALLOWED_BUILDAH_PUSH_OPTIONS = ["--authfile", "--cert-dir", "--creds", "--quiet", "--retry", "--retry-delay", "--tls-verify"];

const present = (value: string | undefined): value is string => value !== undefined && value !== "";

function artifact(spec: SpecArtifact, path: string): Artifact | BuildProblem {
  const insecure = spec.insecure === true;
  if (spec.type === "maven") {
    // Strimzi's own messages (KafkaConnectDockerfile.checkGavIsPresent).
    if (!present(spec.group)) return { path, message: "`maven` artifact is missing a group ID." };
    if (!present(spec.artifact)) return { path, message: "`maven` artifact is missing an artifact ID." };
    if (!present(spec.version)) return { path, message: "`maven` artifact is missing a version number." };
    return {
      type: "maven", group: spec.group, artifact: spec.artifact, version: spec.version, insecure,
      ...(spec.repository !== undefined ? { repository: spec.repository } : {}),
      ...(spec.includeScope !== undefined ? { includeScope: spec.includeScope } : {}),
      mirrors: (spec.mirrors ?? []).map((m) => m.url),
    };
  }
  if (!present(spec.url)) return { path, message: `\`${spec.type}\` artifact is missing a URL.` };
  const download = { url: spec.url, insecure, ...(present(spec.sha512sum) ? { sha512sum: spec.sha512sum } : {}) };
  if (spec.type === "other") return { type: "other", ...download, ...(present(spec.fileName) ? { fileName: spec.fileName } : {}) };
  return { type: spec.type, ...download };
}

function optionProblems(options: readonly string[] | undefined, allowed: readonly string[], path: string): BuildProblem[] {
  const forbidden = (options ?? []).map((o) => (o.includes("=") ? o.slice(0, o.indexOf("=")) : o)).filter((o) => !allowed.includes(o));
  return forbidden.length === 0 ? [] : [{ path, message: `contains forbidden options: [${forbidden.join(", ")}]` }];
}

/** The plugins to build, or what Strimzi would refuse, each naming its field. */
export function buildPlugins(build: Build): { plugins: Plugin[] } | { problems: BuildProblem[] } {
  const problems: BuildProblem[] = [
    ...(build.output.type === "docker" ? [] : [{ path: "spec.build.output.type", message: "must be docker: the build runs in a pod and pushes to a registry (OpenShift ImageStreams need OpenShift's builds)" }]),
    ...optionProblems(build.output.additionalBuildOptions, ALLOWED_BUILDAH_BUILD_OPTIONS, "spec.build.output.additionalBuildOptions"),
    ...optionProblems(build.output.additionalPushOptions, ALLOWED_BUILDAH_PUSH_OPTIONS, "spec.build.output.additionalPushOptions"),
  ];
  const names = build.plugins.map((p) => p.name);
  if (new Set(names).size !== names.length) {
    problems.push({ path: "spec.build.plugins", message: "Connector plugins names have to be unique within a single KafkaConnect resource." });
  }
  const plugins: Plugin[] = build.plugins.map((plugin, i) => ({
    name: plugin.name,
    artifacts: plugin.artifacts.flatMap((spec, j) => {
      const parsed = artifact(spec, `spec.build.plugins[${i}].artifacts[${j}]`);
      if ("path" in parsed) {
        problems.push(parsed);
        return [];
      }
      return [parsed];
    }),
  }));
  return problems.length > 0 ? { problems } : { plugins };
}
