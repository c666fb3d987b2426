#!/usr/bin/env bash
# Refreshes tests/Agora.Connectivity.Tests/VendorTruth/facts.json from Agora's shipped SDK packages at pinned versions.
# Needs npm (to pack) and node (to extract); run it by hand, never in CI: the tests read only the checked-in file.
# Usage: tools/vendor-truth/refresh.sh            rewrite the facts
#        tools/vendor-truth/refresh.sh --check    fail when the packages no longer give the checked-in facts
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/tests/Agora.Connectivity.Tests/VendorTruth/facts.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

packages=(
  react-native-agora@4.6.4 react-native-agora@3.7.1 agora-electron-sdk@4.6.2
  agora-rtc-sdk-ng@4.24.8 agora-rtc-sdk@3.6.11 agora-rtc-sdk@2.5.1 agora-rtc-sdk@2.3.1
  agora-rtm-sdk@1.4.5 agora-rtm-sdk@1.5.1 agora-rtm-sdk@1.6.0
  agora-react-native-rtm@2.2.6 agora-rtm-sdk@2.3.0
)
for spec in "${packages[@]}"; do
  mkdir -p "$work/tgz" "$work/x/$spec"
  (cd "$work/tgz" && npm pack "$spec" --silent >/dev/null)
  tar xzf "$work/tgz/$(echo "${spec%@*}" | tr -d '@' | tr '/' '-')-${spec##*@}.tgz" -C "$work/x/$spec"
done

node "$here/extract.mjs" "$work/x" > "$work/facts.json"
if [ "${1:-}" = "--check" ]; then
  diff -u "$out" "$work/facts.json"
  echo "facts.json is what the packages say."
else
  cp "$work/facts.json" "$out"
  echo "wrote $out"
fi
