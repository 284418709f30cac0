#!/bin/sh
# Run once by the postgres image, on the first start of an empty data volume: one role and one
# database per app, each role owning its database and nothing else. WUSHE_DATABASES names the
# apps; WUSHE_<APP>_DB_PASSWORD is each role's password (deploy/.env).
set -eu
for app in $WUSHE_DATABASES; do
  var=WUSHE_$(echo "$app" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD
  password=$(eval "printf '%s' \"\${$var:?$var must be set}\"")
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v name="$app" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
  echo "database $app ready"
done
