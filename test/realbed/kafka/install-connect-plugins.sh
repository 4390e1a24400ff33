#!/usr/bin/env bash
# Lays out a Kafka Connect plugin.path in the cache from Maven Central: Kafka's
# file connectors (org.apache.kafka:connect-file, which the apache/kafka image
# ships outside the workers' classpath), checksums verified. Kept apart from
# install.sh's layout so that brokers running from it are not disturbed.
# Prints the plugin.path directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${KAFKA_HOOKS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-hooks}
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")
home="$cache/connect-plugins-$version"
if [ -f "$home/file/connect-file-$version.jar" ]; then echo "$home"; exit 0; fi
work="$cache/.connect-plugins-$version.$$"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/file"
mvn -B -q -C dependency:copy -Dartifact="org.apache.kafka:connect-file:$version" -DoutputDirectory="$work/file" >&2
rm -rf "$home"
mv "$work" "$home"
echo "$home"
