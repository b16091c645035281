#!/usr/bin/env bash
# Print the path of a Firefox the Firefox end-to-end tests can drive, installing one if
# needed. Order: $FIREFOX, firefox-esr or firefox on PATH, then Debian's firefox-esr
# package (when apt-get can run). The suite drives it with puppeteer-core over WebDriver
# BiDi, so no driver binary is needed.
set -euo pipefail

if [ -n "${FIREFOX:-}" ] && [ -x "$FIREFOX" ]; then echo "$FIREFOX"; exit 0; fi
for name in firefox-esr firefox; do
  if path=$(command -v "$name" 2>/dev/null); then echo "$path"; exit 0; fi
done

if command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo -n"
  echo "Installing Debian's firefox-esr package..." >&2
  if $sudo_cmd apt-get install -y -qq firefox-esr >&2 ||
     { $sudo_cmd apt-get update -qq >&2 && $sudo_cmd apt-get install -y -qq firefox-esr >&2; }; then
    command -v firefox-esr && exit 0
  fi
fi

echo "No Firefox found or installable; set FIREFOX=/path/to/firefox." >&2
exit 1
