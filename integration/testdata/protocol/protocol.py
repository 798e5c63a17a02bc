"""The protocol flows through psycopg 3, as the vpnsql integration test runs
it against vpnsql and against PostgreSQL 15 (the printed output must be the
same):

    /usr/bin/python3 protocol.py DSN WATCH_DSN

DSN goes through the test's recording proxy; WATCH_DSN reaches the server
directly, to see when a statement runs. Each printed line is
"flow: what happened".
"""

import sys
import threading
import time
from decimal import Decimal
from datetime import datetime, timezone, timedelta

import psycopg
from psycopg.types.json import Jsonb

dsn, watch_dsn = sys.argv[1], sys.argv[2]


def out(flow, *parts):
    print(flow + ": " + " ".join(str(p) for p in parts), flush=True)


def error(e):
    d = e.diag
    return "%s %s %s" % (d.severity_nonlocalized, e.sqlstate, d.message_primary)


def show(v):
    """A value with its Python type, as psycopg loaded it."""
    if isinstance(v, datetime):
        return "datetime:" + v.astimezone(timezone.utc).isoformat()
    return "%s:%r" % (type(v).__name__, v)


def rows(cur):
    names = [c.name for c in cur.description] if cur.description else []
    return ",".join(names) + " -> " + " ; ".join(",".join(show(v) for v in r) for r in cur.fetchall())


conn = psycopg.connect(dsn, autocommit=True)
conn.add_notice_handler(lambda d: out("notice", d.severity_nonlocalized, d.sqlstate, d.message_primary))


def simple():
    # No parameters: one simple Query message holding three statements.
    cur = conn.execute("SELECT 1 AS one; SELECT 'two' AS two, 2.5 AS half; VALUES (3, 'three'), (4, 'four')")
    while True:
        out("simple", rows(cur))
        if not cur.nextset():
            break


def extended():
    # %s parameters go in text, %b in binary; a binary cursor asks for
    # binary results.
    q = "SELECT %s::int4 + 1 AS n, upper({0}) AS s, {0}::numeric * 2 AS d, {0}::int4 IS NULL AS isnull"
    params = (41, "abc", Decimal("1.25"), None)
    out("extended", "text", rows(conn.execute(q.format("%s"), params)))
    out("extended", "binary params", rows(conn.execute(q.format("%b"), params)))
    with conn.cursor(binary=True) as cur:
        out("extended", "binary results", rows(cur.execute(q.format("%s"), params)))


def prepared():
    # prepare=True: Parse once as _pg3_0, then Bind/Execute.
    for i in range(1, 5):
        out("prepared", rows(conn.execute("SELECT %s::int8 * 2 AS doubled", (i,), prepare=True)))


def transaction():
    # A transaction block (BEGIN/COMMIT through the extended protocol),
    # rows fetched a few at a time on the client.
    with conn.transaction():
        cur = conn.execute("SELECT g AS n, 'row ' || g AS label FROM generate_series(1, %s) g", (8,))
        got = []
        while True:
            batch = cur.fetchmany(3)
            if not batch:
                break
            got.append(",".join("%d=%s" % r for r in batch))
        out("transaction", " | ".join(got), conn.info.transaction_status.name)
    out("transaction", "after commit", conn.info.transaction_status.name)


def errors():
    for q in ["SELECT 1/n FROM generate_series(0, 0) n", "SELECT 1 AS after_error", "SELEC 1", "BEGIN",
              "SELECT 1/n FROM generate_series(0, 0) n", "SELECT 1 AS in_failed_block", "ROLLBACK", "SELECT 2 AS after_rollback"]:
        try:
            cur = conn.execute(q)
            out("errors", q, "->", rows(cur) if cur.description else cur.statusmessage)
        except psycopg.Error as e:
            out("errors", q, "->", error(e), conn.info.transaction_status.name)
    try:
        conn.execute("SELECT %s::int4 AS n", ("abc",))
        out("errors", "bad parameter accepted")
    except psycopg.Error as e:
        out("errors", "bad parameter ->", error(e))


