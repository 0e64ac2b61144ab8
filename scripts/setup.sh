#!/usr/bin/env bash
# One-time set-up both README commands share: the pinned Azurite from package-lock.json.
# Re-runs are cheap: npm ci runs only when node_modules does not match the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js and npm are needed for Azurite (the local Azure Storage emulator)." >&2
  exit 1
fi

stamp=node_modules/.alerts-package-lock.json
if [ ! -f node_modules/azurite/dist/src/azurite.js ] || ! cmp -s package-lock.json "$stamp"; then
  echo "Installing Azurite (npm ci) ..."
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
