// The objects of a Connect build, as Strimzi's KafkaConnectBuild makes them
// for Buildah (Strimzi 1.2's default builder): the ConfigMap
// `<name>-connect-dockerfile` with the generated Dockerfile, the ServiceAccount
// `<name>-connect-build` and the build Pod `<name>-connect-build`, which builds
// the image, pushes it to `spec.build.output.image` and writes
// `<image name>@<digest>` as its termination message. When the pod is part of
// the answer is lib/operands/connect/build-state.ts's decision.
import type { KafkaConnect } from "../../api/kafka-connect.js";
import type { ConfigMap, Container, Pod, ServiceAccount, Volume, VolumeMount } from "../../api/kubernetes.js";
import { canonicalResources, withTemplateEnv } from "../../builders/deployment.js";
import { ownedChildMetadata } from "../../builders/metadata.js";
import { templatePodSettings } from "../../builders/pod-template.js";
import { hashStub } from "../../hash.js";
import { componentLabels, LABEL } from "../../labels.js";
import type { Plugin } from "./build-plugins.js";
import { connectBuildName, connectDockerfileConfigMapName } from "./connect-names.js";
import { connectDockerfile } from "./dockerfile.js";

/** Strimzi 1.2's builder images (STRIMZI_DEFAULT_BUILDAH_IMAGE, STRIMZI_DEFAULT_MAVEN_BUILDER of its operator Deployment). */
export const DEFAULT_BUILDAH_IMAGE = "quay.io/strimzi/buildah:1.2.0";
export const DEFAULT_MAVEN_BUILDER_IMAGE = "quay.io/strimzi/maven-builder:1.2.0";

/** On the build pod, the workers' pods and the PodSet: which Dockerfile and output the image was built from (Strimzi's). */
export const BUILD_REVISION_ANNOTATION = "strimzi.io/connect-build-revision";
/** On the PodSet: the image the last successful build pushed, by digest (Strimzi's); the next syncs read it from there. */
export const BUILD_IMAGE_ANNOTATION = "strimzi.io/connect-build-image";
/** Set to "true" on the workers' PodSet, Strimzi's way to build again what was built (a plugin's URL now serves another file). */
export const FORCE_REBUILD_ANNOTATION = "strimzi.io/force-rebuild";
/** On a build pod that a force-rebuild request started: the build it asked for, carried through until recorded. */
export const FORCED_BUILD_ANNOTATION = "kafka-hooks.io/forced-build";

/** The ConfigMap key and the file the build reads. */
export const DOCKERFILE_KEY = "Dockerfile";
const COMPONENT_TYPE = "kafka-connect-build";
const VOLUME = { dockerfile: "dockerfile", buildContext: "build-context", credentials: "docker-credentials" } as const;
/** Buildah reads the push credentials from REGISTRY_AUTH_FILE. */
const CREDENTIALS_MOUNT = "/build/.docker";
const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

type Connect = Pick<KafkaConnect, "metadata" | "spec">;
type Build = NonNullable<KafkaConnect["spec"]["build"]>;

export interface ConnectBuildInput {
  connect: Connect & { spec: { build: Build } };
  plugins: readonly Plugin[];
  /** The image the plugins are added to: what the workers would run without a build. */
  fromImage: string;
}

export interface ConnectBuild {
  /** The build Pod's, its container's and its ServiceAccount's. */
  name: string;
  dockerfile: string;
  /** Strimzi's build revision: the Dockerfile's hash stub and the output image's. */
  revision: string;
  configMap: ConfigMap;
  serviceAccount: ServiceAccount;
  pod: Pod;
}

/** Strimzi's labels of the build's objects (Labels.generateDefaultLabels with component type `kafka-connect-build`). */
function buildLabels(connect: string): Record<string, string> {
  return { ...componentLabels(connect, COMPONENT_TYPE), [LABEL.kind]: "KafkaConnect", [LABEL.name]: connectBuildName(connect) };
}

/** KafkaConnectBuild.buildahArguments: build, push with the digest written to a file, and the image by digest as the termination message. */
function buildahArguments(output: Build["output"]): string[] {
  const buildOptions = (output.additionalBuildOptions ?? []).join(" ");
  const pushOptions = (output.additionalPushOptions ?? []).join(" ");
  const image = output.image;
  return [
    "/bin/bash",
    "-ec",
    `buildah build --file=/dockerfile/Dockerfile --tag=${image} --storage-driver=vfs ${buildOptions}\n`
      + `buildah push --storage-driver=vfs --digestfile=/tmp/digest ${pushOptions} ${image}\n`
      + `echo "$(buildah images --storage-driver=vfs --format '{{.Name}}' ${image})@$(cat /tmp/digest)" > /dev/termination-log`,
  ];
}

