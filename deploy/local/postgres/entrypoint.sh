#!/bin/sh
# First start: initdb with a password, run /docker-entrypoint-initdb.d/*.sh and *.sql against a
# server that listens on its socket only, then serve on every interface. Later starts: serve.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
export PGDATA POSTGRES_USER PGHOST="${PGHOST:-/tmp}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  pg_ctl --silent --wait --options="-c listen_addresses='' -k $PGHOST" start
  for script in /docker-entrypoint-initdb.d/*; do
    case "$script" in
      *.sh) echo "running $script"; . "$script" ;;
      *.sql) echo "running $script"; psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" -f "$script" ;;
      *) ;;
    esac
  done
  pg_ctl --silent --wait --mode=fast stop
  echo "database initialised"
fi

if [ "${1:-}" = "postgres" ]; then
  shift
  exec postgres -c listen_addresses='*' -k "$PGHOST" "$@"
fi
exec "$@"
