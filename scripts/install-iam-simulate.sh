#!/usr/bin/env bash
# Installs the independent IAM evaluator that the emulator's DifferentialTest compares itself with:
# @cloud-copilot/iam-simulate and its three dependencies, exactly as pinned in
# src/test/iam-simulate/package-lock.json. `npm ci` installs only what the lock names and checks
# every tarball against the lock's sha512 integrity; the evaluator's own pin is checked here first,
# as scripts/regenerate-iam-data.sh does for the data. To move to a newer version, change the two
# values below, run `npm install --package-lock-only` in src/test/iam-simulate, compare the lock's
# integrity with `npm view @cloud-copilot/iam-simulate@VERSION dist.integrity`, and rerun the test.
#
# Licence: iam-simulate, iam-policy and iam-utils are AGPL-3.0-or-later (iam-data is MIT). They are
# a test-time tool here: installed under target/, run as a separate process, never copied into the
# repository, bundled, shipped or served.
#
# Usage: scripts/install-iam-simulate.sh [DIR]   (default target/iam-simulate)
# When node or npm is missing or the registry cannot be reached, the reason is written to
# DIR/UNAVAILABLE and the script exits 0: the test then skips and prints that reason. A pin or
# integrity mismatch is an error (exit 1): a package that is not what we pinned must not be run.
set -euo pipefail

IAM_SIMULATE_VERSION=0.1.173
IAM_SIMULATE_INTEGRITY='sha512-RQ29lKnj3FeWGnzENNrOZGc355JVDteYonbHOy9ypIUPhby98R4JBG5g7QwyUQhqHkevi0uDWRPlcFz1Xa3VOg=='

root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/src/test/iam-simulate"
out="${1:-$root/target/iam-simulate}"
rm -rf "$out"
mkdir -p "$out"

unavailable() {
  echo "$1" > "$out/UNAVAILABLE"
  echo "warning: iam-simulate not installed ($1); the differential test will be skipped" >&2
  exit 0
}

command -v node >/dev/null 2>&1 || unavailable "node is not installed"
command -v npm >/dev/null 2>&1 || unavailable "npm is not installed"

node -e '
  const lock = require(process.argv[1]);
  const p = lock.packages["node_modules/@cloud-copilot/iam-simulate"] || {};
  if (p.version !== process.argv[2] || p.integrity !== process.argv[3]) {
    console.error(`package-lock.json pins iam-simulate ${p.version} ${p.integrity},` +
      ` expected ${process.argv[2]} ${process.argv[3]}`);
    process.exit(1);
  }' "$src/package-lock.json" "$IAM_SIMULATE_VERSION" "$IAM_SIMULATE_INTEGRITY"

cp "$src/package.json" "$src/package-lock.json" "$out/"
if ! log="$(cd "$out" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error 2>&1)"; then
  if grep -q EINTEGRITY <<<"$log"; then
    echo "$log" >&2
    echo "error: a downloaded package does not match its pinned integrity" >&2
    exit 1
  fi
  unavailable "npm ci failed: $(tail -n 3 <<<"$log" | tr '\n' ' ')"
fi
echo "installed @cloud-copilot/iam-simulate@$IAM_SIMULATE_VERSION in $out"
