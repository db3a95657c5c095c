-- What taking the staged rows in key order (ORDER BY the key, as the Ignore/Update/Replace merge does since it was
-- made deadlock-free) costs the server: INSERT ... SELECT ... ON CONFLICT (id) DO NOTHING of 10,000 staged rows into
-- an empty table, with and without ORDER BY id, from staging filled in key order and in random order, 5 rounds
-- interleaved. Each statement is timed inside the server (clock_timestamp), so no client or network cost is counted.
--
--   source eng/postgres.sh
--   psql "postgresql://batchflow:batchflow@127.0.0.1:5432/batchflow_test" -q -f benchmarks/scripts/postgres-merge-order.sql
--
-- Prints one NOTICE line per round and a median per variant. Leaves nothing behind.
CREATE TEMPORARY TABLE bf_order_users (id bigint PRIMARY KEY, name text NOT NULL, email text, created_at timestamptz NOT NULL);
CREATE TEMPORARY TABLE bf_order_sorted AS
    SELECT g::bigint AS id, 'user ' || g AS name, 'user' || g || '@example.com' AS email, timestamptz '2026-01-01' AS created_at
    FROM generate_series(1, 10000) g;
CREATE TEMPORARY TABLE bf_order_shuffled AS SELECT * FROM bf_order_sorted ORDER BY random();
CREATE TEMPORARY TABLE bf_order_times (variant text, ms double precision);

DO $$
DECLARE
    variant text;
    started timestamptz;
BEGIN
    FOR round IN 1..5 LOOP
        FOREACH variant IN ARRAY ARRAY['sorted staging, no ORDER BY', 'sorted staging, ORDER BY id',
                                       'shuffled staging, no ORDER BY', 'shuffled staging, ORDER BY id'] LOOP
            TRUNCATE bf_order_users;
            started := clock_timestamp();
            EXECUTE format('INSERT INTO bf_order_users SELECT * FROM %I %s ON CONFLICT (id) DO NOTHING',
                           CASE WHEN variant LIKE 'sorted%' THEN 'bf_order_sorted' ELSE 'bf_order_shuffled' END,
                           CASE WHEN variant LIKE '%ORDER BY id' THEN 'ORDER BY id' ELSE '' END);
            INSERT INTO bf_order_times VALUES (variant, extract(epoch FROM clock_timestamp() - started) * 1000);
            RAISE NOTICE 'round %: % ms  %', round, round(extract(epoch FROM clock_timestamp() - started)::numeric * 1000, 1), variant;
        END LOOP;
    END LOOP;
END $$;

SELECT variant, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) AS median_ms,
       round(min(ms)::numeric, 1) AS min_ms, round(max(ms)::numeric, 1) AS max_ms
FROM bf_order_times GROUP BY variant ORDER BY variant;

DROP TABLE bf_order_users, bf_order_sorted, bf_order_shuffled, bf_order_times;
