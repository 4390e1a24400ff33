// The build's objects against Strimzi's KafkaConnectBuildTest (Buildah, its default builder): the same
// KafkaConnect (RESOURCE there) and every value its Buildah cases assert, here as whole objects. Where we
// differ, on purpose: `app.kubernetes.io/managed-by` is ours, and the Buildah image is the one Strimzi 1.2's
// operator Deployment pins (its test runs without that variable and expects `:latest`).
import t from "tap";
import type { KafkaConnect } from "../../../lib/api/kafka-connect.js";
import { hashStub } from "../../../lib/hash.js";
import { buildPlugins } from "../../../lib/operands/connect/build-plugins.js";
import { connectBuild, DEFAULT_MAVEN_BUILDER_IMAGE } from "../../../lib/operands/connect/build.js";
import { connectDockerfile } from "../../../lib/operands/connect/dockerfile.js";

type Spec = KafkaConnect["spec"];
type Build = NonNullable<Spec["build"]>;

const RESOURCE: Pick<KafkaConnect, "metadata" | "spec"> & { spec: { build: Build } } = {
  metadata: { name: "my-connect", namespace: "my-ns" },
  spec: {
    replicas: 2,
    image: "my-source-image:latest",
    bootstrapServers: "my-kafka:9092",
    groupId: "my-group",
    configStorageTopic: "my-config-topic",
    offsetStorageTopic: "my-offset-topic",
    statusStorageTopic: "my-status-topic",
    build: {
      output: { type: "docker", image: "my-image:latest", pushSecret: "my-docker-credentials" },
      plugins: [
        { name: "my-connector", artifacts: [{ type: "jar", url: "https://mydomain.tld/my.jar" }] },
        { name: "my-connector2", artifacts: [{ type: "jar", url: "https://mydomain.tld/my2.jar", sha512sum: "sha-512-checksum" }] },
      ],
    },
  },
};

function build(edit: (spec: Spec & { build: Build }) => void = () => {}) {
  const connect = structuredClone(RESOURCE);
  edit(connect.spec);
  const checked = buildPlugins(connect.spec.build);
  if ("problems" in checked) throw new Error(JSON.stringify(checked.problems));
  return connectBuild({ connect, plugins: checked.plugins, fromImage: connect.spec.image ?? "" });
}

const LABELS = {
  "app.kubernetes.io/instance": "my-connect",
  "app.kubernetes.io/managed-by": "kafka-hooks",
  "app.kubernetes.io/name": "kafka-connect-build",
  "app.kubernetes.io/part-of": "strimzi-my-connect",
  "strimzi.io/cluster": "my-connect",
  "strimzi.io/component-type": "kafka-connect-build",
  "strimzi.io/kind": "KafkaConnect",
  "strimzi.io/name": "my-connect-connect-build",
};

const BUILDAH_SCRIPT = (build: string, push: string) => "buildah build --file=/dockerfile/Dockerfile --tag=my-image:latest --storage-driver=vfs " + build + "\n"
  + "buildah push --storage-driver=vfs --digestfile=/tmp/digest " + push + " my-image:latest\n"
  + "echo \"$(buildah images --storage-driver=vfs --format '{{.Name}}' my-image:latest)@$(cat /tmp/digest)\" > /dev/termination-log";

t.test("testBuildahDeployment: the build pod, whole", async (t) => {
  const built = build((spec) => {
    spec.build.resources = { limits: { cpu: "1000m", memory: "1Gi" }, requests: { cpu: "500m", memory: "512Mi" } };
  });
  const dockerfile = connectDockerfile("my-source-image:latest", [
    { name: "my-connector", artifacts: [{ type: "jar", url: "https://mydomain.tld/my.jar", insecure: false }] },
    { name: "my-connector2", artifacts: [{ type: "jar", url: "https://mydomain.tld/my2.jar", sha512sum: "sha-512-checksum", insecure: false }] },
  ], DEFAULT_MAVEN_BUILDER_IMAGE);
  t.equal(built.dockerfile, dockerfile, "FROM the workers' image (Strimzi's baseImage my-source-image:latest)");
  t.equal(built.revision, `${hashStub(dockerfile)}${hashStub("my-image:latest")}`, "Strimzi's revision: the Dockerfile's stub, then the output image's");
  t.same(built.pod, {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "my-connect-connect-build",
      namespace: "my-ns",
      labels: LABELS,
      annotations: { "strimzi.io/connect-build-revision": built.revision },
    },
    spec: {
      restartPolicy: "Never",
      serviceAccountName: "my-connect-connect-build",
      automountServiceAccountToken: false,
      containers: [{
        name: "my-connect-connect-build",
        image: "quay.io/strimzi/buildah:1.2.0",
        args: ["/bin/bash", "-ec", BUILDAH_SCRIPT("", "")],
        env: [{ name: "REGISTRY_AUTH_FILE", value: "/build/.docker/config.json" }],
        resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m", memory: "512Mi" } },
        volumeMounts: [
          { name: "dockerfile", mountPath: "/dockerfile" },
          { name: "build-context", mountPath: "/var/tmp" },
          { name: "docker-credentials", mountPath: "/build/.docker" },
        ],
        imagePullPolicy: "IfNotPresent",
      }],
      volumes: [
        { name: "dockerfile", configMap: { name: "my-connect-connect-dockerfile", items: [{ key: "Dockerfile", path: "Dockerfile" }] } },
        { name: "build-context", emptyDir: {} },
        { name: "docker-credentials", secret: { secretName: "my-docker-credentials", items: [{ key: ".dockerconfigjson", path: "config.json" }] } },
      ],
      terminationGracePeriodSeconds: 30,
    },
  });
  t.same(built.configMap, {
    apiVersion: "v1", kind: "ConfigMap", metadata: { name: "my-connect-connect-dockerfile", namespace: "my-ns", labels: LABELS }, data: { Dockerfile: dockerfile },
  }, "testConfigMap");
  t.same(built.serviceAccount, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "my-connect-connect-build", namespace: "my-ns", labels: LABELS } });
});

