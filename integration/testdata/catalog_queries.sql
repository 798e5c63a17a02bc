-- Catalog queries compared between PostgreSQL 15 and vpnsql by
-- catalog_diff_test.go. Entries are separated by lines holding only ;;
-- and start with "-- name: NAME"; "-- xfail: reason" marks a known
-- difference. {{table}}, {{index}}, {{constraint}}, {{namespace}},
-- {{rowtype}}, {{arraytype}}, {{role}} and {{database}} are the OIDs of
-- the user objects on each server.
;;
-- name: namespaces
SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_toast' ORDER BY 1
;;
-- name: attributes_of_table
SELECT attname, atttypid, attnum, attlen, attnotnull, atttypmod, attndims, attbyval, attalign, attstorage,
       attcollation, attstattarget, attisdropped, attislocal, attidentity, attgenerated, atthasdef
FROM pg_attribute WHERE attrelid = {{table}} ORDER BY attnum
;;
-- name: attributes_of_index
SELECT attname, atttypid, attnum, attnotnull, attcollation FROM pg_attribute WHERE attrelid = {{index}}
;;
-- name: attributes_of_pg_class
SELECT attname, atttypid, attnum, attlen, attnotnull, atttypmod, attcollation, attstorage
FROM pg_attribute WHERE attrelid = 1259 ORDER BY attnum
;;
-- name: class_rows
SELECT oid, relname, relnamespace, reltype, relowner, relam, relkind, relnatts, relhasindex, relpersistence,
       reltuples, relchecks, relhasrules, relhastriggers, relrowsecurity, relforcerowsecurity, relispartition,
       relreplident, reloftype, relacl, reloptions, relpartbound, relisshared, relispopulated
FROM pg_class WHERE relnamespace = {{namespace}} ORDER BY relname
;;
-- name: class_of_catalogs
SELECT oid, relname, relnamespace, reltype, relkind, relnatts
FROM pg_class WHERE oid IN (1259, 1249, 1247, 1255, 2615, 2606, 2610, 1262) ORDER BY oid
;;
-- name: types_of_table
SELECT oid, typname, typnamespace, typowner, typlen, typbyval, typtype, typcategory, typispreferred, typisdefined,
       typdelim, typrelid, typelem, typarray, typalign, typstorage, typnotnull, typbasetype, typtypmod, typndims,
       typcollation, typdefault
FROM pg_type WHERE typnamespace = {{namespace}} ORDER BY typname
;;
-- name: types_of_table_io
SELECT typname, typinput, typoutput, typreceive, typsend, typsubscript FROM pg_type WHERE typnamespace = {{namespace}} ORDER BY typname
;;
-- name: builtin_types
SELECT oid, typname, typnamespace, typlen, typbyval, typtype, typcategory, typispreferred, typdelim, typelem, typarray,
       typalign, typstorage, typnotnull, typbasetype, typtypmod, typndims, typcollation
FROM pg_type WHERE oid IN (16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 30, 114, 194, 700, 701, 1009, 1043, 1184, 2205, 3802, 3807, 13226)
ORDER BY oid
;;
-- name: domains
SELECT oid, typname, typnamespace, typbasetype, typtypmod, typnotnull FROM pg_type WHERE typtype = 'd' ORDER BY oid
;;
-- name: access_methods
SELECT oid, amname, amtype FROM pg_am ORDER BY oid
;;
-- name: database
SELECT oid, datname, datdba, encoding, datlocprovider, datistemplate, datallowconn, datconnlimit, dattablespace,
       datcollate, datctype, daticulocale, datacl
FROM pg_database WHERE datname = 'aws'
;;
-- name: constraints
SELECT oid, conname, connamespace, contype, condeferrable, condeferred, convalidated, conrelid, contypid, conindid,
       conparentid, confrelid, confupdtype, confdeltype, confmatchtype, conislocal, coninhcount, connoinherit,
       conkey, confkey, conbin
FROM pg_constraint WHERE connamespace = {{namespace}}
;;
-- name: indexes
SELECT indexrelid, indrelid, indnatts, indnkeyatts, indisunique, indnullsnotdistinct, indisprimary, indisexclusion,
       indimmediate, indisclustered, indisvalid, indcheckxmin, indisready, indislive, indisreplident,
       indkey, indcollation, indclass, indoption, indexprs, indpred
FROM pg_index WHERE indrelid = {{table}}
;;
-- name: descriptions_of_table
SELECT objoid, classoid, objsubid, description FROM pg_description WHERE objoid = {{table}} ORDER BY objsubid
;;
-- name: descriptions_of_builtins
SELECT objoid, classoid, objsubid, description FROM pg_description
WHERE (classoid = 1247 AND objoid IN (16, 25, 3802)) OR (classoid = 2615 AND objoid IN (11, 2200)) OR (classoid = 1255 AND objoid = 1081)
ORDER BY classoid, objoid
;;
-- name: depend_of_table
SELECT classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype FROM pg_depend
WHERE objid IN ({{table}}, {{index}}, {{constraint}}, {{rowtype}}, {{arraytype}})
  AND NOT (classid = 1259 AND refclassid = 1259 AND refobjid = {{table}} AND objid <> {{index}})
;;
-- name: role_vpnsql
SELECT oid, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolconnlimit,
       rolpassword, rolvaliduntil, rolbypassrls, rolconfig
FROM pg_roles WHERE rolname = 'vpnsql'
;;
-- name: procs
SELECT oid, proname, pronamespace, proowner, prolang, prokind, prosecdef, proleakproof, proisstrict, proretset,
       provolatile, proparallel, pronargs, pronargdefaults, prorettype, proargtypes, proallargtypes, proargmodes,
       proargnames, prosrc
