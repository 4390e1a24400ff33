#!/usr/bin/env bash
# Lays out the kafka-extras image's /opt/kafka-extras in the cache, as its
# Dockerfile does: images/kafka-extras/fetch-jars.sh over the same jars.txt
# (Maven Central, every jar checked against its pinned SHA-256). Prints the
# directory holding opt/kafka-extras, which the process kubelet runs the init
# container from. Redone only when the list or the script changes.
# KAFKA_HOOKS_CACHE overrides the cache (default $XDG_CACHE_HOME/kafka-hooks or ~/.cache/kafka-hooks).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
extras="$here/../../../images/kafka-extras"
cache=${KAFKA_HOOKS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kafka-hooks}
# The image's tag: the list's digest (lib/kafka-files/extra-jars.ts).
tag=$(sha256sum "$extras/jars.txt" | cut -c1-16)
home="$cache/kafka-extras-$tag"
stamp=$(cat "$0" "$extras/fetch-jars.sh" | sha256sum | cut -c1-16)
if [ -f "$home/.layout-$stamp" ]; then echo "$home"; exit 0; fi

work="$cache/.kafka-extras-$tag.$$"
rm -rf "$work"
trap 'rm -rf "$work"' EXIT
sh "$extras/fetch-jars.sh" "$extras/jars.txt" "$work/opt/kafka-extras"
chmod -R a+rX "$work"
rm -rf "$home"
mv "$work" "$home"
touch "$home/.layout-$stamp"
echo "$home"
