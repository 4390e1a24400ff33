#!/bin/sh
# Downloads every jar of jars.txt from Maven Central into OUT/<feature>/ and
# verifies it against the SHA-256 the list pins: a jar that differs fails the
# whole fetch. Run by the Dockerfile beside this file and by the real bed
# (test/realbed/kafka/install-extras.sh), so both hold the same bytes.
#   fetch-jars.sh LIST OUT
# Needs mvn (Maven resolves Maven Central, or the mirror its settings name; -C
# also fails on a mismatch with Maven Central's own checksum) and sha256sum.
set -eu
list=$1
out=$2
mkdir -p "$out"
grep -Ev '^[[:space:]]*(#|$)' "$list" | while read -r feature coordinates sha256; do
  artifact=$(echo "$coordinates" | cut -d: -f2)
  version=$(echo "$coordinates" | cut -d: -f3)
  mkdir -p "$out/$feature"
  mvn -B -q -C -Dstyle.color=never dependency:copy -Dartifact="$coordinates" -DoutputDirectory="$out/$feature" >&2
  echo "$sha256  $out/$feature/$artifact-$version.jar" | sha256sum -c - >&2
done
