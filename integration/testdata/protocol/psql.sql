-- The protocol flows psql can drive, fed on stdin by TestProtocolPsql
-- (psql -X -a, so each line is echoed before its result).
\echo == several statements in one Query message
SELECT 1 AS one \; SELECT 'two' AS two, 2.5 AS half \; VALUES (3, 'three'), (4, 'four');
\echo == Parse and Describe without Execute: gdesc
SELECT 1::int4 AS i, 'x'::text AS t, now() AS ts, ARRAY[1] AS a, '{}'::jsonb AS j \gdesc
\echo == errors leave the session usable; an aborted block refuses until ROLLBACK
SELECT 1/n FROM generate_series(0, 0) n;
SELECT 1 AS after_error;
SELEC 1;
BEGIN;
SELECT 1/n FROM generate_series(0, 0) n;
SELECT 1 AS in_failed_block;
ROLLBACK;
SELECT 2 AS after_rollback;
\echo == statement_timeout
SET statement_timeout = 200;
SELECT pg_sleep(5);
RESET statement_timeout;
SHOW statement_timeout;
\echo == notices and warnings
BEGIN;
BEGIN;
COMMIT;
COMMIT;
ROLLBACK;
\echo == values in text format
SELECT 42 AS i4, 9007199254740993 AS i8, -12345678901234567890.000123 AS num, 'NaN'::numeric AS nan,
       true AS b, 'héllo, ''wörld'' \ "x"' AS t, '{"b": [1, 2.50, null], "a": {"k": "v"}}'::jsonb AS j,
       timestamptz '2024-02-29 12:34:56.789012+05:30' AS ts, ARRAY[1, NULL, -3] AS ia,
       ARRAY['a', 'b c', NULL, 'NULL', '{x}'] AS ta, '{}'::text[] AS empty, NULL::int4 AS nothing
\gx
\echo == an empty statement
;
