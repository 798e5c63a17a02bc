-- Privileges as the catalogs report them to the owner of the table.
SELECT has_table_privilege('pg_authid', 'SELECT'), has_table_privilege('pg_class', 'SELECT'),
       has_table_privilege('pg_class', 'UPDATE'), has_table_privilege('ec2.vpn_connections', 'INSERT, SELECT')
;;
SELECT has_any_column_privilege('pg_subscription', 'SELECT'), has_column_privilege('pg_subscription', 'subname', 'SELECT'),
       has_column_privilege('pg_subscription', 'subconninfo', 'SELECT')
;;
SELECT has_schema_privilege('pg_catalog', 'USAGE'), has_schema_privilege('pg_catalog', 'CREATE'),
       has_schema_privilege('pg_toast', 'USAGE'), has_schema_privilege('public', 'CREATE'), has_schema_privilege('ec2', 'CREATE')
;;
SELECT has_database_privilege('aws', 'CREATE'), has_database_privilege('aws', 'CONNECT'),
       has_table_privilege('pg_class', 'SELECT WITH GRANT OPTION')
;;
SELECT pg_has_role('vpnsql', 'MEMBER'), pg_has_role('pg_database_owner', 'USAGE'), pg_has_role('pg_monitor', 'USAGE'),
       pg_has_role('postgres', 'MEMBER')
;;
SELECT rolname FROM pg_roles ORDER BY 1
;;
SELECT groname, grolist FROM pg_group ORDER BY 1
;;
SELECT * FROM information_schema.enabled_roles ORDER BY 1
;;
SELECT * FROM information_schema.applicable_roles
;;
SELECT schema_name, schema_owner FROM information_schema.schemata ORDER BY 1
;;
SELECT table_schema, table_type, count(*) FROM information_schema.tables GROUP BY 1, 2 ORDER BY 1, 2
;;
SELECT table_schema, count(*) FROM information_schema.columns GROUP BY 1 ORDER BY 1
;;
SELECT constraint_schema, constraint_type, count(*) FROM information_schema.table_constraints GROUP BY 1, 2 ORDER BY 1, 2
;;
SELECT table_schema, privilege_type, grantee, grantor, is_grantable, count(*)
FROM information_schema.table_privileges GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
;;
SELECT table_schema, privilege_type, grantee, count(*) FROM information_schema.role_table_grants GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
;;
SELECT table_schema, table_name, privilege_type, grantee, count(*)
FROM information_schema.column_privileges GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
;;
SELECT count(*) FROM information_schema.views
;;
SELECT table_schema, table_name, constraint_name, column_name, ordinal_position FROM information_schema.key_column_usage
WHERE table_schema = 'pg_catalog' AND table_name IN ('pg_class', 'pg_attribute') ORDER BY 3, 5
;;
SELECT count(*) FROM information_schema.check_constraints
