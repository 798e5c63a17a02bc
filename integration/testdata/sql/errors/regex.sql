-- Regular expressions PostgreSQL refuses.
SELECT regexp_match('abc', 'b', 'g')
;;
SELECT 'a' ~ '(?z)a'
;;
SELECT 'a' ~ '(a'
;;
SELECT 'aa' ~ '(a)\1)'
;;
SELECT 'a' ~ '(a)\2'
;;
SELECT 'a' ~ '(a)\1[b'
;;
SELECT 'a' ~ '(a)\1{2,1}'