t.test("testBuildahDeploymentWithoutPushSecret: no credentials volume, mount or variable", async (t) => {
  const pod = build((spec) => {
    spec.build.output = { type: "docker", image: "my-image:latest" };
  }).pod;
  const container = pod.spec?.containers[0];
  t.same(pod.spec?.volumes?.map((v) => v.name), ["dockerfile", "build-context"]);
  t.same(container?.volumeMounts, [{ name: "dockerfile", mountPath: "/dockerfile" }, { name: "build-context", mountPath: "/var/tmp" }]);
  t.equal(container?.env, undefined);
  t.same(container?.resources, {});
});

t.test("testValidBuildahBuildOptions: the options join the build and push commands", async (t) => {
  const pod = build((spec) => {
    spec.build.output = { type: "docker", image: "my-image:latest", pushSecret: "my-docker-credentials", additionalBuildOptions: ["--retry=3"], additionalPushOptions: ["--quiet"] };
  }).pod;
  t.same(pod.spec?.containers[0]?.args, ["/bin/bash", "-ec", BUILDAH_SCRIPT("--retry=3", "--quiet")]);
});

t.test("testInvalidBuildahBuildOptions, testInvalidBuildahPushOptions, unique names, a registry: Strimzi's refusals", async (t) => {
  const problems = (edit: (b: Build) => void) => {
    const b = structuredClone(RESOURCE.spec.build);
    edit(b);
    const checked = buildPlugins(b);
    return "problems" in checked ? checked.problems : [];
  };
  t.same(problems((b) => {
    b.output.additionalBuildOptions = ["--logfile=my-file", "--file=/docker/Another", "--storage-driver=random"];
    b.output.additionalPushOptions = ["--quiet"];
  }), [{ path: "spec.build.output.additionalBuildOptions", message: "contains forbidden options: [--logfile, --file, --storage-driver]" }]);
  t.same(problems((b) => {
    b.output.additionalBuildOptions = ["--retry=3"];
    b.output.additionalPushOptions = ["--digestfile=/tmp/random", "--sign-by=different", "--format=xy"];
  }), [{ path: "spec.build.output.additionalPushOptions", message: "contains forbidden options: [--digestfile, --sign-by, --format]" }]);
  t.same(problems((b) => {
    b.plugins = [b.plugins[0]!, { ...b.plugins[1]!, name: "my-connector" }];
  }), [{ path: "spec.build.plugins", message: "Connector plugins names have to be unique within a single KafkaConnect resource." }]);
  t.same(problems((b) => {
    b.output = { type: "imagestream", image: "my-image:latest" };
  }), [{ path: "spec.build.output.type", message: "must be docker: the build runs in a pod and pushes to a registry (OpenShift ImageStreams need OpenShift's builds)" }]);
});

t.test("testTemplate and testBuildahWithAdditionalVolumesVolumeMountsAndEnvVariables: the build pod's templates", async (t) => {
  const built = build((spec) => {
    spec.template = {
      buildPod: {
        metadata: { labels: { l1: "v1", l2: "v2" }, annotations: { a1: "v1", a2: "v2" } },
        priorityClassName: "top-priority",
        schedulerName: "my-scheduler",
        enableServiceLinks: false,
        volumes: [{ name: "secret-volume-name", secret: { secretName: "secret1" } }],
        hostUsers: false,
      },
      buildContainer: {
        env: [{ name: "TEST_ENV_VAR", value: "testValue" }, { name: "REGISTRY_AUTH_FILE", value: "/elsewhere" }],
        volumeMounts: [{ name: "secret-volume-name", mountPath: "/mnt/secret-volume", subPath: "def" }],
      },
      buildServiceAccount: { metadata: { labels: { l5: "v5", l6: "v6" }, annotations: { a5: "v5", a6: "v6" } } },
    };
  });
  const { metadata, spec } = built.pod;
  t.same(metadata?.labels, { ...LABELS, l1: "v1", l2: "v2" });
  t.same(metadata?.annotations, { a1: "v1", a2: "v2", "strimzi.io/connect-build-revision": built.revision });
  t.equal(spec?.priorityClassName, "top-priority");
  t.equal(spec?.schedulerName, "my-scheduler");
  t.equal(spec?.enableServiceLinks, false);
  t.equal(spec?.hostUsers, false);
  t.same(spec?.containers[0]?.env, [{ name: "REGISTRY_AUTH_FILE", value: "/build/.docker/config.json" }, { name: "TEST_ENV_VAR", value: "testValue" }], "the template's variables after ours, never replacing one");
  t.same(spec?.containers[0]?.volumeMounts?.at(-1), { name: "secret-volume-name", mountPath: "/mnt/secret-volume", subPath: "def" });
  t.same(spec?.volumes?.at(-1), { name: "secret-volume-name", secret: { secretName: "secret1" } });
  t.same(built.serviceAccount.metadata, { name: "my-connect-connect-build", namespace: "my-ns", labels: { ...LABELS, l5: "v5", l6: "v6" }, annotations: { a5: "v5", a6: "v6" } });
});
