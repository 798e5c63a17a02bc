-- psql's \d columns: pg_attribute rows of one table with format_type.
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'ec2.vpn_connections'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;
