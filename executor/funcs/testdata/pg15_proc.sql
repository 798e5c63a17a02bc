-- The query that wrote pg15_proc.tsv from a PostgreSQL 15 cluster made by
-- initdb (psql -X -A -t -F '	' -f pg15_proc.sql > pg15_proc.tsv): every
-- pg_proc row, its OID, name and family. Families follow the chapters of
-- PostgreSQL's "Functions and Operators": by kind (aggregate, window,
-- procedure), the functions behind operators, then by name (statistics, system information,
-- administration, JSON, text search, ...), then by the category of the
-- result type; "internal" is what SQL cannot usefully call (type I/O,
-- planner support, index and handler functions).
SELECT p.oid, p.proname, CASE
  WHEN p.prokind = 'a' THEN 'aggregate'
  WHEN p.prokind = 'w' THEN 'window'
  WHEN p.prokind = 'p' THEN 'procedure'
  WHEN p.prorettype IN ('internal'::regtype, 'cstring'::regtype, 'trigger'::regtype, 'event_trigger'::regtype,
         'language_handler'::regtype, 'fdw_handler'::regtype, 'index_am_handler'::regtype,
         'table_am_handler'::regtype, 'tsm_handler'::regtype)
    OR 'internal'::regtype = ANY (p.proargtypes::regtype[]) OR 'cstring'::regtype = ANY (p.proargtypes::regtype[])
    OR p.proname ~ '(recv|send|typmodin|typmodout|_support|_consistent|_compress|_decompress|_penalty|_picksplit|_union|_same|_distance|_fetch|sortsupport|_options)$'
    OR p.proname ~ '^(bt|hash|gist|gin|spg|brin|range_gist|tsm_)' THEN 'internal'
  WHEN EXISTS (SELECT 1 FROM pg_operator o WHERE o.oprcode = p.oid) THEN 'operator implementation'
  WHEN p.proname ~ '^pg_stat|^pg_statio' THEN 'statistics'
  WHEN p.proname ~ '^(pg_get_|has_.*_privilege$|pg_has_role|pg_typeof|format_type|current_|session_user|obj_description|col_description|shobj_description|version$|pg_backend_pid|inet_client|inet_server|pg_conf_load_time|pg_postmaster_start_time|pg_my_temp_schema|pg_is_other_temp_schema|pg_jit_available|pg_listening_channels|pg_trigger_depth|pg_blocking_pids|pg_safe_snapshot_blocking_pids|pg_current_logfile|to_reg|pg_describe_object|pg_identify_object|pg_index_|pg_indexam_|pg_column_|pg_options_to_table|pg_tablespace_databases|pg_tablespace_location|pg_settings_get_flags|pg_xact_|txid_|pg_current_snapshot|pg_snapshot_|pg_visible_in_snapshot|pg_control_|pg_last_committed_xact|row_security_active|pg_char_to_encoding|pg_encoding_to_char|pg_encoding_max_length|pg_.*_is_visible$|pg_current_xact_id|pg_available_|pg_extension_|pg_show_|pg_timezone_|pg_cursor|pg_prepared_|pg_lock_status|pg_mcv_list_items|pg_event_trigger_|pg_get_keywords|pg_get_catalog_foreign_keys|pg_relation_is_|pg_sequence_|pg_config|pg_hba_file_rules|pg_ident_file_mappings|pg_backup_start_time|pg_input_is_valid)' THEN 'system information'
  WHEN p.proname ~ '^(set_config|pg_cancel_backend|pg_terminate_backend|pg_reload_conf|pg_rotate_logfile|pg_log_backend_memory_contexts|pg_switch_wal|pg_backup_|pg_create_|pg_drop_replication|pg_replication_|pg_wal_|pg_walfile_|pg_current_wal|pg_last_wal|pg_last_xact|pg_is_in_recovery|pg_is_wal_replay|pg_get_wal_replay|pg_promote|pg_.*_size$|pg_size_|pg_relation_filenode|pg_relation_filepath|pg_filenode_relation|pg_ls_|pg_read_|pg_stat_file|pg_.*advisory|pg_import_system_collations|pg_partition_|pg_logical_|pg_copy_|brin_|gin_clean|pg_collation_actual_version|pg_database_collation_actual_version|pg_sleep|pg_notify|pg_notification_queue_usage|lo_|pg_nextoid|pg_drop_|pg_truncate_|setval|nextval|currval|lastval|pg_export_snapshot)' THEN 'system administration'
  WHEN p.proname ~ '^(json|to_json|row_to_json|array_to_json)' OR p.prorettype IN ('json'::regtype, 'jsonb'::regtype, 'jsonpath'::regtype) THEN 'JSON'
  WHEN p.proname ~ '(tsvector|tsquery|^ts_|to_tsquery|^setweight|^strip|^numnode|^querytree|phraseto|websearch_to)' THEN 'text search'
  WHEN p.proname ~ '^(xml|xpath|table_to_xml|query_to_xml|cursor_to_xml|schema_to_xml|database_to_xml|xmlexists)' THEN 'XML'
  WHEN p.proname ~ 'regexp|textregex|texticregex|similar' THEN 'pattern matching'
  ELSE CASE t.typcategory
    WHEN 'N' THEN 'numeric and math' WHEN 'S' THEN 'string' WHEN 'D' THEN 'date/time' WHEN 'T' THEN 'date/time'
    WHEN 'B' THEN 'comparison and boolean' WHEN 'A' THEN 'array' WHEN 'R' THEN 'range' WHEN 'G' THEN 'geometric'
    WHEN 'I' THEN 'network address' WHEN 'U' THEN CASE WHEN p.prorettype = 'bytea'::regtype THEN 'binary string' ELSE 'other types' END
    WHEN 'V' THEN 'bit string' WHEN 'E' THEN 'enum' ELSE 'other types' END
  END AS family
FROM pg_proc p JOIN pg_type t ON t.oid = p.prorettype
ORDER BY p.oid
