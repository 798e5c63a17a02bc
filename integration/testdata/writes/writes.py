"""Writes through psycopg2, as the vpnsql integration test runs it:

    /usr/bin/python3 writes.py DSN CUSTOMER_GATEWAY VPN_GATEWAY

Each line it prints is "key value"; the Go test reads them.
"""
import json
import sys

import psycopg2
import psycopg2.errors

dsn, cgw, vgw = sys.argv[1:4]

conn = psycopg2.connect(dsn)
# psycopg2 opens a transaction block before the first statement: a write
# there is refused, since ROLLBACK could not undo it.
cur = conn.cursor()
try:
    cur.execute("DELETE FROM vpn_connections WHERE \"vpnConnectionId\" = %s", ("vpn-0123456789abcdef0",))
except psycopg2.Error as e:
    print("in-transaction", e.pgcode)
conn.rollback()

conn.autocommit = True
cur = conn.cursor()
cur.execute(
    'INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", tags, options) '
    "VALUES (%s, %s, %s, %s, %s) RETURNING \"vpnConnectionId\", state, tags->>'Name'",
    (cgw, "ipsec.1", vgw, json.dumps({"Name": "from-psycopg2"}),
     json.dumps({"tunnelOptionSet": [{"dpdTimeoutSeconds": 40}]})))
vid, state, name = cur.fetchone()
print("inserted", vid, state, name, cur.rowcount)

cur.execute(
    "UPDATE vpn_connections SET tags = tags || %s WHERE \"vpnConnectionId\" = %s RETURNING tags->>'Env'",
    (json.dumps({"Env": "test"}), vid))
print("updated", cur.rowcount, cur.fetchone()[0])

try:
    cur.execute("UPDATE vpn_connections SET state = 'deleted' WHERE \"vpnConnectionId\" = %s", (vid,))
except psycopg2.Error as e:
    print("refused", e.pgcode)

cur.execute("DELETE FROM vpn_connections WHERE \"vpnConnectionId\" = %s", (vid,))
print("deleted", cur.rowcount)
conn.close()
