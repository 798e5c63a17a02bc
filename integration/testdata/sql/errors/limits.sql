-- Input nested past PostgreSQL 15's limits: 54001 stack depth limit
-- exceeded, with its max_stack_depth hint.
SELECT (repeat('[', 20000) || repeat(']', 20000))::jsonb
;;
SELECT (repeat('[', 15000) || repeat(']', 15000))::json IS NULL
;;
SELECT (repeat('{"a":', 14000) || '1' || repeat('}', 14000))::jsonb
;;
SELECT (repeat('1+', 19000) || '1')::jsonpath
;;
SELECT regexp_match('abc', 'b', 'g')
;;
-- A jsonb value built deeper than PostgreSQL converts it (a few levels
-- either side of its parser's line depend on the caller's stack; these
-- are well past it).
SELECT jsonb_typeof(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array((repeat('[', 14530) || repeat(']', 14530))::jsonb)))))))))))))))))))))))))))))))
;;
SELECT jsonb_typeof(jsonb_agg(x)) FROM (SELECT jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array((repeat('[', 14530) || repeat(']', 14530))::jsonb)))))))))))))))))))))))))))))) s(x)
;;
;;
-- Values over 1 GB are refused as PostgreSQL refuses them.
SELECT length(string_agg(repeat('y', 1000000), ',')) FROM generate_series(1, 2000)
;;
SELECT length(repeat('y', 1073741824))
;;
SELECT length(repeat('ab', 600000000))
;;
SELECT length(lpad('y', 300000000))
;;
SELECT length(rpad('y', 268435455, 'ab'))
;;
-- Interval and timestamp arithmetic past what the types hold: 22008.
SELECT interval '2147483647 days' * 2
;;
SELECT interval '2147483647 months' * 1.5
;;
SELECT interval '2147483647 days' + interval '1 day'
;;
SELECT interval '-2147483648 days' - interval '1 day'
;;
SELECT interval '9223372036 seconds' * 1000000
;;
SELECT interval '1 day' / 1e-300
;;
SELECT timestamp '294276-12-31' + interval '1 day'
;;
SELECT date '294276-12-31' + interval '1 day'
;;
SELECT make_interval(secs => 'NaN')
