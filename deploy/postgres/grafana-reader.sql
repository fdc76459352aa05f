-- Read-only role for Grafana's Postgres datasource (run history panels and drain annotations).
-- Run it once as the role that owns Drainboard's tables (the one in the API's DATABASE_URL, which applies the
-- migrations), in Drainboard's database, then give the role a password:
--   psql "$DATABASE_URL" -f deploy/postgres/grafana-reader.sql
--   psql "$DATABASE_URL" -c "ALTER ROLE drainboard_reader PASSWORD '<random>'"
-- docker-compose.yml does both at Postgres' first start (deploy/postgres/10-grafana-reader.sh).
-- SELECT only, on tables that exist now and on those later migrations create; nothing else.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'drainboard_reader') THEN
    CREATE ROLE drainboard_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END
$$;
ALTER ROLE drainboard_reader SET default_transaction_read_only = on;
ALTER ROLE drainboard_reader SET statement_timeout = '10s';
DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO drainboard_reader', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO drainboard_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO drainboard_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO drainboard_reader;
