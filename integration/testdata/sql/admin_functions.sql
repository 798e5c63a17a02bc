-- System administration and statistics functions clients call.
-- (set_config changes the session: these cases use a custom setting, or
-- is_local outside a transaction block, which changes nothing after the
-- statement.)
SELECT set_config('myapp.user', 'bob', false) AS v, current_setting('myapp.user') AS w
;;
SELECT set_config('application_name', 'psql-local', true) AS v
;;
SELECT set_config('myapp.user', NULL, false) AS v
;;
-- name: pg_stat_get_relation
-- An OID of no relation: counters 0, times NULL, as after pg_stat_reset().
SELECT pg_stat_get_numscans(0) AS a, pg_stat_get_live_tuples(0) AS b, pg_stat_get_dead_tuples(0) AS c,
       pg_stat_get_tuples_returned(0) AS d, pg_stat_get_xact_numscans(0) AS e, pg_stat_get_vacuum_count(0) AS f,
       pg_stat_get_last_analyze_time(0) AS g, pg_stat_get_last_autovacuum_time(0) AS h
;;
-- name: pg_stat_get_function
SELECT pg_stat_get_function_calls(0) AS a, pg_stat_get_function_self_time(0) AS b, pg_stat_get_xact_function_total_time(0) AS c
;;
-- name: sysinfo_constants
SELECT pg_my_temp_schema() AS a, pg_is_other_temp_schema(11) AS b, pg_trigger_depth() AS c, pg_tablespace_location(1663) AS d,
       row_security_active('ec2.vpn_connections') AS e, txid_current_if_assigned() AS f, pg_current_xact_id_if_assigned() AS g,
       pg_conf_load_time() <= now() AS h
;;
SELECT pg_size_bytes('1.5 GB') AS a, pg_size_bytes('123') AS b, pg_size_bytes(' 1e3 kb ') AS c, pg_size_bytes('-2.5 bytes') AS d,
       pg_size_bytes('0.5 bytes') AS e, pg_size_bytes('1.5kB') AS f, pg_size_bytes('-1.5 kB') AS g
;;
-- name: sizes_types
SELECT pg_typeof(pg_database_size(current_database())) AS c, pg_typeof(pg_tablespace_size('pg_default')) AS d