FROM pg_proc WHERE proname IN ('format_type', 'pg_get_indexdef', 'has_table_privilege', 'pg_get_keywords') ORDER BY oid
;;
-- name: collations
SELECT oid, collname, collnamespace, collprovider, collisdeterministic, collencoding, collcollate, collctype
FROM pg_collation WHERE oid IN (100, 950, 951) ORDER BY oid
;;
-- name: languages
-- All of them: the reference has dropped plpgsql, which vpnsql lacks (docs/catalog.md).
SELECT oid, lanname, lanispl, lanpltrusted FROM pg_language ORDER BY oid
;;
-- name: psql_dx
-- psql's \dx.
SELECT e.extname AS "Name", e.extversion AS "Version", n.nspname AS "Schema", c.description AS "Description"
FROM pg_catalog.pg_extension e LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
LEFT JOIN pg_catalog.pg_description c ON c.objoid = e.oid AND c.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass
ORDER BY 1
;;
-- name: tablespaces
SELECT oid, spcname, spcowner, spcacl FROM pg_tablespace ORDER BY oid
;;
-- name: settings_read_only
SELECT name, setting, unit, category, vartype, context, min_val, max_val, enumvals, boot_val
FROM pg_settings WHERE name IN ('max_index_keys', 'max_identifier_length', 'server_encoding', 'integer_datetimes', 'block_size', 'server_version_num')
ORDER BY name
;;
-- name: settings_session
SELECT name, setting FROM pg_settings WHERE name IN ('search_path', 'client_encoding', 'standard_conforming_strings', 'DateStyle', 'IntervalStyle')
ORDER BY name
;;
-- name: empty_catalogs
SELECT (SELECT count(*) FROM pg_inherits) AS inherits, (SELECT count(*) FROM pg_enum) AS enums,
       (SELECT count(*) FROM pg_policy) AS policies, (SELECT count(*) FROM pg_publication) AS publications,
       (SELECT count(*) FROM pg_statistic_ext) AS statistics, (SELECT count(*) FROM pg_sequence) AS sequences,
       (SELECT count(*) FROM pg_attrdef) AS defaults, (SELECT count(*) FROM pg_foreign_table) AS foreign_tables,
       (SELECT count(*) FROM pg_partitioned_table) AS partitioned, (SELECT count(*) FROM pg_trigger) AS triggers
;;
-- name: pg_tables_user
SELECT schemaname, tablename, tableowner, tablespace, hasindexes, hasrules, hastriggers, rowsecurity
FROM pg_tables WHERE schemaname = 'ec2'
;;
-- name: pg_indexes_user
SELECT schemaname, tablename, indexname, tablespace, indexdef FROM pg_indexes WHERE schemaname = 'ec2'
;;
-- name: pg_stat_user_tables
SELECT relid, schemaname, relname, seq_scan, idx_scan, n_live_tup, n_dead_tup, last_analyze, vacuum_count
FROM pg_stat_user_tables WHERE schemaname = 'ec2'
;;
-- name: functions_format_type
SELECT format_type(25, NULL) AS a, format_type(1043, 7) AS b, format_type(1042, NULL) AS c, format_type(1042, -1) AS d,
       format_type(1009, -1) AS e, format_type(18, NULL) AS f, format_type(1184, 3) AS g, format_type(13226, -1) AS h,
       format_type({{rowtype}}, NULL) AS i, format_type({{arraytype}}, NULL) AS j, format_type(999999, NULL) AS k
;;
-- name: functions_definitions
SELECT pg_get_indexdef({{index}}) AS a, pg_get_indexdef({{index}}, 1, true) AS b, pg_get_constraintdef({{constraint}}) AS c,
       pg_get_constraintdef({{constraint}}, true) AS d, col_description({{table}}, 1) AS e, pg_get_userbyid({{role}}) AS f,
       obj_description(11, 'pg_namespace') AS g, obj_description(25, 'pg_type') AS h
;;
-- name: functions_visibility
SELECT pg_table_is_visible({{table}}) AS a, pg_table_is_visible(1259) AS b, pg_type_is_visible({{rowtype}}) AS c,
       pg_type_is_visible(13226) AS d, pg_function_is_visible(1081) AS e, pg_table_is_visible(1) AS f
;;
-- name: functions_misc
SELECT pg_encoding_to_char(6) AS a, pg_char_to_encoding('UTF8') AS b, pg_is_in_recovery() AS c,
       current_schemas(true) AS d, current_schemas(false) AS e, current_schema() AS f, current_database() AS g,
       pg_get_function_arguments(1926) AS h, pg_get_function_result(1686) AS i, pg_get_function_identity_arguments(1081) AS j
;;
-- name: functions_privileges
SELECT has_table_privilege('ec2.vpn_connections', 'SELECT') AS a, has_table_privilege({{table}}, 'INSERT') AS b,
       has_schema_privilege('ec2', 'USAGE') AS c, has_database_privilege('aws', 'CONNECT') AS d,
       has_column_privilege('ec2.vpn_connections', 'region', 'SELECT') AS e, pg_has_role('vpnsql', 'MEMBER') AS f
;;
-- name: functions_quote
SELECT quote_ident('vpnConnectionId') AS a, quote_ident('region') AS b, quote_ident('select') AS c, quote_ident('name') AS d,
       quote_literal('it''s') AS e
;;
-- name: regclass_cast
SELECT 'ec2.vpn_connections'::regclass::oid AS a, 'pg_class'::regclass::oid AS b, 'vpn_connections'::regclass AS c,
       {{table}}::regclass AS d, 'integer'::regtype AS e, 'ec2'::regnamespace::oid AS f
;;
-- name: is_schemata
SELECT catalog_name, schema_name, schema_owner, default_character_set_name, sql_path
FROM information_schema.schemata WHERE schema_name !~ '^pg_toast' ORDER BY schema_name
;;
-- name: is_tables
SELECT table_catalog, table_schema, table_name, table_type, is_insertable_into, is_typed, commit_action
FROM information_schema.tables WHERE table_schema = 'ec2'
;;
-- name: is_columns
SELECT table_catalog, table_schema, table_name, column_name, ordinal_position, column_default, is_nullable,
       data_type, character_maximum_length, character_octet_length, numeric_precision, numeric_precision_radix,
       numeric_scale, datetime_precision, collation_catalog, collation_schema, collation_name, domain_name,
       udt_catalog, udt_schema, udt_name, dtd_identifier, is_self_referencing, is_identity, identity_generation,
       identity_cycle, is_generated, is_updatable
FROM information_schema.columns WHERE table_schema = 'ec2' ORDER BY ordinal_position
;;
-- name: is_columns_of_catalogs
SELECT table_name, column_name, ordinal_position, is_nullable, data_type, character_maximum_length,
       character_octet_length, numeric_precision, collation_name, domain_schema, domain_name, udt_name, is_updatable
FROM information_schema.columns
WHERE (table_schema = 'pg_catalog' AND table_name IN ('pg_am', 'pg_namespace', 'pg_index'))
   OR (table_schema = 'information_schema' AND table_name = 'tables')
ORDER BY table_name, ordinal_position
;;
-- name: is_table_constraints
SELECT constraint_catalog, constraint_schema, constraint_name, table_catalog, table_schema, table_name,
       constraint_type, is_deferrable, initially_deferred, enforced, nulls_distinct
