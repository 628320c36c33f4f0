#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need when it is missing (Debian's PostgreSQL
# server binaries for the durable-mode tests, Debian's Chromium for the browser tests), then runs every test.
set -euo pipefail
cd "$(dirname "$0")"

.ci/install-postgres.sh
.ci/install-chromium.sh

dotnet test OrleansService.sln "$@"
