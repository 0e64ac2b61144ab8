#!/usr/bin/env bash
# Runs the product on the bundled seeds with no Azure account: Azurite, one full pipeline cycle,
# a table of the statements found, and the alert emails written to ./outbox.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
exec dotnet run --project src/Alerts.Cli -- demo "$@"
