SELECT set_config('no_such_setting', 'x', false)
;;
SELECT set_config(NULL, 'x', false)
;;
SELECT pg_size_bytes('1 XB')
;;
SELECT pg_size_bytes('abc')
;;
SELECT pg_size_bytes('1e30 PB')
;;
SELECT pg_database_size('nosuch')
;;
SELECT pg_tablespace_size('nosuch')
;;
SELECT pg_database_size(12345)
;;
SELECT pg_tablespace_size(99)
;;
SELECT pg_terminate_backend(pg_backend_pid() + 1000000, -1)
;;
SELECT pg_cancel_backend(pg_backend_pid())
;;
SELECT 'ec2.nope'::regproc
;;
SELECT 'ec2.vpn_tunnel_options_modify'::regproc
;;
SELECT 'nosuch.f'::regproc
;;
SELECT 'ec2.lower'::regproc
;;
SELECT 'ec2.vpn_connection_modify(text)'::regprocedure
;;
SELECT 'vpn_connection_modify(int)'::regprocedure
;;
SELECT pg_get_functiondef('sum(int)'::regprocedure)
;;
SELECT has_type_privilege('nosuch', 'USAGE')
;;
SELECT has_type_privilege('int4', 'SELECT')
;;
SELECT has_type_privilege(999999, 'FOO')
;;
SELECT has_language_privilege('plpgsql', 'USAGE')
;;
SELECT has_language_privilege('sql', 'SELECT')
;;
SELECT has_language_privilege('nosuch_role', 'sql', 'USAGE')
;;
SELECT has_sequence_privilege('ec2.vpn_connections', 'USAGE')
;;
SELECT has_sequence_privilege('ec2.vpn_connections'::regclass, 'SELECT')
;;
SELECT has_sequence_privilege('nosuch', 'USAGE')
;;
SELECT has_sequence_privilege('nosuch', 'DELETE')
;;
SELECT has_sequence_privilege(999999, 'DELETE')
;;
SELECT has_table_privilege(999999, 'FOO')
;;
SELECT pg_stat_reset()
;;
SELECT pg_reload_conf()
;;
SELECT pg_describe_object(5, 0, 0)
;;
SELECT pg_describe_object(0, 5, 0)
