"""The gateway pair index through psycopg2, as the vpnsql integration test
runs it:

    /usr/bin/python3 unique.py DSN CUSTOMER_GATEWAY VPN_GATEWAY

Each line it prints is "key value..."; the Go test reads them.
"""
import sys

import psycopg2

dsn, cgw, vgw = sys.argv[1:4]
conn = psycopg2.connect(dsn)
conn.autocommit = True
cur = conn.cursor()
INSERT = 'INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES (%s, %s, %s)'
cur.execute(INSERT + ' RETURNING "vpnConnectionId"', (cgw, "ipsec.1", vgw))
print("inserted", cur.fetchone()[0], cur.rowcount)
try:
    cur.execute(INSERT, (cgw, "ipsec.1", vgw))
    print("duplicate", "no error")
except psycopg2.Error as e:
    print("duplicate", e.pgcode, e.diag.constraint_name, e.diag.table_name, e.diag.schema_name)
    print("detail", e.diag.message_detail)
cur.execute(INSERT + " ON CONFLICT DO NOTHING", (cgw, "ipsec.1", vgw))
print("on-conflict", cur.rowcount, cur.statusmessage)
conn.close()
