-- Signalling and advisory lock functions a single session can compare
-- with PostgreSQL 15 (integration/backends_test.go runs two sessions).
SELECT pg_cancel_backend(999999) AS no_such_backend, pg_terminate_backend(999999, 10) AS no_such_backend2
;;
SELECT pg_try_advisory_lock(1) AS a, pg_try_advisory_lock(1) AS again, pg_advisory_unlock(1) AS u1, pg_advisory_unlock(1) AS u2, pg_advisory_unlock(1) AS u3
;;
SELECT pg_try_advisory_lock_shared(2, 3) AS a, pg_advisory_unlock_shared(2, 3) AS b, pg_advisory_unlock(2, 3) AS c
;;
SELECT pg_try_advisory_xact_lock(4) AS a, pg_try_advisory_xact_lock_shared(4) AS b, pg_advisory_unlock(4) AS c
;;
SELECT pg_advisory_lock(5) AS a, pg_advisory_xact_lock(6) AS b, pg_advisory_unlock_all() AS c, pg_advisory_unlock(5) AS d
