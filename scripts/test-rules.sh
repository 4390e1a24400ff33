#!/usr/bin/env bash
# `make test-rules`: promtool checks every PrometheusRule of manifests/monitoring
# and runs the unit tests in test/rules on recorded series. promtool reads plain
# rule files, so each PrometheusRule's spec is written out as one first, named
# after the object (what the tests' rule_files say). promtool comes from Debian's
# prometheus package, installed when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v promtool >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "make test-rules needs promtool: apt-get install -y --no-install-recommends prometheus (as root)"; exit 1; }
  # A fresh machine may have no package lists yet.
  apt-get install -y --no-install-recommends prometheus >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends prometheus >/dev/null; }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node --input-type=module - "$work" manifests/monitoring/rules/*.yaml <<'JS'
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
const [work, ...files] = process.argv.slice(2);
for (const file of files) {
  for (const rule of yaml.loadAll(readFileSync(file, "utf8"))) {
    if (rule?.kind !== "PrometheusRule") continue;
    writeFileSync(join(work, `${rule.metadata.name}.yaml`), yaml.dump(rule.spec));
  }
}
JS
cp test/rules/*.test.yaml "$work"/
promtool check rules $(ls "$work"/*.yaml | grep -v '\.test\.yaml$')
promtool test rules "$work"/*.test.yaml
