-- Dates, times and intervals (the session time zone is UTC).
SELECT '2024-05-14'::date, '2024-05-14 09:21:03'::timestamp, '2024-05-14 09:21:03+02'::timestamptz, '2024-05-14T09:21:03Z'::timestamptz, '2024-05-14 09:21:03.123456'::timestamp
;;
SELECT '1 day'::interval, '1 day 2 hours 3 minutes'::interval, '90 minutes'::interval, '36 hours'::interval, '1 year 2 months'::interval, '-1 day'::interval, '1.5 days'::interval, '2 weeks'::interval, 'PT1H'::interval
;;
SELECT '00:00:01'::interval, '1:30'::interval, '100 seconds'::interval, '0.5 seconds'::interval, '-1 days +02:00:00'::interval, '@ 1 minute ago'::interval, interval '3 days', interval '1' day
;;
SELECT date '2024-05-14' + 1, date '2024-05-14' - 1, date '2024-05-14' - date '2024-01-01', date '2024-03-01' - interval '1 day', date '2024-05-14' + interval '1 hour', date '2024-01-31' + interval '1 month'
;;
SELECT timestamp '2024-05-14 10:00' + interval '1 day 2 hours', timestamptz '2024-05-14 10:00+00' - interval '30 minutes', timestamptz '2024-05-14 10:00+00' - timestamptz '2024-05-13 08:30+00', timestamp '2024-05-14' - timestamp '2024-05-01'
;;
SELECT interval '1 day' + interval '2 hours', interval '1 day' - interval '36 hours', interval '2 hours' * 3, interval '1 hour' / 2, -interval '1 day', interval '1 month' > interval '29 days', interval '24 hours' = interval '1 day'
;;
SELECT date_trunc('month', timestamptz '2024-05-14 09:21:03+00'), date_trunc('day', timestamp '2024-05-14 09:21:03'), date_trunc('hour', timestamptz '2024-05-14 09:21:03.5+00'), date_trunc('week', date '2024-05-16'), date_trunc('year', timestamp '2024-05-14'), date_trunc('quarter', timestamp '2024-05-14'), date_trunc('minute', timestamp '2024-05-14 09:21:59')
;;
SELECT extract(year FROM timestamptz '2024-05-14 09:21:03.5+00'), extract(month FROM date '2024-05-14'), extract(day FROM timestamp '2024-05-14 09:00'), extract(hour FROM timestamptz '2024-05-14 09:21:03+00'), extract(minute FROM timestamp '2024-05-14 09:21:03'), extract(second FROM timestamp '2024-05-14 09:21:03.5')
;;
SELECT extract(epoch FROM timestamptz '2024-05-14 09:21:03.5+00'), extract(dow FROM date '2024-05-14'), extract(isodow FROM date '2024-05-19'), extract(doy FROM date '2024-12-31'), extract(week FROM date '2024-01-01'), extract(quarter FROM date '2024-05-14'), extract(epoch FROM interval '1 day 1 hour')
;;
SELECT date_part('year', timestamp '2024-05-14'), date_part('dow', date '2024-05-14'), date_part('epoch', timestamptz '2024-05-14 00:00+00'), date_part('hour', interval '3 hours 20 minutes'), extract(day FROM interval '40 days'), extract(month FROM interval '14 months')
;;
SELECT age(timestamptz '2024-05-14', timestamptz '2023-02-20'), age(timestamp '2024-03-01', timestamp '2024-01-31'), age(date '2024-05-14', date '2024-05-14'), age(timestamp '2020-01-01', timestamp '2024-06-15 12:00')
;;
SELECT to_timestamp(1715678463), to_timestamp(0), to_timestamp(1715678463.5), to_timestamp('2024-05-14 09:21', 'YYYY-MM-DD HH24:MI'), to_date('14/05/2024', 'DD/MM/YYYY')
;;
SELECT to_char(timestamptz '2024-05-14 09:21:03+00', 'YYYY-MM-DD HH24:MI:SS'), to_char(date '2024-05-14', 'Mon DD, YYYY'), to_char(1234.5, '9999.99'), to_char(42, 'FM000')
;;
SELECT "vpnConnectionId", (t->>'lastStatusChange')::timestamptz AS changed FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t ORDER BY 2, 1
;;
SELECT "vpnConnectionId", max((t->>'lastStatusChange')::timestamptz) AS last_change, min((t->>'lastStatusChange')::timestamptz)::date AS first_day FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t GROUP BY 1 ORDER BY 1
;;
SELECT date_trunc('month', (t->>'lastStatusChange')::timestamptz) AS month, count(*) FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t GROUP BY 1 ORDER BY 1
;;
SELECT "vpnConnectionId", extract(epoch FROM (t->>'lastStatusChange')::timestamptz)::bigint, extract(dow FROM (t->>'lastStatusChange')::timestamptz) FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t WHERE t->>'status' = 'DOWN' ORDER BY 1, 2
;;
SELECT "vpnConnectionId", max((t->>'lastStatusChange')::timestamptz) - min((t->>'lastStatusChange')::timestamptz) AS spread FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t GROUP BY 1 ORDER BY 1
;;
SELECT count(*) FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t WHERE (t->>'lastStatusChange')::timestamptz > timestamptz '2025-10-01' AND (t->>'lastStatusChange')::timestamptz < now()
;;
SELECT now() = current_timestamp, now() = statement_timestamp(), current_date = now()::date, pg_typeof(now()), pg_typeof(current_date), pg_typeof(localtimestamp), pg_typeof(clock_timestamp()), now() <= clock_timestamp()
;;
SELECT current_timestamp > timestamptz '2020-01-01', localtimestamp > timestamp '2020-01-01', current_date > date '2020-01-01', age(now()) < interval '1 second', now() - interval '1 hour' < now()
;;
SELECT '2024-02-29'::date + interval '1 year', '2024-01-31'::timestamp + interval '1 month', '2024-03-31'::date - interval '1 month', '2023-12-31 23:59:59'::timestamp + interval '1 second'
;;
SELECT timestamptz '2024-05-14 09:21:03.000001+00', timestamptz '2024-05-14 09:21:03.10+00', timestamp '2024-05-14 00:00:00', '2024-05-14 09:21:03.5-05:30'::timestamptz, 'epoch'::timestamptz, 'epoch'::date
;;
SELECT date '2024-05-14' < date '2024-06-01', timestamp '2024-05-14' = date '2024-05-14', timestamptz '2024-05-14 00:00+00' = timestamp '2024-05-14', date '2024-05-14' BETWEEN date '2024-01-01' AND date '2024-12-31'
;;
SELECT d::date FROM generate_series(timestamp '2024-01-30', timestamp '2024-02-02', interval '1 day') d
;;
SELECT g FROM generate_series(timestamptz '2024-05-14 00:00+00', timestamptz '2024-05-14 03:00+00', interval '90 minutes') g
;;
SELECT '2024-05-14 09:21:03'::timestamp::date, '2024-05-14'::date::timestamp, '2024-05-14'::date::timestamptz, '2024-05-14 09:21:03+00'::timestamptz::timestamp, '2024-05-14 23:30:00+00'::timestamptz::date, '2024-05-14 09:21:03'::timestamp::time
;;
SELECT make_date(2024, 5, 14), make_interval(days => 3), make_timestamp(2024, 5, 14, 9, 21, 3.5), justify_hours(interval '27 hours'), justify_days(interval '35 days'), isfinite(date '2024-05-14')
;;
SELECT x, date '2024-01-01' + x AS d, to_char(date '2024-01-01' + x, 'Dy') FROM generate_series(0, 6) x ORDER BY x
;;
SELECT extract(century FROM date '2024-05-14'), extract(decade FROM date '2024-05-14'), extract(millennium FROM date '2024-05-14'), extract(milliseconds FROM time '00:00:01.5'), extract(microseconds FROM timestamp '2024-05-14 00:00:01.5')
;;
SELECT interval '1 day 2 hours' * 1.5, interval '3 days' / 4, interval '1 hour' * 2.5, 2 * interval '1 minute', interval '1 year' / 12
;;
SELECT justify_interval(interval '1 month -1 hour'), interval '1 mon 30 days' = interval '2 mons', interval '-1 hour', interval '1 day -1 hour', interval '-1 day 1 hour', interval '1.25 hours'
;;
SELECT date_trunc('day', (t->>'lastStatusChange')::timestamptz) AS day, count(*) FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t GROUP BY 1 ORDER BY 1 LIMIT 5
;;
SELECT to_char((t->>'lastStatusChange')::timestamptz, 'YYYY-MM-DD"T"HH24:MI') AS changed, "vpnConnectionId" FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t ORDER BY 1, 2
;;
SELECT extract(year FROM (t->>'lastStatusChange')::timestamptz) AS y, extract(month FROM (t->>'lastStatusChange')::timestamptz) AS m, count(*) FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t GROUP BY 1, 2 ORDER BY 1, 2
;;
SELECT timestamptz '2024-05-14 09:21:03+00' AT TIME ZONE 'UTC', timestamp '2024-05-14 09:21:03' AT TIME ZONE 'UTC'
;;
SELECT date '2024-05-14' - 30, date '2024-03-01' - date '2024-02-01', (date '2024-05-14' + time '10:30')::text
;;
SELECT interval '1 day' * 0.5, interval '90 minutes' / 60, sum(interval '1 hour') FROM generate_series(1, 3)
;;
SELECT max(interval '1 day'), min(interval '2 hours'), avg(interval '1 hour') FROM generate_series(1, 2)
;;
-- Interval and timestamp arithmetic just inside the types' range.
SELECT interval '2147483646 days' + interval '1 day', interval '1073741823 days' * 2, interval '1 month' * 1.5, timestamp '294276-12-30' + interval '1 day'
