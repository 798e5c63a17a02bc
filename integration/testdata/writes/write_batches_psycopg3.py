"""psycopg 3 against vpnsql's transaction rule for writes, as the
integration test runs it:

    /usr/bin/python3 write_batches_psycopg3.py DSN VPN1 VPN2

Each line it prints is "key value"; the Go test reads them.
"""
import json
import sys

import psycopg

dsn, vpn1, vpn2 = sys.argv[1:4]
sql = "UPDATE vpn_connections SET tags = tags || %s::jsonb WHERE \"vpnConnectionId\" = %s"

with psycopg.connect(dsn, autocommit=True) as conn:
    cur = conn.cursor()
    # executemany is a pipeline: every row's Bind/Execute, one Sync.
    try:
        cur.executemany(sql, [(json.dumps({"Three": "no"}), vpn1), (json.dumps({"Three": "no"}), vpn2)])
        print("executemany ran")
    except psycopg.Error as e:
        print("executemany", e.sqlstate)
    # A loop of execute sends each row alone.
    for vpn in (vpn1, vpn2):
        cur.execute(sql, (json.dumps({"Three": "loop"}), vpn))
    print("loop", cur.rowcount)
    # With the setting, executemany runs; the rows before the last warn.
    warnings = []
    conn.add_notice_handler(lambda d: warnings.append(d.message_primary))
    cur.execute("SET vpnsql.writes_in_transaction = immediate")
    cur.executemany(sql, [(json.dumps({"Three": "immediate"}), vpn1), (json.dumps({"Three": "immediate"}), vpn2)])
    print("immediate", len(warnings), warnings[0] if warnings else "")
