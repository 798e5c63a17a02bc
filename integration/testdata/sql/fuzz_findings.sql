-- Differences TestSQLFuzz (the random query generator) found, reduced to
-- one statement each. Each is also an entry of fuzzKnown
-- (integration/sql_fuzz_known_test.go); when a case starts to match,
-- remove its xfail marker here and its entry there.
;;
-- name: avg_numeric_nan
SELECT avg(x), sum(x), variance(x), stddev_pop(x) FROM (VALUES ('NaN'::numeric), (1), ('Infinity'::numeric)) v(x)
;;
-- name: numeric_infinity_functions
SELECT div('NaN'::numeric, 3) AS d, trunc('Infinity'::numeric) AS t, abs('-Infinity'::numeric) AS a, lcm('NaN'::numeric, 10.00) AS l
;;
-- name: shift_past_width
-- xfail: PostgreSQL shifts with C's << and >> (x86: the count modulo 32 for int2 and int4); vpnsql gives 0
SELECT 1 << 33 AS a, 1::int2 << 100 AS b, 1::int8 << 65 AS c, 8 >> 35 AS d
;;
-- name: char_from_int
-- xfail: int4 to "char" is the byte of that code in PostgreSQL (65 is A), vpnsql takes the integer's text
SELECT ascii(CAST(65 AS "char")::text) AS a, CAST(49 AS "char") = '1' AS b
;;
-- name: to_timestamp_infinity
-- xfail: vpnsql has no infinite timestamps: to_timestamp('Infinity') is a finite year 290309 BC timestamp
SELECT to_timestamp('Infinity'::float8) AS t, isfinite(to_timestamp('Infinity'::float8)) AS finite
;;
-- name: strict_null_folded
-- xfail: PostgreSQL folds a strict operator of a NULL constant to NULL and never runs the subquery; vpnsql runs it (21000)
SELECT x FROM (VALUES (1)) v(x) WHERE (SELECT g FROM generate_series(1, 2) g) = NULL::int4
;;
-- name: outer_aggregate
-- xfail: an aggregate of only outer columns belongs to the outer query (one row, 3); vpnsql computes it in the subquery (two rows)
SELECT (SELECT sum(t.x) FROM (VALUES (1)) v(y)) AS s FROM (VALUES (1), (2)) t(x)
;;
-- name: lateral_across_comma
-- xfail: a LATERAL on the right of a JOIN sees the FROM items before the comma in PostgreSQL; vpnsql says 42P01
SELECT t4.a FROM (VALUES (1)) t1(a), (VALUES (2)) t3(b) CROSS JOIN LATERAL (SELECT t1.a) t4
;;
-- name: negative_oid
-- xfail: a negative integer cast to oid wraps around in PostgreSQL (4294967295); vpnsql keeps -1
SELECT (-1)::oid AS a, CAST((-1)::int2 AS oid) AS b, min(x::oid) AS m FROM (VALUES (-1), (1)) v(x)
;;
-- name: union_int_oid
SELECT 1 AS x UNION SELECT 2::oid
;;
-- name: negative_zero
-- float8 -0 equals 0 for DISTINCT (one value), as in PostgreSQL.
SELECT count(DISTINCT y) AS n FROM (VALUES ('-0'::float8), (0::float8)) v(y)
;;
-- name: name_truncation
-- A cast to name truncates to 63 bytes, as in PostgreSQL.
SELECT length(repeat('x', 100)::name) AS n, length(CAST(repeat('y', 70) AS name)) AS m
;;
;;
-- name: interval_div_tsround
-- interval / float8 rounds the months' fraction of days to microseconds
-- (TSROUND), as interval_mul does (seed 5, statement 3916).
SELECT interval '1 year 2 mons 3 days 04:05:06' / (- atan(1.5::float8)) AS a, interval '1 mon' / 7 AS b, interval '1 mon 1 day' / 3.3 AS c,
       avg(x) AS d FROM (VALUES (interval '1 mon'), (interval '1 day'), (interval '1 sec')) v(x)
;;
-- name: float_sum_negative_zero
-- sum of float8 starts from the first value, so sum('-0') is -0 (seed 5, statement 4036).
SELECT sum('-0'::float8) AS a, sum(x) AS b FROM (VALUES ('-0'::float8), ('-0'::float8)) v(x)
;;
-- name: window_aggregate_over_cross_join
-- an aggregate over the whole partition is computed once per frame, and
-- the window loop sees statement_timeout (seed 5 statement 316: it ran on
-- for a minute past its timeout).
SELECT count(*) AS n, min(c1) AS m FROM (SELECT min(translate(t2."customerGatewayConfiguration", t2.region, t2."customerGatewayId")) OVER () AS c1
FROM (SELECT oid FROM pg_catalog.pg_type WHERE oid < 120) AS t1, vpn_connections AS t2) s
;;
-- name: date_difference_past_292_years
-- date - date and timestamp - timestamp count by seconds, not Go's
-- time.Duration, which saturated at 106751 days (seed 8, statement 1235);
-- make_date of a negative year is that year BC.
SELECT date '2000-01-01' - make_date(3, 10, 10) AS a, make_date(-3, 10, 10) AS b, date '2000-01-01' - make_date(-3, 10, 10) AS c,
       timestamp '2000-01-01 10:00:00.5' - timestamp '0003-10-10 11:00' AS d, make_timestamp(-5, 1, 2, 3, 4, 5.5) AS e
;;
-- name: min_max_ties
-- min and max keep the later of equal values (float8smaller,
-- numeric_smaller, interval_smaller), GREATEST and LEAST the first (seed
-- 10, statement 1010).
SELECT (SELECT min(y) FROM (VALUES ('-0'::float8), (0::float8)) t(y)) AS a, (SELECT max(y) FROM (VALUES (0::float8), ('-0'::float8)) t(y)) AS b,
       (SELECT min(y) FROM (VALUES (1.0), (1.00)) t(y)) AS c, (SELECT max(y) FROM (VALUES (interval '1 mon'), (interval '30 days')) t(y)) AS d,
       greatest(1.0, 1.00) AS e, least('-0'::float8, 0) AS f, greatest(interval '30 days', interval '1 mon') AS g
;;
-- name: float_negate_zero
-- Unary minus of a float8 column flips the sign (seed 22 statement 17041):
-- -(0::float8) is -0, as in PostgreSQL's float8um, not 0 - x.
SELECT -k AS a, k AS b, -(k::float4) AS c FROM (VALUES (0::float8), ('-0'::float8), (1.5::float8), (NULL)) v(k)
