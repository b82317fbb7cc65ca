#!/usr/bin/env bash
# Browser test of the HTML report: generates the demo report with the CLI,
# loads it in headless Chromium (tests/browser, node --test) and saves
# target/artifacts/report.png. Also validates the demo's JUnit output against
# the vendored Jenkins/Surefire JUnit schema with xmllint.
# Installs Debian's chromium and libxml2-utils when missing (CI runs as root).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v xmllint >/dev/null || need+=(libxml2-utils)
if [ "${#need[@]}" -gt 0 ]; then
  echo "== installing ${need[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi

artifacts="${PHASEGATE_ARTIFACTS:-$PWD/target/artifacts}"
mkdir -p "$artifacts"
export PHASEGATE_ARTIFACTS="$artifacts"

echo "== generating the demo reports"
PROFILE="${PHASEGATE_TEST_PROFILE:-dev}"
cargo build -q --locked -p phasegate --profile "$PROFILE"
set +e
cargo run -q --locked -p phasegate --profile "$PROFILE" -- check \
  --policy tests/browser/fixtures/policies --input tests/browser/fixtures/input.json \
  --format html --output "$artifacts/report.html" \
  --format json --output "$artifacts/decision.json" \
  --format junit --output "$artifacts/report.junit.xml" \
  --format sarif --output "$artifacts/report.sarif"
code=$?
set -e
# The demo has failing rules: exit 1 is expected; anything else is a failure.
if [ "$code" -ne 1 ]; then
  echo "phasegate check exited $code, expected 1 (failing rules)" >&2
  exit 1
fi

echo "== JUnit output against tests/schemas/junit-10.jenkins-xunit.xsd"
xmllint --noout --schema tests/schemas/junit-10.jenkins-xunit.xsd "$artifacts/report.junit.xml"

echo "== browser tests"
cd tests/browser
npm ci --no-audit --no-fund
node --test
echo "screenshot: $artifacts/report.png"