FROM information_schema.table_constraints WHERE table_schema = 'ec2'
;;
-- name: is_check_constraints
SELECT constraint_catalog, constraint_schema, constraint_name, check_clause
FROM information_schema.check_constraints WHERE constraint_schema = 'ec2'
;;
-- name: is_key_column_usage
SELECT * FROM information_schema.key_column_usage WHERE table_schema = 'ec2'
;;
-- name: is_constraint_column_usage
SELECT * FROM information_schema.constraint_column_usage WHERE table_schema = 'ec2'
;;
-- name: is_referential_constraints
SELECT * FROM information_schema.referential_constraints WHERE constraint_schema = 'ec2'
;;
-- name: is_table_privileges
SELECT * FROM information_schema.table_privileges WHERE table_schema = 'ec2'
;;
-- name: is_column_privileges
SELECT * FROM information_schema.column_privileges WHERE table_schema = 'ec2' AND column_name = 'region'
;;
-- name: is_views
SELECT table_schema, table_name, check_option, is_updatable, is_insertable_into
FROM information_schema.views WHERE table_schema = 'ec2'
;;
-- name: is_character_sets
SELECT * FROM information_schema.character_sets
;;
-- name: is_routines
SELECT specific_catalog, specific_schema, specific_name, routine_catalog, routine_schema, routine_name, routine_type,
       data_type, type_udt_catalog, type_udt_schema, type_udt_name, dtd_identifier, routine_body, routine_definition,
       external_name, external_language, parameter_style, is_deterministic, sql_data_access, is_null_call,
       schema_level_routine, max_dynamic_result_sets, security_type, as_locator, is_udt_dependent
FROM information_schema.routines WHERE routine_name IN ('format_type', 'pg_get_keywords', 'has_table_privilege')
;;
-- name: is_parameters
SELECT specific_name, ordinal_position, parameter_mode, is_result, as_locator, parameter_name, data_type, udt_name, dtd_identifier
FROM information_schema.parameters WHERE specific_name IN ('pg_get_keywords_1686', 'format_type_1081', 'has_table_privilege_1926')
;;
-- name: psql_dn
SELECT n.nspname AS "Name",
  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1;
;;
-- name: psql_l
SELECT
  d.datname as "Name",
  pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
  pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
  CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
  d.datcollate as "Collate",
  d.datctype as "Ctype",
  d.daticulocale as "ICU Locale",
  pg_catalog.array_to_string(d.datacl, E'\n') AS "Access privileges"
FROM pg_catalog.pg_database d
WHERE d.datname = 'aws'
ORDER BY 1;
;;
-- name: psql_dt
SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2;
;;
-- name: psql_d_lookup
SELECT c.oid,
  n.nspname,
  c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(vpn_connections)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 2, 3;
;;
-- name: psql_d_table
SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = '{{table}}';
;;
-- name: psql_d_columns
SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '{{table}}' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
;;
-- name: psql_d_plus_columns
SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  a.attnotnull,
  a.attstorage,
  a.attcompression AS attcompression,
  CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END AS attstattarget,
  pg_catalog.col_description(a.attrelid, a.attnum)
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '{{table}}' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
;;
-- name: psql_d_indexes
SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = '{{table}}' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname;
;;
-- name: psql_d_policies
SELECT pol.polname, pol.polpermissive,
  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,
  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),
  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),
  CASE pol.polcmd
    WHEN 'r' THEN 'SELECT'
    WHEN 'a' THEN 'INSERT'
    WHEN 'w' THEN 'UPDATE'
    WHEN 'd' THEN 'DELETE'
    END AS cmd
FROM pg_catalog.pg_policy pol
WHERE pol.polrelid = '{{table}}' ORDER BY 1;
;;
-- name: psql_d_statistics
SELECT oid, stxrelid::pg_catalog.regclass, stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname,
pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,
  'd' = any(stxkind) AS ndist_enabled,
  'f' = any(stxkind) AS deps_enabled,
  'm' = any(stxkind) AS mcv_enabled,
stxstattarget
FROM pg_catalog.pg_statistic_ext
WHERE stxrelid = '{{table}}'
ORDER BY nsp, stxname;
;;
-- name: psql_d_publications
SELECT pubname
     , NULL
     , NULL
FROM pg_catalog.pg_publication p
     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid
     JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid
WHERE pc.oid ='{{table}}' and pg_catalog.pg_relation_is_publishable('{{table}}')
UNION
SELECT pubname
     , pg_get_expr(pr.prqual, c.oid)
     , (CASE WHEN pr.prattrs IS NOT NULL THEN
         (SELECT string_agg(attname, ', ')
           FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,
                pg_catalog.pg_attribute
          WHERE attrelid = pr.prrelid AND attnum = prattrs[s])
        ELSE NULL END) FROM pg_catalog.pg_publication p
     JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid
     JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
WHERE pr.prrelid = '{{table}}'
UNION
SELECT pubname
     , NULL
     , NULL
FROM pg_catalog.pg_publication p
WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('{{table}}')
ORDER BY 1;
;;
-- name: psql_d_inherits
SELECT c.oid::pg_catalog.regclass
FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
WHERE c.oid = i.inhparent AND i.inhrelid = '{{table}}'
  AND c.relkind != 'p' AND c.relkind != 'I'
