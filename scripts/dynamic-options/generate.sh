#!/usr/bin/env bash
# Writes lib/config/dynamic-options.ts from the Kafka jars the real bed lays
# out (test/realbed/kafka/install.sh, Maven Central): the options Kafka itself
# says it updates at run time, per broker or cluster-wide.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
home=$(bash "$root/test/realbed/kafka/install.sh")
version=$(basename "$home" | sed 's/^kafka-//')
java -cp "$home/opt/kafka/libs/*" "$here/DynamicOptions.java" "$version" > "$root/lib/config/dynamic-options.ts"
