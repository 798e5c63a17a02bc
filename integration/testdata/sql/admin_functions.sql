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
;;
-- name: regproc_own_functions
-- regproc and regprocedure find vpnsql's own functions too (psql's \sf).
SELECT 'ec2.vpn_connection_modify'::regproc::text AS a, 'vpn_connection_route_create'::regproc::text AS b,
       'ec2.vpn_tunnel_options_modify(text,text,jsonb)'::regprocedure::text AS c, to_regproc('ec2.vpn_tunnel_options_modify') AS d,
       to_regproc('ec2.nope') AS e, to_regprocedure('ec2.vpn_connection_modify(text,jsonb)')::text AS f,
       to_regproc('vpnsql.cache_clear')::text AS g, to_regproc('ec2.lower') AS h, to_regproc('nosuch.f') AS i,
       'vpnsql.cache_clear()'::regprocedure::text AS j
;;
-- name: regproc_own_functions_not_visible
SELECT p.oid::regproc::text AS r, p.oid::regprocedure::text AS rp FROM pg_proc p
WHERE p.pronamespace = 'vpnsql'::regnamespace ORDER BY 2
;;
-- name: functiondef_own
SELECT pg_get_functiondef('ec2.vpn_connection_modify'::regproc) AS a, pg_get_functiondef('vpnsql.cache_clear'::regproc) AS b,
       pg_get_functiondef('ec2.vpn_tunnel_options_modify(text,text,jsonb,boolean)'::regprocedure) AS c,
       pg_get_function_sqlbody('ec2.vpn_connection_modify'::regproc) AS d
;;
-- name: functiondef_every_own_function
SELECT p.proname, pg_get_functiondef(p.oid) AS def, pg_get_function_arguments(p.oid) AS args,
       pg_get_function_identity_arguments(p.oid) AS ident
FROM pg_proc p WHERE p.pronamespace IN ('ec2'::regnamespace, 'vpnsql'::regnamespace) ORDER BY 1, 3
;;
-- name: functiondef_builtin
-- Internal functions: prosrc is the C symbol; COST, ROWS and SUPPORT when
-- not CREATE FUNCTION's defaults; SQL-standard bodies print as RETURN.
SELECT pg_get_functiondef('lower(text)'::regprocedure) AS a, pg_get_functiondef('generate_series(int,int)'::regprocedure) AS b,
       pg_get_functiondef('date_part(text,date)'::regprocedure) AS c, pg_get_functiondef('now()'::regprocedure) AS d,
       pg_get_functiondef('row_number()'::regprocedure) AS e, pg_get_functiondef('make_interval'::regproc) AS f,
       pg_get_functiondef('jsonb_each(jsonb)'::regprocedure) AS g, pg_get_functiondef(0) AS h,
       pg_get_function_sqlbody('date_part(text,date)'::regprocedure) AS i, pg_get_function_sqlbody('lower(text)'::regprocedure) AS j
;;
-- name: function_arguments_defaults_and_out
SELECT pg_get_function_arguments('make_interval'::regproc) AS a, pg_get_function_identity_arguments('make_interval'::regproc) AS b,
       pg_get_function_arguments('jsonb_each(jsonb)'::regprocedure) AS c, pg_get_function_identity_arguments('jsonb_each(jsonb)'::regprocedure) AS d,
       pg_get_function_identity_arguments('pg_get_keywords'::regproc) AS e
;;
-- name: has_type_language_sequence_privilege
SELECT has_type_privilege('int4', 'USAGE') AS a, has_type_privilege('ec2.vpn_connections', 'usage') AS b,
       has_type_privilege('integer[]'::regtype, 'USAGE WITH GRANT OPTION') AS c, has_type_privilege(999999, 'USAGE') AS d,
       has_type_privilege('vpnsql', 'text', 'USAGE') AS e, has_type_privilege('vpnsql'::regrole::oid, 25::oid, 'USAGE') AS f,
       has_language_privilege('sql', 'USAGE') AS g, has_language_privilege('c', 'usage') AS h, has_language_privilege(12, 'USAGE') AS i,
       has_language_privilege(99999, 'USAGE') AS j, has_language_privilege('vpnsql', 'internal', 'USAGE WITH GRANT OPTION') AS k,
       has_language_privilege('vpnsql'::regrole::oid, 14::oid, 'USAGE') AS l,
       has_sequence_privilege(999999, 'USAGE') AS m, has_sequence_privilege('vpnsql', 999999::oid, 'SELECT, UPDATE') AS n
