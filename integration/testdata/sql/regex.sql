-- PostgreSQL's AREs beyond RE2: back-references, lookahead and lookbehind
-- constraints, word anchors, directors and embedded options; they run on
-- the backtracking engine, the rest on RE2.
SELECT 'aa' ~ '(a)\1', 'ab' ~ '(a)\1', 'abcabc' ~ '^(abc)\1$', 'AbcAbc' ~* '(abc)\1', 'aa' !~ '(a)\1'
;;
SELECT regexp_match('abab', '(ab)\1'), regexp_match('xyzxyz!', '(\w+)\1(!)'), regexp_match('abc', '(x)?b')
;;
SELECT regexp_matches('abab cdcd efgh', '(\w)(\w)\1\2', 'g')
;;
SELECT regexp_replace('hello  world  again', '(\w+)\s+\1', 'X'), regexp_replace('aabbcc', '(.)\1', '<\1>', 'g')
;;
SELECT 'foobar' ~ 'foo(?=bar)', 'foobaz' ~ 'foo(?=bar)', 'foobar' ~ 'foo(?!bar)', 'foobaz' ~ 'foo(?!bar)'
;;
SELECT regexp_replace('price: 100, qty: 7', '(?<=: )\d+', 'N', 'g'), regexp_replace('x1 2', '(?<![a-z])\d', 'N', 'g')
;;
SELECT regexp_split_to_array('a1b22c333', '(?<=\d)(?=[a-z])'), substring('foobar' from '(o)\1(b)')
;;
SELECT regexp_replace('foo bar baz', '\mb', 'B', 'g'), regexp_replace('foo bar', 'o\M', '0'), regexp_replace('one two', '[[:<:]]t', 'T')
;;
SELECT 'ABC' ~ '(?i)abc', 'ABC' ~ '***:(?i)abc', 'a.c' ~ '***=a.c', 'abc' ~ '***=a.c', 'ab' ~ '(?x) a  b  # spaced'
;;
SELECT E'a\nb' ~ 'a.b', E'a\nb' ~ '(?n)a.b', E'a\nb' ~ '(?n)^b$', E'a\nb' ~ '^b$', E'ab\n' ~ 'b$'
;;
SELECT regexp_replace('Hello World', '(?i)(L)\1', '_'), regexp_match('HELLO', 'l+', 'i'), regexp_replace('a.b.c', '.', '-', 'gq')
;;
SELECT "vpnConnectionId", regexp_replace("vpnConnectionId", '^vpn-(.)\1*', 'vpn-*') FROM vpn_connections ORDER BY 1
;;
SELECT region, region ~ '^(\w+)-(?=\w+-\d$)' FROM vpn_connections ORDER BY "vpnConnectionId"
