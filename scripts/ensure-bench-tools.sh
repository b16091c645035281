#!/usr/bin/env bash
# Install what bench/bench_api.py drives, if missing: wrk (the load) and nginx (the static
# baseline), from Debian's packages `wrk` and `nginx-light`, through whatever package sources
# apt already has. Does nothing when both are present.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1 || [ -x "$2" ]; }

packages=()
have wrk /usr/bin/wrk || packages+=(wrk)
have nginx /usr/sbin/nginx || packages+=(nginx-light)
[ ${#packages[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get here: install ${packages[*]} with the system's package manager." >&2
  exit 1
fi
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  # -n: never prompt, so `make bench` cannot hang waiting for a password.
  sudo_cmd=(sudo -n)
  if ! sudo -n true 2>/dev/null; then
    echo "Installing ${packages[*]} needs root: run 'sudo apt-get install ${packages[*]}'." >&2
    exit 1
  fi
fi
apt_get=("${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq)

echo "Installing Debian's ${packages[*]} for the API benchmark..." >&2
# Try the package lists already on the machine first; refresh them only if that fails.
"${apt_get[@]}" install "${packages[@]}" >&2 ||
  { "${apt_get[@]}" update >&2 && "${apt_get[@]}" install "${packages[@]}" >&2; }
if [[ " ${packages[*]} " == *" nginx-light "* ]]; then
  # The benchmark runs its own nginx; Debian's package may also have started the system one.
  echo "Note: the nginx package may have started a system nginx on port 80;" \
    "'systemctl disable --now nginx' stops it." >&2
fi
