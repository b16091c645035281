#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on loopback:
#   scripts/with-postgres.sh COMMAND...
# The command sees TEST_DATABASE_URL. The cluster lives in a temporary folder and is
# removed afterwards. Installs Debian's postgresql package when the server is missing.
set -euo pipefail

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin=$(find_bin)
if [ -z "$bin" ] && command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo -n"
  echo "Installing Debian's postgresql package..." >&2
  $sudo_cmd apt-get install -y -qq postgresql >&2 ||
    { $sudo_cmd apt-get update -qq >&2 && $sudo_cmd apt-get install -y -qq postgresql >&2; }
  bin=$(find_bin)
fi
if [ -z "$bin" ]; then
  echo "PostgreSQL server binaries not found; install PostgreSQL to run these tests." >&2
  exit 1
fi

# initdb refuses to run as root: use the postgres account then.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  as_owner=(runuser -u postgres --)
fi

dir=$(mktemp -d)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U guide --auth=trust -E UTF8 >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null

export TEST_DATABASE_URL="postgresql+psycopg://guide@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
