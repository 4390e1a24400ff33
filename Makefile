# The two commands a newcomer needs: `make run` and `make test`.
NODE_MODULES_STAMP := node_modules/.package-lock.json

# Everything runs on the Node.js the image runs (Dockerfile): the devDependency
# `node` installs that release's binary as node_modules/.bin/node, which comes
# first on PATH, so npx, tap and every process the tests start use it whatever
# Node.js the machine has (docs/ARCHITECTURE.md, Runtime).
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: run test build-tests sidecar test-rules test-real test-k8s kafka-image kafka-extras-image build render fixtures bench bench-topics bench-users bench-sidecar manifests e2e clean

$(NODE_MODULES_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The build (tsconfig.build.json): what the image runs, without tests.
build: $(NODE_MODULES_STAMP)
	npx tsc -p tsconfig.build.json

# The tests and benchmarks besides (tsconfig.json), and the layers (.dependency-cruiser.cjs).
build-tests: build
	npx tsc -p tsconfig.json
	npx depcruise --config .dependency-cruiser.cjs hooks lib cli sidecar entity-operator bench test

run: build
	node dist/hooks/main.js

# The sidecar against the current kubeconfig's cluster, e.g.
# make sidecar POD_NAMESPACE=kafka-hooks WATCH_NAMESPACES=kafka HEALTH_PORT=8081
sidecar: build
	POD_NAMESPACE=$${POD_NAMESPACE:-default} node dist/sidecar/main.js

test: build-tests
	npx tap

# promtool check rules and test rules on manifests/monitoring/rules with test/rules/*.test.yaml;
# installs Debian's prometheus package for promtool when it is missing (as root).
test-rules: $(NODE_MODULES_STAMP)
	scripts/test-rules.sh

# Kafka from Maven Central laid out as the apache/kafka image, in ~/.cache/kafka-hooks (KAFKA_HOOKS_CACHE overrides).
kafka-image:
	bash test/realbed/kafka/install.sh

# The init container's image (images/kafka-extras) under the tag the hooks name (lib/kafka-files/extra-jars.ts):
# push it where your nodes pull from. Needs docker and Maven Central.
kafka-extras-image:
	docker build -t kafka-hooks-kafka-extras:$$(sha256sum images/kafka-extras/jars.txt | cut -c1-16) images/kafka-extras

# The scenarios on real Kafka brokers run as processes (test/realbed/*.real.ts): needs root (mount namespaces),
# Java 17, Maven and gcc. One file at a time: each runs up to six JVMs on this 2-core machine.
test-real: build-tests kafka-image
	@[ "$$(id -u)" = 0 ] || { echo "make test-real needs root: pods run in mount namespaces"; exit 1; }
	scripts/realbed-kafka-exporter-build.sh
	npx tap --jobs=1 --timeout=1500 --disable-coverage dist/test/realbed/*.real.js dist/test/realbed/user-operator/*.real.js dist/test/realbed/connect/*.real.js

# The scenarios only a real Kubernetes API server can judge (test/realbed/k8s):
# etcd, kube-apiserver, kube-controller-manager and kubectl are built from the
# Go module proxy once per pinned release (cached under ~/.cache/kafka-hooks/k8s),
# then each test file runs its own control plane on loopback. Needs Go and openssl; kafka-on-server runs
# real brokers as make test-real does (root, the Kafka image).
test-k8s: build-tests kafka-image
	@[ "$$(id -u)" = 0 ] || { echo "make test-k8s needs root: kafka-on-server runs pods in mount namespaces"; exit 1; }
	scripts/realbed-k8s-build.sh
	npx tap --jobs=1 --timeout=600 --disable-coverage dist/test/realbed/k8s/*.real.js

# Preview the children of a first sync: make render FILE=../shared/strimzi-examples/kafka/kafka-persistent.yaml
render: build
	node dist/cli/kafka-hooks.js render -f $(FILE)

clean:
	rm -rf dist .tap

# Regenerates manifests/crds/ from lib/api/schemas and Metacontroller's ClusterRole
# (manifests/metacontroller-least-privilege/) from metacontroller/*.yaml; a test fails while they differ.
manifests: build
	node dist/cli/generate-manifests.js

# Regenerates test/fixtures/*.sync.json from ../shared/strimzi-examples.
fixtures: build-tests
	node dist/test/generate-fixtures.js

# Measures the hooks (bench/) and writes docs/BENCHMARKS.md.
bench: build-tests
	node --expose-gc dist/bench/run.js

# The Topic Operator against a real API server and Kafka node (docs/BENCHMARKS.md): TOPICS KafkaTopics (10000) to Ready,
# resync CPU and peak memory, each printed against issue 23's goal, with the load average and the API server's CPU and
# latency beside them. Needs what make test-k8s needs (root, the Kubernetes binaries, the Kafka image).
bench-topics: build-tests kafka-image
	scripts/realbed-k8s-build.sh
	node dist/test/realbed/k8s/topic-operator-bench.js

# The User Operator against a real API server and Kafka node (docs/BENCHMARKS.md): USERS TLS KafkaUsers (1000)
# created together until all Ready, then as many SCRAM ones, with the operator's CPU time, the load average and its
# longest event-loop stall; prints each goal met or missed. Needs what make test-k8s needs (root, the Kubernetes binaries, the Kafka image).
bench-users: build-tests kafka-image
	scripts/realbed-k8s-build.sh
	node dist/test/realbed/k8s/user-operator-bench.js

# The sidecar's resident memory watching CLUSTERS (100) settled clusters on a real API server (docs/BENCHMARKS.md).
# Needs the Kubernetes binaries make test-k8s builds, and no Kafka.
bench-sidecar: build-tests
	scripts/realbed-k8s-build.sh
	node dist/test/realbed/k8s/sidecar-memory-bench.js

# A kind cluster, our manifests, Strimzi's examples Ready, a message through Kafka (needs docker, kind, kubectl).
e2e:
	scripts/e2e.sh
