-- String functions and operators.
SELECT length('héllo'), char_length('abc'), character_length(''), octet_length('héllo'), length(NULL::text), bit_length('a')
;;
SELECT lower('ÀBC Def'), upper('àbc def'), initcap('hello wORLD-foo bar_baz'), initcap('o''neil 3rd')
;;
SELECT "vpnConnectionId", upper(region), lower(tags->>'Name'), length("customerGatewayConfiguration") > 1000 FROM vpn_connections ORDER BY 1
;;
SELECT substr('hello', 2), substr('hello', 2, 3), substr('hello', 0, 2), substr('hello', -1, 3), substr('hello', 10), substring('hello' FROM 2 FOR 3), substring('hello' FROM 3), substring('hello' FOR 2)
;;
SELECT substring('vpn-0820266296a1bb6b8' FROM '[0-9a-f]+$'), substring('abc123def' FROM '[0-9]+'), substring('foobar' FROM 'o(.)b'), substring('abc' FROM 'x')
;;
SELECT "vpnConnectionId", substr("vpnConnectionId", 5, 4), substring("customerGatewayConfiguration" FROM '<ip_address>([0-9.]+)</ip_address>') FROM vpn_connections ORDER BY 1
;;
SELECT position('l' IN 'hello'), position('z' IN 'hello'), position('' IN 'abc'), strpos('hello', 'llo'), strpos('héllo', 'l')
;;
SELECT replace('a-b-c', '-', '+'), replace('aaa', 'a', 'bb'), replace('abc', '', 'x'), replace(region, '-', '_') FROM vpn_connections ORDER BY 4 LIMIT 3
;;
SELECT split_part('a,b,c', ',', 1), split_part('a,b,c', ',', 3), split_part('a,b,c', ',', 4), split_part('a,b,c', ',', -1), split_part('abc', '', 1), split_part('a::b', '::', 2)
;;
SELECT "vpnConnectionId", split_part(tags->>'Name', '-', 1) AS site, split_part(tags->>'Name', '-', -1) AS n FROM vpn_connections ORDER BY 1
;;
SELECT left('abcdef', 2), left('abcdef', -2), left('ab', 5), right('abcdef', 2), right('abcdef', -2), right('ab', 0)
;;
SELECT lpad('7', 3, '0'), lpad('hello', 3), lpad('x', 5, 'ab'), rpad('x', 3), rpad('x', 6, 'xy'), lpad('', 2, '*'), rpad('abc', 0)
;;
SELECT btrim('  x  '), ltrim('  x  '), rtrim('  x  '), btrim('xxaxx', 'x'), ltrim('xyxa', 'xy'), rtrim('axyx', 'xy'), trim('  y '), trim(both 'z' from 'zzyzz'), trim(leading 'z' from 'zzy'), trim(trailing from 'y  ')
;;
SELECT concat('a', NULL, 1, true, 2.5), concat_ws('-', 'a', NULL, 'b', 3), concat_ws(NULL, 'a'), concat(NULL)
;;
SELECT concat_ws('/', region, "accountId", "vpnConnectionId") FROM vpn_connections ORDER BY 1
;;
SELECT repeat('ab', 3), repeat('x', 0), repeat('x', -1), reverse('abc'), reverse('héllo'), starts_with('abc', 'ab'), starts_with('abc', 'b')
;;
SELECT 'a' || 'b', 'a' || NULL, NULL || NULL::text, 'x' || 1 || true, 'n=' || 1.50, 'd=' || '2024-01-02'::date
;;
SELECT md5('x'), md5(''), md5("vpnConnectionId") FROM vpn_connections ORDER BY 3 LIMIT 2
;;
SELECT chr(65), chr(233), ascii('A'), ascii('é'), ascii(''), to_hex(255), to_hex(0), to_hex(-1), to_hex(4294967296)
;;
SELECT quote_ident('Foo'), quote_ident('foo'), quote_ident('select'), quote_ident('a b'), quote_literal('it''s'), quote_literal(42), quote_literal('back\slash'), quote_nullable(NULL), quote_nullable('x')
;;
SELECT regexp_replace('a1b22c333', '[0-9]+', '#'), regexp_replace('a1b22c333', '[0-9]+', '#', 'g'), regexp_replace('ABC', 'b', 'x', 'i'), regexp_replace('hello', '(l+)', '<\1>'), regexp_replace('abc', 'x', 'y')
;;
SELECT "vpnConnectionId", regexp_replace(tags->>'Name', '-vpn-[0-9]+$', '') FROM vpn_connections ORDER BY 1
;;
SELECT regexp_match('vpn-123abc', 'vpn-([0-9]+)([a-z]+)'), regexp_match('abc', 'x'), regexp_match('abc', 'b'), (regexp_match('k=v', '(\w)=(\w)'))[2]
;;
SELECT regexp_matches('a1b2c3', '[0-9]', 'g')
;;
SELECT "vpnConnectionId", (regexp_match(tags->>'Name', '^([a-z]+)-'))[1] AS city FROM vpn_connections ORDER BY 1
;;
SELECT regexp_split_to_table('a, b,c', ',\s*')
;;
SELECT regexp_split_to_array('a1b2c', '[0-9]'), string_to_array('a,b,,c', ','), string_to_array('a b', ' '), string_to_array('', ','), string_to_array('a,b', NULL), string_to_array('xNULLy', 'NULL', 'y')
;;
SELECT array_to_string(ARRAY['a', NULL, 'c'], ','), array_to_string(ARRAY['a', NULL, 'c'], ',', '*'), array_to_string(ARRAY[1, 2], '-')
;;
SELECT "vpnConnectionId", array_to_string(ARRAY(SELECT jsonb_array_elements_text(jsonb_path_query_array("vgwTelemetry", '$[*].status'))), '/') FROM vpn_connections ORDER BY 1
;;
SELECT format('%s is %s', 'x', 1), format('%I.%I', 'ec2', 'Vpn'), format('%L', 'it''s'), format('%s|%s', NULL, 'b'), format('%%'), format('%2$s %1$s', 'a', 'b')
;;
SELECT "vpnConnectionId", format('%s (%s)', tags->>'Name', region) FROM vpn_connections ORDER BY 1
;;
SELECT translate('hello', 'el', 'ip'), translate('abc', 'b', ''), overlay('Txxxxas' placing 'hom' from 2 for 4), overlay('abc' placing 'X' from 2)
;;
SELECT 'abc' < 'abd', 'abc' = 'abc ', 'Z' < 'a', 'é' > 'z', 'a' < 'aa', '' < 'a', max(x), min(x) FROM (VALUES ('b'), ('B'), ('ä'), ('a')) t(x)
;;
SELECT x FROM (VALUES ('b'), ('B'), ('ä'), ('a'), ('_'), ('1'), ('')) t(x) ORDER BY x
;;
SELECT left(region, 2), count(*) FROM vpn_connections GROUP BY left(region, 2) ORDER BY 1
;;
SELECT string_agg(DISTINCT split_part(region, '-', 1), ',' ORDER BY split_part(region, '-', 1)) FROM vpn_connections
;;
SELECT encode('hello'::bytea, 'hex'), encode('hello'::bytea, 'base64'), decode('68656c6c6f', 'hex'), convert_to('é', 'UTF8'), length('hé'::bytea)
;;
SELECT 'x'::varchar || 'y'::varchar, pg_typeof('x'::varchar || 'y'), pg_typeof(upper('x'::varchar)), pg_typeof(substr('abc'::name, 1, 1))
;;
SELECT sha256('abc'::bytea), upper(md5('abc')), lower(NULL), length(repeat('ab', 1000))
;;
SELECT E'\xZZ', E'line1\nline2', length(E'a\tb'), E'\\', 'back\slash', position(E'\n' IN E'a\nb')
;;
SELECT 'abc' ^@ 'ab', 'abc' ^@ 'b', ascii(chr(9786)), length(chr(128512))
;;
SELECT upper(NULL), length(''), substr('abc', 2, 0), substr('', 1), left('', 3), lpad('abc', 2, ''), repeat('', 5), split_part('', ',', 1)
;;
SELECT "vpnConnectionId", format('%-12s|%5s|', region, jsonb_array_length(routes)) FROM vpn_connections ORDER BY 1
;;
SELECT initcap(tags->>'Name'), reverse(tags->>'Site'), translate(region, '-', '_') FROM vpn_connections ORDER BY 1, 3
;;
SELECT string_agg(substr(k, 1, 1), '' ORDER BY k) FROM vpn_connections, jsonb_object_keys(tags) k WHERE "vpnConnectionId" = 'vpn-03c3177160393f0bd'
;;
SELECT regexp_replace(customer, '(\w+)-(\w+)', '\2-\1'), regexp_match(customer, '^(\w)') FROM (VALUES ('cgw-abc'), ('x-y')) t(customer)
;;
SELECT "vpnConnectionId", regexp_replace("customerGatewayId", '^cgw-0*', '') FROM vpn_connections ORDER BY 1
;;
SELECT position('o' IN tags->>'Name'), strpos(tags->>'Name', 'vpn'), length(tags->>'Name') - length(replace(tags->>'Name', '-', '')) AS dashes FROM vpn_connections ORDER BY 3, 1, 2
;;
SELECT concat_ws(', ', VARIADIC ARRAY['a', 'b', NULL, 'c']), concat(VARIADIC ARRAY[1, 2])

;;
-- name: parse_ident
SELECT parse_ident('ec2.vpn_connections'), parse_ident('"Foo"."bar""x".Baz'), parse_ident('a.b junk', false)
