-- Catalogs an ordinary PostgreSQL user may not read: 42501, with the
-- kind of relation in the message.
SELECT * FROM pg_authid
;;
SELECT rolname FROM pg_catalog.pg_authid WHERE rolname = 'vpnsql'
;;
SELECT count(*) FROM pg_statistic
;;
SELECT * FROM pg_shadow
;;
SELECT * FROM pg_catalog.pg_file_settings
;;
SELECT * FROM information_schema._pg_foreign_servers
;;
-- Indexes are listed in pg_class but cannot be read; pg_toast is closed
-- to ordinary users.
SELECT * FROM pg_class_oid_index
;;
SELECT * FROM ec2.vpn_connections_pkey
;;
SELECT * FROM pg_toast.pg_toast_1255
;;
SELECT chunk_id FROM pg_toast.pg_toast_1255_index
;;
SELECT 1 FROM pg_toast.no_such_table