ORDER BY inhseqno;
;;
-- name: psql_d_partitions
SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, pg_catalog.pg_get_expr(c.relpartbound, c.oid)
FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
WHERE c.oid = i.inhrelid AND i.inhparent = '{{table}}'
ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.oid::pg_catalog.regclass::pg_catalog.text;
;;
-- name: psql_tab_tables
SELECT pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'p') AND substring(pg_catalog.quote_ident(c.relname),1,3)='vpn' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
UNION ALL
SELECT pg_catalog.quote_ident(n.nspname) || '.' FROM pg_catalog.pg_namespace n WHERE substring(pg_catalog.quote_ident(n.nspname) || '.',1,3)='vpn' AND (SELECT pg_catalog.count(*) FROM pg_catalog.pg_namespace WHERE substring(pg_catalog.quote_ident(nspname) || '.',1,3) = substring('vpn',1,pg_catalog.length(pg_catalog.quote_ident(nspname))+1)) > 1
LIMIT 1000
;;
-- name: psql_tab_columns
SELECT pg_catalog.quote_ident(attname)   FROM pg_catalog.pg_attribute a, pg_catalog.pg_class c  WHERE c.oid = a.attrelid    AND a.attnum > 0    AND NOT a.attisdropped    AND substring(pg_catalog.quote_ident(attname),1,2)='st'    AND (pg_catalog.quote_ident(relname)='vpn_connections'         OR '"' || relname || '"'='vpn_connections')    AND pg_catalog.pg_table_is_visible(c.oid)
LIMIT 1000
;;
-- name: jdbc_schemas
SELECT nspname AS TABLE_SCHEM, NULL AS TABLE_CATALOG FROM pg_catalog.pg_namespace  WHERE nspname <> 'pg_toast' AND (nspname !~ '^pg_temp_'  OR nspname = (pg_catalog.current_schemas(true))[1]) AND (nspname !~ '^pg_toast_temp_'  OR nspname = replace((pg_catalog.current_schemas(true))[1], 'pg_temp_', 'pg_toast_temp_'))  ORDER BY TABLE_SCHEM
;;
-- name: jdbc_tables
SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, c.relname AS TABLE_NAME,  CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'  WHEN true THEN CASE  WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TABLE'   WHEN 'v' THEN 'SYSTEM VIEW'   WHEN 'i' THEN 'SYSTEM INDEX'   ELSE NULL   END  WHEN n.nspname = 'pg_toast' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TOAST TABLE'   WHEN 'i' THEN 'SYSTEM TOAST INDEX'   ELSE NULL   END  ELSE CASE c.relkind   WHEN 'r' THEN 'TEMPORARY TABLE'   WHEN 'p' THEN 'TEMPORARY TABLE'   WHEN 'i' THEN 'TEMPORARY INDEX'   WHEN 'S' THEN 'TEMPORARY SEQUENCE'   WHEN 'v' THEN 'TEMPORARY VIEW'   ELSE NULL   END  END  WHEN false THEN CASE c.relkind  WHEN 'r' THEN 'TABLE'  WHEN 'p' THEN 'PARTITIONED TABLE'  WHEN 'i' THEN 'INDEX'  WHEN 'I' THEN 'PARTITIONED INDEX'  WHEN 'S' THEN 'SEQUENCE'  WHEN 'v' THEN 'VIEW'  WHEN 'c' THEN 'TYPE'  WHEN 'f' THEN 'FOREIGN TABLE'  WHEN 'm' THEN 'MATERIALIZED VIEW'  ELSE NULL  END  ELSE NULL  END  AS TABLE_TYPE, d.description AS REMARKS,  '' as TYPE_CAT, '' as TYPE_SCHEM, '' as TYPE_NAME, '' AS SELF_REFERENCING_COL_NAME, '' AS REF_GENERATION  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c  LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0  and d.classoid = 'pg_class'::regclass)  WHERE c.relnamespace = n.oid  AND n.nspname LIKE 'ec2' AND c.relname LIKE '%' ORDER BY TABLE_TYPE,TABLE_SCHEM,TABLE_NAME
;;
-- name: jdbc_columns
SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,a.atttypmod,a.attlen,t.typtypmod,row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') as attidentity,nullif(a.attgenerated, '') as attgenerated,pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc,dsc.description,t.typbasetype,t.typtype  FROM pg_catalog.pg_namespace n  JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)  JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid)  JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)  LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)  LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)  LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')  WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped  AND n.nspname LIKE 'ec2' AND c.relname LIKE 'vpn_connections') c WHERE true  ORDER BY nspname,c.relname,attnum
;;
-- name: jdbc_primary_keys
SELECT       result.TABLE_CAT,        result.TABLE_SCHEM,        result.TABLE_NAME,        result.COLUMN_NAME,        result.KEY_SEQ,        result.PK_NAME FROM      (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME,   (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME,   information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct   JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)   JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)   JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid)   JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE true  AND n.nspname = E'ec2' AND ct.relname = E'vpn_connections' AND i.indisprimary  ) result where  result.A_ATTNUM = (result.KEYS).x  ORDER BY result.table_name, result.pk_name, result.key_seq
;;
-- name: jdbc_type_lookup
SELECT n.nspname = ANY(current_schemas(true)), n.nspname, t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid WHERE t.oid = 3802
;;
-- name: jdbc_type_is_array
SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname, pg_type.oid   FROM pg_catalog.pg_type   LEFT JOIN (select ns.oid as nspoid, ns.nspname, r.r           from pg_namespace as ns           join ( select s.r, (current_schemas(false))[s.r] as nspname                    from generate_series(1, array_upper(current_schemas(false), 1)) as s(r) ) as r          using ( nspname )        ) as sp     ON sp.nspoid = typnamespace  WHERE pg_type.oid = 3802  ORDER BY sp.r, pg_type.oid DESC
;;
-- name: jdbc_max_index_keys
SELECT setting FROM pg_catalog.pg_settings WHERE name='max_index_keys'
;;
-- name: jdbc_result_metadata
SELECT c.oid, a.attnum, a.attname, c.relname, n.nspname, a.attnotnull OR (t.typtype = 'd' AND t.typnotnull), a.attidentity != '' OR pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%' FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON (c.relnamespace = n.oid) JOIN pg_catalog.pg_attribute a ON (c.oid = a.attrelid) JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid) LEFT JOIN pg_catalog.pg_attrdef d ON (d.adrelid = a.attrelid AND d.adnum = a.attnum) JOIN (SELECT {{table}} AS oid , 1 AS attnum UNION ALL SELECT {{table}}, 9) vals ON (c.oid = vals.oid AND a.attnum = vals.attnum)
;;
-- name: odbc_tables
select relname, nspname, relkind from pg_catalog.pg_class c, pg_catalog.pg_namespace n where relkind in ('r', 'v', 'm', 'f', 'p') and nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'pg_temp_1') and n.oid = relnamespace order by nspname, relname
;;
-- name: odbc_lo_type
select oid, typbasetype from pg_type where typname = 'lo'
;;
-- name: sqlalchemy_schema_names
SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' ORDER BY nspname
;;
-- name: sqlalchemy_table_names
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ec2' AND c.relkind in ('r', 'p')
;;
-- name: sqlalchemy_view_names
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ec2' AND c.relkind IN ('v', 'm')
;;
-- name: sqlalchemy_table_oid
SELECT c.oid FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE (n.nspname = 'ec2') AND c.relname = 'vpn_connections' AND c.relkind in ('r', 'v', 'm', 'f', 'p')
;;
-- name: sqlalchemy_columns
SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (
    SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid)
    FROM pg_catalog.pg_attrdef d
    WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum
    AND a.atthasdef
  ) AS DEFAULT,
  a.attnotnull,
  a.attrelid as table_oid,
  pgd.description as comment,
  a.attgenerated as generated,
  (
    SELECT json_build_object(
      'always', a.attidentity = 'a',
      'start', s.seqstart,
      'increment', s.seqincrement,
      'minvalue', s.seqmin,
      'maxvalue', s.seqmax,
      'cache', s.seqcache,
      'cycle', s.seqcycle)
    FROM pg_catalog.pg_sequence s
    JOIN pg_catalog.pg_class c on s.seqrelid = c."oid"
    WHERE c.relkind = 'S'
    AND a.attidentity != ''
    AND s.seqrelid = pg_catalog.pg_get_serial_sequence(
      a.attrelid::regclass::text, a.attname
    )::regclass::oid
  ) as identity_options
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_description pgd ON (
  pgd.objoid = a.attrelid AND pgd.objsubid = a.attnum)