def wait_active(query):
    with psycopg.connect(watch_dsn, autocommit=True) as w:
        for _ in range(500):
            n = w.execute("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = %s", (query,)).fetchone()[0]
            if n > 0:
                return
            time.sleep(0.02)
    raise RuntimeError("the statement never showed up in pg_stat_activity")


def cancel():
    def canceller():
        wait_active("SELECT pg_sleep(10)")
        conn.cancel()

    th = threading.Thread(target=canceller)
    th.start()
    start = time.monotonic()
    try:
        conn.execute("SELECT pg_sleep(10)")
        out("cancel", "statement completed")
    except psycopg.errors.QueryCanceled as e:
        out("cancel", type(e).__name__, error(e))
    th.join()
    out("cancel", "ended early", time.monotonic() - start < 8)
    # PostgreSQL signals a cancelled backend twice (the process, then its
    # process group); under load the second signal can come late and cancel
    # the next statement. Idle, it is ignored.
    time.sleep(0.3)
    out("cancel", rows(conn.execute("SELECT 'still usable' AS after")))


def timeout():
    conn.execute("SET statement_timeout = 200")
    try:
        conn.execute("SELECT pg_sleep(5)")
        out("timeout", "statement completed")
    except psycopg.errors.QueryCanceled as e:
        out("timeout", error(e))
    conn.execute("RESET statement_timeout")
    out("timeout", rows(conn.execute("SHOW statement_timeout")))


def notices():
    for q in ["BEGIN", "BEGIN", "COMMIT", "COMMIT", "ROLLBACK"]:
        out("notices", q, "->", conn.execute(q).statusmessage)


def empty():
    for q in ["-- ping", ""]:
        try:
            cur = conn.execute(q)
            out("empty", repr(q), "->", psycopg.pq.ExecStatus(cur.pgresult.status).name if cur.pgresult else None, cur.statusmessage)
        except psycopg.Error as e:
            out("empty", repr(q), "->", type(e).__name__, e)


def values():
    # Parameters in, values out, in text and in binary, both ways.
    q = ("SELECT {0}::int4 AS i4, {0}::int8 AS i8, {0}::numeric AS num, {0}::bool AS b, {0}::text AS t, "
         "{0}::jsonb AS j, {0}::timestamptz AS ts, {0}::int4[] AS ia, {0}::text[] AS ta")
    params = (-2147483648, 9007199254740993, Decimal("-12345678901234567890.000123"), True,
              "héllo, 'wörld' \\ \"x\"", Jsonb({"b": [1, 2.5, None], "a": {"k": "v"}}),
              datetime(2024, 2, 29, 12, 34, 56, 789012, tzinfo=timezone(timedelta(hours=5, minutes=30))),
              [1, None, -3], ["a", "b c", None, "NULL", "{x}"])
    for pfmt in ("%s", "%b"):
        for binary in (False, True):
            with conn.cursor(binary=binary) as cur:
                cur.execute(q.format(pfmt), params)
                out("values", "params", pfmt, "binary results" if binary else "text results", rows(cur))
    lit = ("SELECT 42 AS i4, 'NaN'::numeric AS nan, 0.100::numeric AS scaled, false AS b, "
           "'{\"z\": 1, \"a\": [true]}'::jsonb AS j, timestamptz '1999-12-31 23:59:59.5+00' AS ts, "
           "ARRAY[1, 2] AS arr, '{}'::text[] AS empty, NULL::int4 AS nothing")
    for binary in (False, True):
        with conn.cursor(binary=binary) as cur:
            out("values", "literals", "binary" if binary else "text", rows(cur.execute(lit)))


for flow in (simple, extended, prepared, transaction, errors, cancel, timeout, notices, empty, values):
    flow()
conn.close()
