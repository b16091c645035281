#!/usr/bin/env bash
# Print the path of a Chromium the end-to-end tests can drive, installing one if needed.
# Order: $CHROMIUM, a chromium already on PATH, Playwright's own download, Debian's
# package (when apt-get can run), and last `playwright install` (needs its download host).
set -euo pipefail
python_bin=${1:-python3}

usable() { [ -n "${1:-}" ] && [ -x "$1" ]; }

if usable "${CHROMIUM:-}"; then echo "$CHROMIUM"; exit 0; fi
for name in chromium chromium-browser google-chrome-stable google-chrome; do
  if path=$(command -v "$name" 2>/dev/null); then echo "$path"; exit 0; fi
done

playwright_chromium() {
  "$python_bin" - <<'PY' 2>/dev/null
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    print(p.chromium.executable_path)
PY
}
if path=$(playwright_chromium) && usable "$path"; then echo "$path"; exit 0; fi

if command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo -n"
  echo "Installing Debian's chromium package..." >&2
  if $sudo_cmd apt-get install -y -qq chromium >&2 ||
     { $sudo_cmd apt-get update -qq >&2 && $sudo_cmd apt-get install -y -qq chromium >&2; }; then
    command -v chromium && exit 0
  fi
fi

echo "Falling back to playwright install chromium..." >&2
"$python_bin" -m playwright install chromium >&2
path=$(playwright_chromium)
usable "$path" && { echo "$path"; exit 0; }
echo "No Chromium found or installable; set CHROMIUM=/path/to/chromium." >&2
exit 1
