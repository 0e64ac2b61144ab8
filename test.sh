#!/usr/bin/env bash
# Runs every test: installs Azurite (npm, pinned) when missing, builds the solution, runs all test
# projects (integration tests start their own Azurite on free 127.0.0.1 ports), and ends with one
# line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

./scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

# The subscriber pages are tested in headless Chromium (Debian's package; never a downloaded browser).
# Without root or apt, those tests skip and say why.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser tests (apt-get) ..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "Chromium could not be installed; the browser tests will skip."
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! dotnet build Alerts.sln --nologo -v quiet 2>&1 | tee -a "$log" | grep -E "error|Build succeeded|Warn" ; then :; fi
if ! grep -q "Build succeeded" "$log"; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test --solution Alerts.sln --no-build 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}

total=$(grep -E '^\s+total: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
if [ -z "$total" ]; then
  echo "The test run printed no summary."
  echo "0 passed, 1 failed"
  exit 1
fi
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then
  failed=1
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
