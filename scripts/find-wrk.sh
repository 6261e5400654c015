#!/usr/bin/env bash
# Print the path of wrk (the HTTP load generator `make bench` uses), installing Debian's package
# when we can, as find-chromium.sh does for Chromium.
set -euo pipefail

if [ -n "${WRK_PATH:-}" ]; then
  if [ -x "$WRK_PATH" ]; then echo "$WRK_PATH"; exit 0; fi
  echo "WRK_PATH=$WRK_PATH is not an executable file." >&2
  exit 1
fi

if command -v wrk >/dev/null 2>&1; then command -v wrk; exit 0; fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "wrk is missing: installing Debian's wrk package..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
  if command -v wrk >/dev/null 2>&1; then command -v wrk; exit 0; fi
fi

cat >&2 <<'MSG'
`make bench` needs wrk and none was found.
  - On Debian or Ubuntu as root, `make bench` installs it with apt.
  - Otherwise install wrk (https://github.com/wg/wrk) and point WRK_PATH at it.
MSG
exit 1