WHERE a.attrelid = {{table}}
AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
;;
-- name: sqlalchemy_domains
SELECT t.typname as "name",
  pg_catalog.format_type(t.typbasetype, t.typtypmod) as "attype",
  not t.typnotnull as "nullable",
  t.typdefault as "default",
  pg_catalog.pg_type_is_visible(t.oid) as "visible",
  n.nspname as "schema"
FROM pg_catalog.pg_type t
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd'
;;
-- name: sqlalchemy_enums
SELECT t.typname as "name",
  pg_catalog.pg_type_is_visible(t.oid) as "visible",
  n.nspname as "schema",
  e.enumlabel as "label"
FROM pg_catalog.pg_type t
LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_enum e ON t.oid = e.enumtypid
WHERE t.typtype = 'e'
ORDER BY "schema", "name", e.oid
;;
-- name: sqlalchemy_pk_columns
SELECT a.attname
FROM pg_attribute a JOIN (
  SELECT unnest(ix.indkey) attnum,
         generate_subscripts(ix.indkey, 1) ord
  FROM pg_index ix
  WHERE ix.indrelid = {{table}} AND ix.indisprimary
) k ON a.attnum=k.attnum
WHERE a.attrelid = {{table}}
ORDER BY k.ord
;;
-- name: sqlalchemy_pk_name
SELECT conname FROM pg_catalog.pg_constraint r WHERE r.conrelid = {{table}} AND r.contype = 'p' ORDER BY 1
;;
-- name: sqlalchemy_foreign_keys
SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true) as condef, n.nspname as conschema
FROM pg_catalog.pg_constraint r, pg_namespace n, pg_class c
WHERE r.conrelid = {{table}} AND r.contype = 'f' AND c.oid = confrelid AND n.oid = c.relnamespace
ORDER BY 1
;;
-- name: sqlalchemy_indexes
SELECT i.relname as relname, ix.indisunique, ix.indexprs, a.attname, a.attnum, c.conrelid, ix.indkey::varchar,
  ix.indoption::varchar, i.reloptions, am.amname, pg_get_expr(ix.indpred, ix.indrelid), ix.indnkeyatts as indnkeyatts
FROM pg_class t
  join pg_index ix on t.oid = ix.indrelid
  join pg_class i on i.oid = ix.indexrelid
  left outer join pg_attribute a on t.oid = a.attrelid and a.attnum = ANY(ix.indkey)
  left outer join pg_constraint c on (ix.indrelid = c.conrelid and ix.indexrelid = c.conindid and c.contype in ('p', 'u', 'x'))
  left outer join pg_am am on i.relam = am.oid
WHERE t.relkind IN ('r', 'v', 'f', 'm', 'p') and t.oid = {{table}} and ix.indisprimary = 'f'
ORDER BY t.relname, i.relname
;;
-- name: sqlalchemy_unique_constraints
SELECT cons.conname as name, cons.conkey as key, a.attnum as col_num, a.attname as col_name
FROM pg_catalog.pg_constraint cons
  join pg_attribute a on cons.conrelid = a.attrelid AND a.attnum = ANY(cons.conkey)
WHERE cons.conrelid = {{table}} AND cons.contype = 'u'
;;
-- name: sqlalchemy_check_constraints
SELECT cons.conname as name, pg_catalog.pg_get_constraintdef(cons.oid, true) as src
FROM pg_catalog.pg_constraint cons
WHERE cons.conrelid = {{table}} AND cons.contype = 'c'
ORDER BY cons.conname
;;
-- name: sqlalchemy_table_comment
SELECT pgd.description as table_comment FROM pg_catalog.pg_description pgd WHERE pgd.objsubid = 0 AND pgd.objoid = {{table}}
;;
-- name: sqlalchemy_table_comment_regclass
SELECT description FROM pg_catalog.pg_description WHERE objoid = '"ec2"."vpn_connections"'::regclass AND objsubid = 0 AND classoid = 'pg_catalog.pg_class'::regclass
;;
-- name: sqlalchemy_has_table
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where n.nspname='ec2' and relname='vpn_connections'
;;
-- name: pgcli_search_path
SELECT * FROM unnest(current_schemas(true))
;;
-- name: pgcli_schemata
SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_toast' ORDER BY 1
;;
-- name: pgcli_tables
SELECT n.nspname schema_name, c.relname table_name
FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = ANY('{r,p,f}') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
ORDER BY 1,2
;;
-- name: pgcli_columns
SELECT nsp.nspname schema_name, cls.relname table_name, att.attname column_name, att.atttypid::regtype::text type_name,
       att.atthasdef AS has_default, pg_catalog.pg_get_expr(def.adbin, def.adrelid, true) as default
FROM pg_catalog.pg_attribute att
  INNER JOIN pg_catalog.pg_class cls ON att.attrelid = cls.oid
  INNER JOIN pg_catalog.pg_namespace nsp ON cls.relnamespace = nsp.oid
  LEFT OUTER JOIN pg_attrdef def ON def.adrelid = att.attrelid AND def.adnum = att.attnum
WHERE cls.relkind = ANY('{r,p,f}') AND NOT att.attisdropped AND att.attnum > 0 AND nsp.nspname = 'ec2'
ORDER BY 1, 2, att.attnum
;;
-- name: pgcli_foreign_keys
SELECT s_p.nspname AS parentschema, t_p.relname AS parenttable,
  unnest((select array_agg(attname ORDER BY i) from (select unnest(confkey) as attnum, generate_subscripts(confkey, 1) as i) x JOIN pg_catalog.pg_attribute c USING(attnum) WHERE c.attrelid = fk.confrelid)) AS parentcolumn,
  s_c.nspname AS childschema, t_c.relname AS childtable,
  unnest((select array_agg(attname ORDER BY i) from (select unnest(conkey) as attnum, generate_subscripts(conkey, 1) as i) x JOIN pg_catalog.pg_attribute c USING(attnum) WHERE c.attrelid = fk.conrelid)) AS childcolumn