;;
-- name: has_function_privilege_acl
-- pg_stat_reset and pg_reload_conf are granted to superusers only.
SELECT has_function_privilege('pg_stat_reset()', 'EXECUTE') AS a, has_function_privilege('pg_reload_conf()', 'EXECUTE') AS b,
       has_function_privilege('ec2.vpn_connection_modify(text,jsonb)', 'EXECUTE') AS c, has_function_privilege('lower(text)', 'EXECUTE') AS d
;;
-- name: describe_object
SELECT pg_describe_object('pg_class'::regclass, 'ec2.vpn_connections'::regclass, 0) AS a,
       pg_describe_object('pg_class'::regclass, 'ec2.vpn_connections'::regclass, 2) AS b,
       pg_describe_object('pg_class'::regclass, 'ec2.vpn_connections_pkey'::regclass, 0) AS c,
       pg_describe_object('pg_class'::regclass, 'pg_class'::regclass, 1) AS d,
       pg_describe_object('pg_class'::regclass, 'pg_class'::regclass, -1) AS e,
       pg_describe_object('pg_class'::regclass, 'pg_class'::regclass, 99) AS f,
       pg_describe_object('pg_class'::regclass, 999999, 0) AS g,
       pg_describe_object('pg_proc'::regclass, 'ec2.vpn_connection_modify'::regproc, 0) AS h,
       pg_describe_object('pg_proc'::regclass, 'lower(text)'::regprocedure, 0) AS i,
       pg_describe_object('pg_proc'::regclass, 'sum(int)'::regprocedure, 0) AS j,
       pg_describe_object('pg_type'::regclass, 'int4[]'::regtype, 0) AS k,
       pg_describe_object('pg_type'::regclass, 'ec2.vpn_connections'::regtype, 0) AS l,
       pg_describe_object('pg_type'::regclass, 'varchar'::regtype, 0) AS m,
       pg_describe_object('pg_namespace'::regclass, 'ec2'::regnamespace, 0) AS n,
       pg_describe_object('pg_authid'::regclass, 'vpnsql'::regrole, 0) AS o,
       pg_describe_object('pg_database'::regclass, (SELECT oid FROM pg_database WHERE datname = current_database()), 0) AS p,
       pg_describe_object('pg_language'::regclass, 14, 0) AS q,
       pg_describe_object('pg_am'::regclass, 403, 0) AS r,
       pg_describe_object('pg_proc'::regclass, 999999, 0) AS s,
       pg_describe_object('pg_tablespace'::regclass, 1663, 0) AS t,
       pg_describe_object('pg_cast'::regclass, 0, 0) AS u, pg_describe_object('pg_extension'::regclass, 1, 0) AS v,
       pg_describe_object(0, 0, 0) AS w, pg_describe_object(0, 0, 1) AS x
;;
-- name: describe_object_views
SELECT pg_describe_object('pg_class'::regclass, c.oid, 0) AS d FROM pg_class c
WHERE c.relnamespace = 'vpnsql'::regnamespace ORDER BY 1
;;
-- name: index_column_has_property
SELECT p.name, pg_index_column_has_property('ec2.vpn_connections_pkey'::regclass, 1, p.name) AS one,
       pg_index_column_has_property('ec2.vpn_connections_pkey'::regclass, 2, p.name) AS two,
       pg_index_column_has_property('ec2.vpn_connections_pkey'::regclass, 0, p.name) AS zero,
       pg_index_column_has_property('ec2.vpn_connections'::regclass, 1, p.name) AS tab,
       pg_index_column_has_property('pg_class_oid_index'::regclass, 1, upper(p.name)) AS builtin
FROM unnest(ARRAY['asc', 'desc', 'nulls_first', 'nulls_last', 'orderable', 'distance_orderable', 'returnable',
                  'search_array', 'search_nulls', 'clusterable', 'bogus']) AS p(name) ORDER BY 1
;;
-- name: current_query
SELECT current_query() AS q, 1 AS n
;;
-- name: index_and_am_properties
SELECT p.name, pg_index_has_property('ec2.vpn_connections_pkey'::regclass, p.name) AS idx,
       pg_index_has_property('ec2.vpn_connections'::regclass, p.name) AS tab,
       pg_indexam_has_property(403, p.name) AS btree, pg_indexam_has_property(405, p.name) AS hash,
       pg_indexam_has_property(2742, upper(p.name)) AS gin, pg_indexam_has_property(2, p.name) AS heap
FROM unnest(ARRAY['clusterable', 'index_scan', 'bitmap_scan', 'backward_scan', 'can_order', 'can_unique',
                  'can_multi_col', 'can_exclude', 'can_include', 'asc', 'bogus']) AS p(name) ORDER BY 1
