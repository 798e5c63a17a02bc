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