FROM pg_catalog.pg_constraint fk
  JOIN pg_catalog.pg_class t_p ON t_p.oid = fk.confrelid
  JOIN pg_catalog.pg_namespace s_p ON s_p.oid = t_p.relnamespace
  JOIN pg_catalog.pg_class t_c ON t_c.oid = fk.conrelid
  JOIN pg_catalog.pg_namespace s_c ON s_c.oid = t_c.relnamespace
WHERE fk.contype = 'f'
;;
-- name: pgcli_databases
SELECT d.datname FROM pg_catalog.pg_database d WHERE d.datname = 'aws' ORDER BY 1
;;
-- name: information_schema_user_tables
SELECT table_schema, table_name, table_type FROM information_schema.tables
WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2
;;
-- Every built-in relation, index and TOAST table, whole rows.
-- name: builtin_class_rows
SELECT * FROM pg_class WHERE oid < 16384
;;
-- name: builtin_attributes
SELECT a.* FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.oid < 16384
;;
-- name: all_class_kinds
SELECT n.nspname, c.relkind, count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace GROUP BY 1, 2
;;
-- name: user_relations
SELECT oid, relname, relnamespace, reltype, relkind, reltoastrelid, relnatts, relhasindex, relpages, reltuples
FROM pg_class WHERE oid >= 16384
;;
-- name: all_types
SELECT * FROM pg_type
;;
-- name: all_indexes
SELECT * FROM pg_index
;;
-- name: all_index_definitions
SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid), pg_get_indexdef(indexrelid, 1, true) FROM pg_index
;;
-- name: all_constraints
SELECT oid, conname, connamespace, contype, conrelid, contypid, conindid, conkey, pg_get_constraintdef(oid) FROM pg_constraint
;;
-- name: all_namespaces
SELECT * FROM pg_namespace
;;
-- name: opclasses_opfamilies_ranges
SELECT (SELECT count(*) FROM pg_opclass), (SELECT count(*) FROM pg_opfamily), (SELECT count(*) FROM pg_range),
       (SELECT count(*) FROM pg_am), (SELECT count(*) FROM pg_auth_members)
;;
-- name: opclass_rows
SELECT * FROM pg_opclass WHERE opcintype = 'text'::regtype
;;
-- name: operator_rows
SELECT * FROM pg_operator WHERE oprname IN ('=', '<', '||', '->>') AND oprleft IN ('int4'::regtype, 'text'::regtype, 'jsonb'::regtype)
;;
-- name: cast_rows
SELECT * FROM pg_cast WHERE castsource IN ('int4'::regtype, 'text'::regtype) AND casttarget IN ('int8'::regtype, 'varchar'::regtype, 'regclass'::regtype)
;;
-- name: builtin_descriptions
SELECT * FROM pg_description WHERE classoid IN ('pg_class'::regclass, 'pg_type'::regclass, 'pg_namespace'::regclass, 'pg_am'::regclass)
;;
-- name: pg_tables_all
SELECT * FROM pg_tables
;;
-- name: pg_indexes_all
SELECT * FROM pg_indexes
;;
-- name: pg_views_all
SELECT schemaname, viewname, viewowner FROM pg_views
;;
-- name: sql_features
SELECT * FROM information_schema.sql_features
;;
-- name: stat_tables
-- (PostgreSQL counts its own catalog activity; vpnsql counts nothing.)
SELECT s.relid, s.schemaname, s.relname, s.idx_scan IS NULL, io.idx_blks_read IS NULL, io.toast_blks_read IS NULL, io.tidx_blks_hit IS NULL
FROM pg_stat_all_tables s JOIN pg_statio_all_tables io USING (relid)
;;
-- name: stat_indexes
SELECT relid, indexrelid, schemaname, relname, indexrelname FROM pg_statio_all_indexes
;;
-- name: shdepend
SELECT * FROM pg_shdepend WHERE dbid <> 0 OR objid = {{database}}
;;
-- name: is_catalog_name
SELECT * FROM information_schema.information_schema_catalog_name
;;
-- name: is_domains
SELECT * FROM information_schema.domains
;;
-- name: is_domain_constraints
SELECT * FROM information_schema.domain_constraints
;;
-- name: is_domain_udt_usage
-- (empty for vpnsql: the base types belong to postgres)
SELECT * FROM information_schema.domain_udt_usage
;;
-- name: is_constraint_table_usage
SELECT * FROM information_schema.constraint_table_usage
;;
-- name: is_collations
-- (vpnsql's pg_collation holds these four)
SELECT * FROM information_schema.collations WHERE collation_name IN ('default', 'C', 'POSIX', 'ucs_basic')
;;
-- name: is_collation_character_set_applicability
SELECT * FROM information_schema.collation_character_set_applicability
WHERE collation_name IN ('default', 'C', 'POSIX', 'ucs_basic')
;;
-- name: is_role_column_grants
SELECT * FROM information_schema.role_column_grants
;;
-- name: is_routine_privileges
SELECT * FROM information_schema.routine_privileges
WHERE routine_name IN ('format_type', 'has_table_privilege', 'pg_get_keywords')
;;
-- name: is_role_routine_grants
SELECT * FROM information_schema.role_routine_grants
;;
-- name: is_udt_privileges
SELECT * FROM information_schema.udt_privileges
;;
-- name: is_role_udt_grants
SELECT * FROM information_schema.role_udt_grants
;;
-- name: is_usage_privileges
SELECT * FROM information_schema.usage_privileges
WHERE object_type <> 'COLLATION' OR object_name IN ('default', 'C', 'POSIX', 'ucs_basic')
;;
-- name: is_role_usage_grants
SELECT * FROM information_schema.role_usage_grants
;;
-- name: is_element_types
SELECT * FROM information_schema.element_types
WHERE object_type <> 'ROUTINE' OR object_name IN ('current_schemas_1403', 'parse_ident_1268', 'array_fill_1286',
      'jsonb_set_3305', 'oidvectoreq_679', 'percentile_cont_3980', 'format_type_1081')
;;
-- name: is_data_type_privileges
SELECT * FROM information_schema.data_type_privileges
WHERE object_type <> 'ROUTINE' OR object_name IN ('current_schemas_1403', 'parse_ident_1268', 'array_fill_1286',
      'jsonb_set_3305', 'oidvectoreq_679', 'percentile_cont_3980', 'format_type_1081', 'has_table_privilege_1926')
;;
-- Time zones: the names and abbreviations PostgreSQL knows; a zone's
-- abbreviation and offset are those in force now.
-- name: timezone_names
SELECT * FROM pg_timezone_names WHERE name IN ('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Etc/GMT+5', 'Australia/Lord_Howe')
;;
-- name: timezone_counts
SELECT (SELECT count(*) FROM pg_timezone_names), (SELECT count(*) FROM pg_timezone_abbrevs)
;;
-- name: timezone_abbrevs
SELECT * FROM pg_timezone_abbrevs
;;
-- Routines and parameters leave the type facts (length, precision,
-- collation) NULL.
-- name: is_routine_type_facts
SELECT r.specific_name, r.data_type, r.character_maximum_length, r.character_octet_length, r.numeric_precision,
       r.numeric_precision_radix, r.numeric_scale, r.datetime_precision, r.collation_name,
       p.ordinal_position, p.data_type, p.character_octet_length, p.numeric_precision, p.datetime_precision
FROM information_schema.routines r LEFT JOIN information_schema.parameters p USING (specific_name)
WHERE r.specific_name IN ('format_type_1081', 'abs_1395', 'date_trunc_2020', 'round_1708')
;;
-- The database's settings, and the server-wide statistics views (one
-- row each).
-- name: db_role_setting
SELECT * FROM pg_db_role_setting
;;
-- name: server_stats_views
SELECT (SELECT count(*) FROM pg_stat_archiver), (SELECT count(*) FROM pg_stat_bgwriter), (SELECT count(*) FROM pg_stat_wal),
       (SELECT count(*) FROM pg_stat_recovery_prefetch), (SELECT stats_reset IS NOT NULL FROM pg_stat_bgwriter)
