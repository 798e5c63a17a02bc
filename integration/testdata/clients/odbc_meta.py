"""Prints what psqlODBC's catalog functions return, through pyodbc, as the
vpnsql client test runs it against PostgreSQL 15 and against vpnsql:

    /usr/bin/python3 odbc_meta.py CONNECTION_STRING TABLE,TABLE,...

Each result is printed as "## call", the cursor description (column name,
Python type, sizes, nullability), then one line per row. A failing call
prints its error instead.
"""
import sys

import pyodbc

conn = pyodbc.connect(sys.argv[1], autocommit=True)
TABLES = sys.argv[2].split(",")


def show(name, fn):
    print("## " + name)
    try:
        cur = fn()
    except pyodbc.Error as e:
        print("error", e.args[0], e.args[1] if len(e.args) > 1 else "")
        return
    for d in cur.description:
        print("column", d[0], d[1].__name__, d[2], d[3], d[4], d[5], d[6])
    n = 0
    for row in cur.fetchall():
        print("row:", " | ".join(repr(v) for v in row))
        n += 1
    print("(%d rows)" % n)


for info in ["SQL_DBMS_NAME", "SQL_DBMS_VER", "SQL_DATABASE_NAME", "SQL_USER_NAME",
             "SQL_IDENTIFIER_QUOTE_CHAR", "SQL_MAX_COLUMN_NAME_LEN", "SQL_MAX_TABLE_NAME_LEN",
             "SQL_MAX_SCHEMA_NAME_LEN", "SQL_CATALOG_NAME", "SQL_DEFAULT_TXN_ISOLATION"]:
    print("## getinfo " + info)
    try:
        print(conn.getinfo(getattr(pyodbc, info)))
    except pyodbc.Error as e:
        print("error", e.args[0])

cur = conn.cursor
show("SQLTables()", lambda: cur().tables())
show("SQLTables(schema=ec2)", lambda: cur().tables(schema="ec2"))
show("SQLTables(table=vpn_connections, schema=ec2, tableType=TABLE)",
     lambda: cur().tables(table="vpn_connections", schema="ec2", tableType="TABLE"))
show("SQLTables(tableType=VIEW)", lambda: cur().tables(tableType="VIEW"))
show("SQLTables(catalog=%)", lambda: cur().tables(catalog="%", schema="", table=""))
show("SQLTables(schema=%)", lambda: cur().tables(catalog="", schema="%", table=""))
show("SQLTables(tableType=%)", lambda: cur().tables(catalog="", schema="", table="", tableType="%"))
show("SQLColumns(vpn_connections, state)", lambda: cur().columns(table="vpn_connections", schema="ec2", column="state"))
for t in TABLES:
    show("SQLColumns(%s)" % t, lambda: cur().columns(table=t, schema="ec2"))
    show("SQLPrimaryKeys %s" % t, lambda: cur().primaryKeys(t, schema="ec2"))
    # pyodbc's table is SQLForeignKeys' PKTableName, foreignTable its FKTableName.
    show("SQLForeignKeys(pk=%s)" % t, lambda: cur().foreignKeys(table=t, schema="ec2"))
    show("SQLForeignKeys(fk=%s)" % t, lambda: cur().foreignKeys(foreignTable=t, foreignSchema="ec2"))
    show("SQLStatistics %s" % t, lambda: cur().statistics(t, schema="ec2"))
    show("SQLStatistics(unique) %s" % t, lambda: cur().statistics(t, schema="ec2", unique=True))
    show("SQLSpecialColumns(rowid) %s" % t, lambda: cur().rowIdColumns(t, schema="ec2"))
    show("SQLSpecialColumns(rowver) %s" % t, lambda: cur().rowVerColumns(t, schema="ec2"))
show("SQLProcedures", lambda: cur().procedures(schema="ec2"))
show("SQLGetTypeInfo", lambda: cur().getTypeInfo())
show("SQLGetTypeInfo(VARCHAR)", lambda: cur().getTypeInfo(pyodbc.SQL_VARCHAR))
show("query with a parameter",
     lambda: cur().execute('SELECT "vpnConnectionId", state, region, options, tags->>\'Name\' AS name '
                           'FROM vpn_connections WHERE state = ? ORDER BY 1', "available"))
show("query without parameters",
     lambda: cur().execute("SELECT count(*) AS n, region FROM ec2.vpn_connections GROUP BY region ORDER BY region"))
