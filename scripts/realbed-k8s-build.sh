#!/usr/bin/env bash
# Builds etcd, kube-apiserver, kube-controller-manager and kubectl from the
# release pinned in test/realbed/k8s/go.mod into a cache outside the tracked
# files, and does nothing while the pins are unchanged. Prints the bin folder.
#
#   KAFKA_HOOKS_K8S_BIN  where the binaries go (default ~/.cache/kafka-hooks/k8s/bin)
set -euo pipefail
cd "$(dirname "$0")/.."

module=test/realbed/k8s
bin="${KAFKA_HOOKS_K8S_BIN:-$HOME/.cache/kafka-hooks/k8s/bin}"
binaries=(etcd kube-apiserver kube-controller-manager kubectl)

version_of() { (cd "$module" && go list -m -f '{{.Version}}' "$1"); }
kube=$(version_of k8s.io/kubernetes)
etcd=$(version_of go.etcd.io/etcd/server/v3)
# The pins are the whole of go.mod and go.sum; this script's flags count too.
stamp="kubernetes $kube etcd $etcd $(cat "$module/go.mod" "$module/go.sum" "$0" | sha256sum | cut -c1-16)"

up_to_date() {
  [[ -f "$bin/versions" && "$(cat "$bin/versions")" == "$stamp" ]] || return 1
  for b in "${binaries[@]}"; do [[ -x "$bin/$b" ]] || return 1; done
}

if up_to_date; then
  echo "$bin"
  exit 0
fi

mkdir -p "$bin"
rm -f "$bin/versions"
minor=${kube#v1.}; minor=${minor%%.*}
# What `make` in Kubernetes stamps in: the servers report their release (the
# API server's discovery, kubectl's version skew check) instead of v0.0.0-master.
ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $p.gitVersion=$kube -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

start=$(date +%s)
(
  cd "$module"
  # The machine is shared: the build yields to everything else.
  nice -n 19 go build -trimpath -ldflags "$ldflags" -o "$bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kubectl
  nice -n 19 go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3
)
echo "$stamp" > "$bin/versions"
echo "built kubernetes $kube and etcd $etcd in $(( $(date +%s) - start ))s" >&2
echo "$bin"
