-- TrustPath's database roles, for a new database. docker-compose.yml mounts this file into the
-- postgres image's /docker-entrypoint-initdb.d, which runs it once, as the superuser, in POSTGRES_DB
-- when the data directory is first created. psql reads the names and passwords from the environment:
--
--   TRUSTPATH_OWNER_ROLE (default trustpath_owner), TRUSTPATH_OWNER_PASSWORD
--     Owns the public schema, and so every table, index and function the migrations create. Only
--     the one-shot migrate service connects as it.
--   TRUSTPATH_APP_ROLE (default trustpath_app), TRUSTPATH_APP_PASSWORD
--     What the API connects as. It reads and writes the rows of TrustPath's tables and nothing
--     more: it owns nothing, can't change the schema, can't TRUNCATE, and on audit_events keeps only
--     SELECT and INSERT (a migration revokes the rest, see docs/operations.md).
--
-- By hand, on another server: psql -v ON_ERROR_STOP=1 -d <database> -f init-roles.sql, as a
-- superuser, with those variables set. Running it again changes nothing but the passwords.

\set ON_ERROR_STOP on
\set QUIET on

\getenv owner_role TRUSTPATH_OWNER_ROLE
\getenv owner_password TRUSTPATH_OWNER_PASSWORD
\getenv app_role TRUSTPATH_APP_ROLE
\getenv app_password TRUSTPATH_APP_PASSWORD
\if :{?owner_role}
\else
  \set owner_role trustpath_owner
\endif
\if :{?app_role}
\else
  \set app_role trustpath_app
\endif
\if :{?owner_password}
\else
  \set owner_password ''
\endif
\if :{?app_password}
\else
  \set app_password ''
\endif

SELECT :'owner_password' = '' OR :'app_password' = '' AS missing_password,
       :'owner_role' = :'app_role' AS same_role,
       current_database() AS database \gset
\if :missing_password
  DO $$ BEGIN RAISE EXCEPTION 'TRUSTPATH_OWNER_PASSWORD and TRUSTPATH_APP_PASSWORD must both be set'; END $$;
\endif
\if :same_role
  DO $$ BEGIN RAISE EXCEPTION 'TRUSTPATH_OWNER_ROLE and TRUSTPATH_APP_ROLE must be two different roles'; END $$;
\endif

SELECT format('CREATE ROLE %I', :'owner_role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner_role') \gexec
SELECT format('CREATE ROLE %I', :'app_role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_role') \gexec
ALTER ROLE :"owner_role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE :"app_role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';

-- Only these two roles (and superusers) may connect. CREATE lets the owner add the trusted contrib
-- extensions the migrations need (pg_trgm, btree_gist) without being a superuser.
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, CREATE ON DATABASE :"database" TO :"owner_role";
GRANT CONNECT ON DATABASE :"database" TO :"app_role";

-- The schema belongs to the owner; the app role may only look things up in it.
ALTER SCHEMA public OWNER TO :"owner_role";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app_role";

-- Tables and sequences the owner creates from now on (every migration's) are the app role's to
-- read and write. Functions are executable by every role already.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";

-- The webhook delivery queue's schema (pg-boss), made ready for the migration that fills it: the
-- owner's, and its tables (the owner creates them) the app role's to read and write, as in public.
CREATE SCHEMA IF NOT EXISTS pgboss AUTHORIZATION :"owner_role";
REVOKE ALL ON SCHEMA pgboss FROM PUBLIC;
GRANT USAGE ON SCHEMA pgboss TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA pgboss
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