function volumes(connect: ConnectBuildInput["connect"]): Array<{ volume: Volume; mount: VolumeMount }> {
  const name = connect.metadata.name;
  const pushSecret = connect.spec.build.output.pushSecret;
  return [
    {
      volume: { name: VOLUME.dockerfile, configMap: { name: connectDockerfileConfigMapName(name), items: [{ key: DOCKERFILE_KEY, path: DOCKERFILE_KEY }] } },
      mount: { name: VOLUME.dockerfile, mountPath: "/dockerfile" },
    },
    // Buildah keeps its build context under /var/tmp.
    { volume: { name: VOLUME.buildContext, emptyDir: {} }, mount: { name: VOLUME.buildContext, mountPath: "/var/tmp" } },
    ...(pushSecret !== undefined
      ? [{
        volume: { name: VOLUME.credentials, secret: { secretName: pushSecret, items: [{ key: ".dockerconfigjson", path: "config.json" }] } },
        mount: { name: VOLUME.credentials, mountPath: CREDENTIALS_MOUNT },
      }]
      : []),
  ];
}

function buildContainer(connect: ConnectBuildInput["connect"], mounts: readonly VolumeMount[]): Container {
  const { build, template } = connect.spec;
  const containerTemplate = template?.buildContainer;
  const env = withTemplateEnv(
    build.output.pushSecret !== undefined ? [{ name: "REGISTRY_AUTH_FILE", value: `${CREDENTIALS_MOUNT}/config.json` }] : [],
    containerTemplate?.env,
  );
  return {
    name: connectBuildName(connect.metadata.name),
    image: DEFAULT_BUILDAH_IMAGE,
    args: buildahArguments(build.output),
    ...(env.length > 0 ? { env } : {}),
    resources: canonicalResources(build.resources),
    volumeMounts: [...mounts, ...(containerTemplate?.volumeMounts ?? [])],
    imagePullPolicy: "IfNotPresent",
    // Strimzi's baseline profile: Buildah needs what the user's cluster grants it, so only the template sets one.
    ...(containerTemplate?.securityContext ? { securityContext: containerTemplate.securityContext } : {}),
  };
}

function buildPod(input: ConnectBuildInput, revision: string): Pod {
  const { connect } = input;
  const name = connect.metadata.name;
  const template = connect.spec.template?.buildPod ?? {};
  const found = volumes(connect);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: ownedChildMetadata(connect.metadata.namespace, connectBuildName(name), buildLabels(name), template.metadata, {
      annotations: { [BUILD_REVISION_ANNOTATION]: revision },
    }),
    spec: {
      // A build runs once; a failed one stays, with its logs, until it is deleted or the build changes.
      restartPolicy: "Never",
      serviceAccountName: connectBuildName(name),
      automountServiceAccountToken: false,
      containers: [buildContainer(connect, found.map((f) => f.mount))],
      volumes: [...found.map((f) => f.volume), ...(template.volumes ?? [])],
      terminationGracePeriodSeconds: template.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
      ...(template.securityContext ? { securityContext: template.securityContext } : {}),
      ...templatePodSettings(template, template.affinity),
    },
  };
}

export function connectBuild(input: ConnectBuildInput): ConnectBuild {
  const { connect } = input;
  const name = connect.metadata.name;
  const namespace = connect.metadata.namespace;
  const dockerfile = connectDockerfile(input.fromImage, input.plugins, DEFAULT_MAVEN_BUILDER_IMAGE);
  const revision = `${hashStub(dockerfile)}${hashStub(connect.spec.build.output.image)}`;
  return {
    name: connectBuildName(name),
    dockerfile,
    revision,
    configMap: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: ownedChildMetadata(namespace, connectDockerfileConfigMapName(name), buildLabels(name)),
      data: { [DOCKERFILE_KEY]: dockerfile },
    },
    serviceAccount: {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: ownedChildMetadata(namespace, connectBuildName(name), buildLabels(name), connect.spec.template?.buildServiceAccount?.metadata),
    },
    pod: buildPod(input, revision),
  };
}
