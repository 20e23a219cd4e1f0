#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the studio's browser test
# (Playwright drives it; it never downloads a browser of its own). Installs it only when missing.
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

echo "ensure-chromium: installing Chromium" >&2
as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
