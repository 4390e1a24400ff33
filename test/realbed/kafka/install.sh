#!/usr/bin/env bash
# Lays out the apache/kafka image's /opt/kafka in the cache from Maven Central:
# libs/ resolved by Maven with strict checksums (pom.xml beside this file),
# bin/ from the minimal scripts beside this file (both under opt/kafka/), the
# FileStream connectors in opt/kafka/plugins/connect-file (as an image built on
# apache/kafka with that plugin has them: the distribution's libs/ lacks it), and
# the bind shim the process kubelet preloads (shim/, from test/realbed/pod/bind-shim.c).
# Prints the directory holding both.
# An argument names another Kafka version than the pom's (the upgrade test's older one): it is laid
# out the same way, from the same pom with kafka.version overridden and without MirrorMaker 2, into
# its own kafka-<version>.
# KAFKA_HOOKS_CACHE overrides the cache (default $XDG_CACHE_HOME/kafka-hooks or ~/.cache/kafka-hooks).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${KAFKA_HOOKS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-hooks}
default=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")
version=${1:-$default}
case "$version" in *[!0-9.]*|"") echo "install.sh: not a Kafka version: $version" >&2; exit 2;; esac
home="$cache/kafka-$version"
# The layout is redone whenever what it is made of changes.
stamp=$(cat "$0" "$here/pom.xml" "$here"/bin/* "$here/../pod/bind-shim.c" | sha256sum | cut -c1-16)
if [ -f "$home/.layout-$stamp" ]; then echo "$home"; exit 0; fi

work="$cache/.kafka-$version.$$"
rm -rf "$work"
mkdir -p "$work/opt/kafka/libs" "$work/opt/kafka/bin" "$work/opt/kafka/config" "$work/shim"
trap 'rm -rf "$work"' EXIT
# -C: a jar whose checksum does not match fails the build instead of warning.
only=()
[ "$version" = "$default" ] || only=(-Dkafka.brokerOnly)
mvn -B -q -C -f "$here/pom.xml" -Dkafka.version="$version" "${only[@]}" dependency:copy-dependencies \
  -DoutputDirectory="$work/opt/kafka/libs" -DincludeScope=runtime >&2
if [ "$version" = "$default" ]; then
  mkdir -p "$work/opt/kafka/plugins/connect-file"
  mvn -B -q -C dependency:copy -Dartifact="org.apache.kafka:connect-file:$version" -DoutputDirectory="$work/opt/kafka/plugins/connect-file" >&2
fi
cp "$here"/bin/*.sh "$work/opt/kafka/bin/"
chmod 755 "$work"/opt/kafka/bin/*.sh
# The image's default tools logging (the broker gets its own log4j2.properties from its ConfigMap).
cat > "$work/opt/kafka/config/tools-log4j2.yaml" <<'YAML'
Configuration:
  Appenders:
    Console:
      name: STDERR
      target: SYSTEM_ERR
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: WARN
      AppenderRef:
        - ref: STDERR
YAML
gcc -O2 -shared -fPIC -o "$work/shim/bind-shim.so" "$here/../pod/bind-shim.c" -ldl
chmod -R a+rX "$work"
rm -rf "$home"
mv "$work" "$home"
touch "$home/.layout-$stamp"
echo "$home"
