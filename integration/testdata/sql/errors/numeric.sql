-- Errors of numeric NaN, Infinity and -Infinity, as numeric.c's
-- special-value branches raise them (value/numeric_special.go).
SELECT sqrt('-Infinity'::numeric)
;;
SELECT ln('-Infinity'::numeric)
;;
SELECT log(0::numeric, 'Infinity'::numeric)
;;
SELECT log('Infinity'::numeric, -3::numeric)
;;
SELECT power('-Infinity'::numeric, 2.5)
;;
SELECT power(0::numeric, '-Infinity'::numeric)
;;
SELECT 'Infinity'::numeric / 0
;;
SELECT 'Infinity'::numeric % 0
;;
SELECT div('-Infinity'::numeric, 0)
;;
SELECT 'Infinity'::numeric::int4
;;
SELECT '-Infinity'::numeric::int2
;;
SELECT 'NaN'::numeric::int8
;;
SELECT 'Infinity'::numeric::numeric(5,2)
;;
SELECT '-Infinity'::float8::numeric(5,2)
;;
SELECT width_bucket('NaN'::numeric, 0, 10, 5)
;;
SELECT width_bucket(5::numeric, 0, 'Infinity'::numeric, 5)
;;
SELECT width_bucket(5::float8, '-Infinity'::float8, 10, 5)
;;
SELECT to_char('NaN'::numeric, 'RN')
;;
SELECT exp(power(123456789.123456789, 1e3))
;;
SELECT power(123456789.123456789, 1e3)::float8
;;
SELECT 1e-400::numeric::float8
;;
SELECT 1.5::numeric::oid
