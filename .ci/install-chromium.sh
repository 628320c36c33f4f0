#!/usr/bin/env bash
# Debian's Chromium for the board's browser tests (Playwright drives it; it never downloads a browser of its own).
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium
