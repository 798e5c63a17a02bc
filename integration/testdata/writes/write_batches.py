"""psycopg2 against vpnsql's transaction rule for writes, as the
integration test runs it:

    /usr/bin/python3 write_batches.py DSN VPN1 VPN2

Each line it prints is "key value"; the Go test reads them.
"""
import json
import sys

import psycopg2

dsn, vpn1, vpn2 = sys.argv[1:4]

conn = psycopg2.connect(dsn)
conn.autocommit = True
cur = conn.cursor()

# executemany sends one Query message per row: each write runs alone.
cur.executemany(
    "UPDATE vpn_connections SET tags = tags || %s WHERE \"vpnConnectionId\" = %s",
    [(json.dumps({"Many": "yes"}), vpn1), (json.dumps({"Many": "yes"}), vpn2)])
print("executemany", cur.rowcount)

# Two statements in one execute are one Query message: refused.
try:
    cur.execute("UPDATE vpn_connections SET tags = tags || '{\"Many\": \"no\"}' WHERE \"vpnConnectionId\" = %s; SELECT 1", (vpn1,))
    print("multi-statement ran")
except psycopg2.Error as e:
    print("multi-statement", e.pgcode)

# A write function called once per row that WHERE selects.
cur.execute(
    "SELECT r.\"vpnConnectionId\" FROM vpn_connections v, "
    "ec2.vpn_connection_options_modify(v.\"vpnConnectionId\", '{\"remoteIpv4NetworkCidr\": \"10.66.0.0/16\"}') r "
    "WHERE v.\"vpnConnectionId\" = ANY(%s) ORDER BY 1", ([vpn1, vpn2, "vpn-0123456789abcdef0"],))
print("per-row", ",".join(r[0] for r in cur.fetchall()))
conn.close()