;;
-- name: unique_index_predicate
SELECT indexrelid, pg_get_expr(indpred, indrelid), pg_get_expr(indpred, indrelid, true), pg_get_indexdef(indexrelid),
       pg_get_indexdef(indexrelid, 0, true), pg_get_indexdef(indexrelid, 2, false), indnullsnotdistinct
FROM pg_index WHERE indrelid = {{table}}
;;
-- name: unique_index_class_and_depend
SELECT c.oid, c.relname, c.relkind, c.relam, c.relpages, c.reltuples, c.relnatts, c.relhasindex,
       (SELECT array_agg(d.refobjsubid || d.deptype ORDER BY d.refobjsubid, d.deptype) FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass)
FROM pg_class c WHERE c.oid IN ({{index}}, {{pairindex}}, {{table}})
;;
-- name: unique_index_attributes
SELECT attrelid, attname, atttypid, attnum, attnotnull, attcollation FROM pg_attribute WHERE attrelid = {{pairindex}} ORDER BY attnum
;;
-- name: pgjdbc_get_index_info
SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, ct.relname AS TABLE_NAME, NOT i.indisunique AS NON_UNIQUE,
  NULL AS INDEX_QUALIFIER, ci.relname AS INDEX_NAME,
  CASE i.indisclustered WHEN true THEN 1 ELSE CASE am.amname WHEN 'hash' THEN 2 ELSE 3 END END AS TYPE,
  (information_schema._pg_expandarray(i.indkey)).n AS ORDINAL_POSITION, ci.reltuples AS CARDINALITY, ci.relpages AS PAGES,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS FILTER_CONDITION, ci.oid AS CI_OID, i.indoption AS I_INDOPTION, am.amname AS AM_NAME
FROM pg_catalog.pg_class ct JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid)
  JOIN pg_catalog.pg_index i ON (ct.oid = i.indrelid) JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid)
  JOIN pg_catalog.pg_am am ON (ci.relam = am.oid)
WHERE true AND n.nspname = E'ec2' AND ct.relname = E'vpn_connections'
;;
;;
-- The functions of schema ec2 (the tables' methods).
-- name: ec2_functions
SELECT p.oid, p.proname, p.pronamespace, p.proowner, p.prolang, p.procost, p.prorows, p.provariadic, p.prokind, p.prosecdef,
       p.proisstrict, p.proretset, p.provolatile, p.proparallel, p.pronargs, p.pronargdefaults, p.prorettype, p.proargtypes,
       p.proargnames, p.prosrc, p.proacl, obj_description(p.oid, 'pg_proc'), pg_function_is_visible(p.oid),
       pg_get_function_arguments(p.oid), pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid)
FROM pg_proc p WHERE p.pronamespace = {{namespace}}
;;
-- name: psql_df_ec2
SELECT n.nspname as "Schema", p.proname as "Name", pg_catalog.pg_get_function_result(p.oid) as "Result data type",
  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
 CASE p.prokind WHEN 'a' THEN 'agg' WHEN 'w' THEN 'window' WHEN 'p' THEN 'proc' ELSE 'func' END as "Type",
 pg_catalog.obj_description(p.oid, 'pg_proc') as "Description"
FROM pg_catalog.pg_proc p LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname OPERATOR(pg_catalog.~) '^(ec2)$' COLLATE pg_catalog.default
ORDER BY 1, 2, 4
;;
-- name: ec2_routines
SELECT specific_schema, routine_schema, routine_name, routine_type, data_type, type_udt_schema, type_udt_name, routine_body,
       routine_definition, external_language, is_deterministic, sql_data_access, is_null_call, security_type
FROM information_schema.routines WHERE routine_schema = 'ec2'
;;
-- name: ec2_parameters
SELECT specific_schema, ordinal_position, parameter_mode, parameter_name, data_type, udt_name
FROM information_schema.parameters WHERE specific_schema = 'ec2'
;;
-- name: ec2_function_depend
SELECT classid::regclass, refclassid::regclass, refobjid, deptype FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid AND d.classid = 'pg_proc'::regclass
WHERE p.pronamespace = {{namespace}}
;;
-- The functions of schema vpnsql (vpnsql.cache_clear()).
-- name: vpnsql_functions
SELECT p.oid, p.proname, p.pronamespace, p.proowner, p.prolang, p.procost, p.prorows, p.provariadic, p.prokind, p.prosecdef,
       p.proisstrict, p.proretset, p.provolatile, p.proparallel, p.pronargs, p.pronargdefaults, p.prorettype, p.proargtypes,
       p.proargnames, p.prosrc, p.proacl, obj_description(p.oid, 'pg_proc'), pg_function_is_visible(p.oid),
       pg_get_function_arguments(p.oid), pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid)
