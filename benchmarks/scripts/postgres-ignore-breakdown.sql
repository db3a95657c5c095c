-- Where the server spends the time of one Conflict.Ignore batch (staging COPY, then INSERT ... ON CONFLICT DO NOTHING)
-- against one Conflict.None batch (COPY straight into the table): 10,000 rows of the benchmarks' users table, each
-- step timed by psql, three times. Run against the server eng/postgres.sh starts:
--
--   source eng/postgres.sh
--   psql "postgresql://batchflow:batchflow@127.0.0.1:5432/batchflow_test" -q -f benchmarks/scripts/postgres-ignore-breakdown.sql
--
-- The rows travel as CSV (written to /tmp/bf_breakdown.csv first), so COPY here parses text, not the binary format the library sends;
-- read the steps against each other, not against the benchmark's rows/s. Leaves nothing behind.
\timing on
\! awk -v n=10000 'BEGIN { for (i = 1; i <= n; i++) printf "%d,user %d,user%d@example.com,2026-01-01 00:00:00+00\n", i, i, i }' > /tmp/bf_breakdown.csv
DROP TABLE IF EXISTS bf_breakdown_users;
CREATE TABLE bf_breakdown_users (id bigint PRIMARY KEY, name text NOT NULL, email text, created_at timestamptz NOT NULL);
CREATE TEMPORARY TABLE bf_breakdown_staging ON COMMIT DELETE ROWS AS SELECT * FROM bf_breakdown_users WITH NO DATA;

\echo '--- Conflict.None: COPY into the table (then TRUNCATE, untimed in the comparison), three times'
\copy bf_breakdown_users FROM '/tmp/bf_breakdown.csv' WITH (FORMAT csv)
TRUNCATE bf_breakdown_users;
\copy bf_breakdown_users FROM '/tmp/bf_breakdown.csv' WITH (FORMAT csv)
TRUNCATE bf_breakdown_users;
\copy bf_breakdown_users FROM '/tmp/bf_breakdown.csv' WITH (FORMAT csv)
TRUNCATE bf_breakdown_users;

\echo '--- Conflict.Ignore: BEGIN, COPY into staging, INSERT ... SELECT ... ON CONFLICT DO NOTHING, COMMIT, three times'
BEGIN;
\copy bf_breakdown_staging FROM '/tmp/bf_breakdown.csv' WITH (FORMAT csv)
INSERT INTO bf_breakdown_users SELECT * FROM bf_breakdown_staging ON CONFLICT (id) DO NOTHING;
COMMIT;
TRUNCATE bf_breakdown_users;
BEGIN;
\copy bf_breakdown_staging FROM '/tmp/bf_breakdown.csv' WITH (FORMAT csv)
INSERT INTO bf_breakdown_users SELECT * FROM bf_breakdown_staging ON CONFLICT (id) DO NOTHING;
COMMIT;
TRUNCATE bf_breakdown_users;
BEGIN;
\copy bf_breakdown_staging FROM '/tmp/bf_breakdown.csv' WITH (FORMAT csv)
INSERT INTO bf_breakdown_users SELECT * FROM bf_breakdown_staging ON CONFLICT (id) DO NOTHING;
COMMIT;
TRUNCATE bf_breakdown_users;

\echo '--- the same INSERT ... SELECT without ON CONFLICT, for the cost of the conflict check alone, three times'
BEGIN;
\copy bf_breakdown_staging FROM '/tmp/bf_breakdown.csv' WITH (FORMAT csv)
INSERT INTO bf_breakdown_users SELECT * FROM bf_breakdown_staging;
ROLLBACK;
BEGIN;
\copy bf_breakdown_staging FROM '/tmp/bf_breakdown.csv' WITH (FORMAT csv)
INSERT INTO bf_breakdown_users SELECT * FROM bf_breakdown_staging;
ROLLBACK;
BEGIN;
\copy bf_breakdown_staging FROM '/tmp/bf_breakdown.csv' WITH (FORMAT csv)
INSERT INTO bf_breakdown_users SELECT * FROM bf_breakdown_staging;
ROLLBACK;

DROP TABLE bf_breakdown_users;
\! rm -f /tmp/bf_breakdown.csv
