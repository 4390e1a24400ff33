#!/usr/bin/env bash
# End to end on a real cluster: a kind cluster, Metacontroller and our manifests,
# Strimzi's examples applied unchanged, Ready, and a message through Kafka.
# Needs docker, kind and kubectl; cannot run where there is no container engine.
#
#   make e2e                      # ephemeral and single-node examples
#   E2E_KEEP=1 make e2e           # leave the cluster running afterwards
set -euo pipefail

cluster=${E2E_CLUSTER:-kafka-hooks-e2e}
namespace=${E2E_NAMESPACE:-myproject}
image=kafka-hooks:$(node -p 'require("./package.json").version')
examples=${E2E_EXAMPLES:-"kafka-ephemeral.yaml kafka-single-node.yaml"}
examples_dir=${E2E_EXAMPLES_DIR:-../shared/strimzi-examples/kafka}

for tool in docker kind kubectl; do
  command -v "$tool" >/dev/null || { echo "e2e needs $tool on PATH" >&2; exit 2; }
done

cleanup() { [ -n "${E2E_KEEP:-}" ] || kind delete cluster --name "$cluster"; }
trap cleanup EXIT

kind create cluster --name "$cluster" --wait 120s
docker build -t "$image" .
kind load docker-image "$image" --name "$cluster"

# The CompositeControllers are refused until Metacontroller's CRDs are established.
kubectl apply -k manifests/ || { kubectl wait --for condition=established --timeout=60s crd --all && kubectl apply -k manifests/; }
kubectl -n kafka-hooks rollout status deployment/kafka-hooks --timeout=180s
kubectl -n metacontroller rollout status statefulset/metacontroller --timeout=180s

kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
for example in $examples; do
  kubectl -n "$namespace" apply -f "$examples_dir/$example"
  kafka=$(kubectl -n "$namespace" get -f "$examples_dir/$example" -o jsonpath='{range .items[?(@.kind=="Kafka")]}{.metadata.name}{end}')
  kubectl -n "$namespace" wait "kafka/$kafka" --for condition=Ready --timeout=600s
  bootstrap="$kafka-kafka-bootstrap:9092"
  message="hello from kafka-hooks e2e $(date +%s)"
  kubectl -n "$namespace" run e2e-producer --rm -i --restart=Never --image=apache/kafka:4.3.1 -- \
    /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server "$bootstrap" --topic e2e <<<"$message"
  received=$(kubectl -n "$namespace" run e2e-consumer --rm -i --restart=Never --image=apache/kafka:4.3.1 -- \
    /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server "$bootstrap" --topic e2e --from-beginning --max-messages 1 --timeout-ms 60000)
  grep -qF "$message" <<<"$received" || { echo "$example: consumed '$received', expected '$message'" >&2; exit 1; }
  echo "$example: Ready, and a message went through"
  kubectl -n "$namespace" delete -f "$examples_dir/$example" --wait=true
done
