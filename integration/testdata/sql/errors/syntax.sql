-- Syntax errors: 42601 with the cursor position.
SELECT 1 +
;;
SELECT FROM WHERE
;;
SELEC 1
;;
SELECT * FROM vpn_connections WHERE
;;
SELECT region FROM vpn_connections ORDER region
;;
SELECT 'unterminated
;;
SELECT "unterminated
;;
SELECT (1 + 2
;;
SELECT 1 + 2)
;;
SELECT region,, state FROM vpn_connections
;;
SELECT * FROM vpn_connections LIMIT
;;
SELECT * FROM vpn_connections GROUP region
;;
SELECT CASE WHEN 1 THEN END
;;
SELECT ARRAY[1, 2
;;
SELECT region FROM vpn_connections WHERE region = 'a' AND
;;
-- xfail: no position: pg_query's tree has no location for a parenthesized subquery in FROM (PostgreSQL points at the parenthesis, 15)
SELECT * FROM (SELECT 1)
;;
SELECT jsonb_path_query('{}', '$.a[')
;;
SELECT $1 +
;;
SELECT 1; SELEC 2
;;
SELECT * FROM vpn_connections WHERE region IN ()
;;
WITH x AS SELECT 1 SELECT * FROM x
;;
SELECT 1 UNION
;;
SELECT 1e
;;
-- xfail: pg_query parses with PostgreSQL 17's grammar, which reads 0x as a hexadecimal integer ("invalid hexadecimal integer"); 15 says "trailing junk after numeric literal"
SELECT 0x
;;
SELECT count(*) FILTER (region = 'x') FROM vpn_connections
;;
SELECT 'é' +
;;
SELECT x FROM generate_series(1, 3) x FETCH FIRST 1 ROWS WITH TIES
;;
SELECT x FROM generate_series(1, 3) x ORDER BY x FETCH FIRST NULL ROWS WITH TIES
;;
SELECT x FROM generate_series(1, 3) x ORDER BY x FETCH FIRST -1 ROWS WITH TIES
