#!/bin/sh
# Postgres image init script (first start only): creates Grafana's read-only role from grafana-reader.sql,
# with the password from GRAFANA_DB_PASSWORD. Runs as POSTGRES_USER, the role the API migrates with, so the
# default privileges cover the tables the API creates later.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -f /docker-entrypoint-initdb.d/grafana-reader.sql.in
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$GRAFANA_DB_PASSWORD" <<'SQL'
ALTER ROLE drainboard_reader PASSWORD :'password';
SQL
