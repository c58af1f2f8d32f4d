#!/usr/bin/env bash
# Installs what is missing, builds, and serves the portal with demo data on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/build.sh
exec python3 serve.py --demo --db data/demo.db "$@"
