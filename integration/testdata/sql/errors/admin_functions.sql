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
