#!/usr/bin/env bash
# Print the path of a Chromium for the browser tests, installing Debian's package when we can.
# Playwright's own browser download cannot be used here, so tests always launch this binary.
set -euo pipefail

if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ -x "$CHROMIUM_PATH" ]; then echo "$CHROMIUM_PATH"; exit 0; fi
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  exit 1
fi

find_installed() {
  # The real binary starts faster than Debian's wrapper script.
  for candidate in /usr/lib/chromium/chromium /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

if find_installed; then exit 0; fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing: installing Debian's chromium package (about a minute)..." >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  if find_installed; then exit 0; fi
fi

cat >&2 <<'MSG'
The browser tests need Chromium and none was found.
  - On Debian or Ubuntu as root, `make test` installs it with apt.
  - Otherwise install Chromium and point CHROMIUM_PATH at it, for example:
      make test CHROMIUM_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium
MSG
exit 1
