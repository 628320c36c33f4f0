#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries exist under /usr/lib/postgresql/<major>/bin (Debian layout); the durable-mode
# tests start a throwaway server from them (tests/Infrastructure/PostgresServer.cs). Idempotent: does nothing when
# initdb is already there.
set -euo pipefail

if compgen -G '/usr/lib/postgresql/*/bin/initdb' > /dev/null; then
    echo "PostgreSQL present: $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    exit 0
fi

if ! command -v apt-get > /dev/null; then
    echo "PostgreSQL is missing and this is not a Debian-like system: install the PostgreSQL server so that /usr/lib/postgresql/<major>/bin/initdb exists." >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo > /dev/null; then
        echo "PostgreSQL is missing and installing it needs root: run 'apt-get install -y --no-install-recommends postgresql' as root." >&2
        exit 1
    fi
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends postgresql
echo "PostgreSQL installed: $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