FROM pg_proc p WHERE p.pronamespace = {{vpnsqlnamespace}}
;;
-- name: psql_df_vpnsql
SELECT n.nspname as "Schema", p.proname as "Name", pg_catalog.pg_get_function_result(p.oid) as "Result data type",
  pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
 CASE p.prokind WHEN 'a' THEN 'agg' WHEN 'w' THEN 'window' WHEN 'p' THEN 'proc' ELSE 'func' END as "Type",
 pg_catalog.obj_description(p.oid, 'pg_proc') as "Description"
FROM pg_catalog.pg_proc p LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname OPERATOR(pg_catalog.~) '^(vpnsql)$' COLLATE pg_catalog.default
ORDER BY 1, 2, 4
;;
-- name: vpnsql_routines
SELECT specific_schema, specific_name, routine_schema, routine_name, routine_type, data_type, type_udt_schema, type_udt_name, routine_body,
       routine_definition, external_language, is_deterministic, sql_data_access, is_null_call, security_type
FROM information_schema.routines WHERE routine_schema = 'vpnsql'
;;
-- name: vpnsql_function_depend
SELECT classid::regclass, refclassid::regclass, refobjid, deptype FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid AND d.classid = 'pg_proc'::regclass
WHERE p.pronamespace = {{vpnsqlnamespace}}
;;
-- name: vpnsql_function_shdepend
SELECT d.classid::regclass, d.refclassid::regclass, d.refobjid, d.deptype FROM pg_shdepend d JOIN pg_proc p ON p.oid = d.objid AND d.classid = 'pg_proc'::regclass
WHERE p.pronamespace = {{vpnsqlnamespace}}
;;
-- vpnsql's own views: schema vpnsql and vpnsql.api_calls.
-- name: vpnsql_view_class
SELECT c.oid, c.relname, c.relnamespace, c.reltype, c.relowner, c.relam, c.relkind, c.relnatts, c.relhasindex, c.relhasrules,
       c.relpages, c.reltuples, c.reltoastrelid, c.relfrozenxid, c.relminmxid, c.relreplident, c.relacl
FROM pg_class c WHERE c.relnamespace = {{vpnsqlnamespace}}
;;
-- name: vpnsql_view_attributes
SELECT attrelid, attname, atttypid, attnum, attnotnull, attlen, attstorage, attcollation, col_description(attrelid, attnum)
FROM pg_attribute WHERE attrelid = {{view}} ORDER BY attnum
;;
-- name: vpnsql_views
SELECT schemaname, viewname, viewowner, definition, pg_get_viewdef({{view}}), pg_get_viewdef({{view}}, true) FROM pg_views WHERE schemaname = 'vpnsql'
;;
-- name: vpnsql_namespace
SELECT oid, nspname, nspowner, nspacl FROM pg_namespace WHERE nspname = 'vpnsql'
;;
-- name: vpnsql_is_tables
SELECT table_schema, table_name, table_type, is_insertable_into FROM information_schema.tables WHERE table_schema = 'vpnsql'
;;
-- name: vpnsql_is_views
SELECT * FROM information_schema.views WHERE table_schema = 'vpnsql'
;;
-- name: vpnsql_is_columns
SELECT table_name, column_name, ordinal_position, is_nullable, data_type, udt_name, is_updatable
FROM information_schema.columns WHERE table_schema = 'vpnsql'
;;
-- name: vpnsql_view_depend
SELECT classid::regclass, objid, refclassid::regclass, refobjid, refobjsubid, deptype FROM pg_depend
WHERE (refobjid = {{view}} OR objid = {{view}}) AND classid <> 'pg_rewrite'::regclass
;;
-- name: vpnsql_view_types
SELECT oid, typname, typnamespace, typowner, typtype, typrelid, typelem, typarray FROM pg_type WHERE typnamespace = {{vpnsqlnamespace}}
;;
-- name: jdbc_resultset_metadata_shape
-- pgJDBC's ResultSetMetaData query as DBeaver sends it: an outer join at the
-- bottom of an inner-join chain, with a condition on that outer join's
-- columns alone (once a crash in placeConjuncts).
SELECT c.relname, a.attname, t.typname, d.adbin IS NOT NULL AS hasdef, vals.attnum
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON (c.relnamespace = n.oid)
JOIN pg_catalog.pg_attribute a ON (c.oid = a.attrelid)
JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)
LEFT JOIN pg_catalog.pg_attrdef d ON (d.adrelid = a.attrelid AND d.adnum = a.attnum)
JOIN (SELECT {{table}} AS oid, 1 AS attnum UNION ALL SELECT {{table}}, 3 UNION ALL SELECT 'pg_class'::regclass::oid, 2) vals
  ON (c.oid = vals.oid AND a.attnum = vals.attnum)
WHERE c.oid IN ({{table}}, 'pg_class'::regclass::oid)
ORDER BY 1, 5
;;
-- name: psqlodbc_sqlcolumns
-- psqlODBC's SQLColumns: CASE t.typtype WHEN 'd' THEN t.typbasetype ELSE 0 END
-- is oid (common-type resolution: int4 then oid gives oid).
SELECT n.nspname, c.relname, a.attname, a.atttypid, t.typname, a.attnum, a.attlen, a.atttypmod, a.attnotnull,
       c.relhasrules, c.relkind, c.oid, pg_get_expr(d.adbin, d.adrelid),
       CASE t.typtype WHEN 'd' THEN t.typbasetype ELSE 0 END, t.typtypmod, 0, '', c.relhassubclass
FROM (((pg_catalog.pg_class c INNER JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND c.relname LIKE 'vpn\_connections' AND n.nspname LIKE 'ec2')
  INNER JOIN pg_catalog.pg_attribute a ON (NOT a.attisdropped) AND a.attnum > 0 AND a.attrelid = c.oid)
  INNER JOIN pg_catalog.pg_type t ON t.oid = a.atttypid)
  LEFT OUTER JOIN pg_attrdef d ON a.atthasdef AND d.adrelid = a.attrelid AND d.adnum = a.attnum
ORDER BY n.nspname, c.relname, attnum
;;
-- name: psql_tab_completion_tables
-- psql's tab completion: name UNION ALL NULL::text stays name, and text
-- UNION ALL name stays text.
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c
WHERE c.relkind IN ('r', 'p', 'v') AND (c.relname) LIKE 'vpn%' AND pg_catalog.pg_table_is_visible(c.oid)
UNION ALL
SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'ec%'
