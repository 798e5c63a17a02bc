"""Runs queries through psycopg 3 and prints descriptions and rows:

    /usr/bin/python3 psycopg3_probe.py CONNINFO
"""
import sys

import psycopg
from psycopg.types import TypeInfo

conn = psycopg.connect(sys.argv[1])


def show(name, sql, params=None, binary=False, prepare=None):
    print("## " + name)
    try:
        with conn.cursor(binary=binary) as cur:
            cur.execute(sql, params, prepare=prepare)
            for d in cur.description:
                print("column", d.name, d.type_code, d.display_size, d.internal_size, d.precision, d.scale)
            for row in cur.fetchall():
                print(repr(row))
    except psycopg.Error as e:
        print("error", e.sqlstate, str(e).splitlines()[0])
        conn.rollback()


print("## info")
print(conn.info.server_version, conn.info.dbname, conn.info.user,
      [conn.info.parameter_status(p) for p in ("client_encoding", "DateStyle", "integer_datetimes",
                                                "IntervalStyle", "standard_conforming_strings", "TimeZone")])
show("parameterised", 'SELECT "vpnConnectionId", state, options, tags FROM vpn_connections WHERE region = %s ORDER BY 1', ["eu-west-1"])
show("binary cursor", 'SELECT "vpnConnectionId", "vgwTelemetry", 1::int4 AS one, count(*) OVER () AS n FROM vpn_connections WHERE state = %s ORDER BY 1', ["available"], binary=True)
show("prepared, first", "SELECT count(*) FROM vpn_connections WHERE region = %s", ["us-east-1"], prepare=True)
show("prepared, second", "SELECT count(*) FROM vpn_connections WHERE region = %s", ["eu-west-1"], prepare=True)
show("no parameters", "SELECT 1 AS one, 'x'::text AS x, NULL::jsonb AS j")
show("any", 'SELECT "vpnConnectionId" FROM vpn_connections WHERE "vpnConnectionId" = ANY(%s) ORDER BY 1',
     [["vpn-00d81040d4ad010c0", "vpn-nope"]])
show("error", "SELECT * FROM nonexistent_table")
conn.commit()
for name in ["jsonb", "text", "_text", "vpn_connections", "ec2.vpn_connections"]:
    print("## TypeInfo.fetch " + name)
    info = TypeInfo.fetch(conn, name)
    print(None if info is None else (info.name, info.oid, info.array_oid, info.regtype, info.delimiter))
conn.commit()


def server_cursor(name, sql, params=None, binary=False, withhold=False):
    """A named (server-side) cursor: DECLARE with the parameters bound,
    the portal described, rows fetched in steps of two (FETCH FORWARD)."""
    print("## server cursor " + name)
    try:
        with conn.cursor(name=name, binary=binary, withhold=withhold) as cur:
            cur.itersize = 2
            cur.execute(sql, params)
            if withhold:
                conn.commit()
            print([(d.name, d.type_code) for d in cur.description])
            print(repr(cur.fetchone()))
            print(repr(cur.fetchmany(2)))
            for row in cur:
                print(repr(row))
        conn.commit()
    except psycopg.Error as e:
        print("error", e.sqlstate, str(e).splitlines()[0])
        conn.rollback()


server_cursor("by_region", 'SELECT "vpnConnectionId", state, tags FROM vpn_connections WHERE region = %s ORDER BY 1', ["us-east-1"])
server_cursor("binary_cursor", 'SELECT "vpnConnectionId", 1::int4 AS one FROM vpn_connections ORDER BY 1', binary=True)
server_cursor("held", "SELECT region, count(*) FROM vpn_connections GROUP BY 1 ORDER BY 1", withhold=True)
server_cursor("failing", "SELECT 1 / (count(*) - count(*)) FROM vpn_connections")
