"""Runs pgcli's completion refresh against a server, as pgcli does after
connecting, and prints what it learned and what it then completes:

    /usr/bin/python3 pgcli_refresh.py HOST PORT

Each refresher query goes through pgcli's own PGExecute (psycopg 3); the
results are fed into a PGCompleter by pgcli's own refreshers, which is
then asked for completions of typed text. pgspecial's \\dt and \\d run
through PGExecute.run as pgcli runs them.
"""
import sys

from pgcli.completion_refresher import CompletionRefresher
from pgcli.pgcompleter import PGCompleter
from pgcli.pgexecute import PGExecute
from pgspecial.main import PGSpecial
from prompt_toolkit.document import Document

ex = PGExecute(database="aws", user="vpnsql", host=sys.argv[1], port=sys.argv[2])


def show(name, fn):
    print("## " + name)
    try:
        for row in fn():
            print(repr(row))
    except Exception as e:  # the difference is the point
        print("error", type(e).__name__, str(e).strip())
        ex.conn.rollback()


show("search_path", lambda: ex.search_path())
show("schemata", lambda: ex.schemata())
show("tables", lambda: ex.tables())
show("views", lambda: ex.views())
show("table_columns", lambda: ex.table_columns())
show("view_columns", lambda: ex.view_columns())
show("foreignkeys", lambda: ex.foreignkeys())
show("datatypes", lambda: ex.datatypes())
show("databases", lambda: ex.databases())
# The same, restricted to the user's schemas (ec2, public): what a user
# completes.
user = ("ec2", "public")
show("schemata(user)", lambda: [s for s in ex.schemata() if s in user])
show("tables(user)", lambda: [r for r in ex.tables() if r[0] in user])
show("views(user)", lambda: [r for r in ex.views() if r[0] in user])
show("table_columns(user)", lambda: [r for r in ex.table_columns() if r[0] in user])
show("view_columns(user)", lambda: [r for r in ex.view_columns() if r[0] in user])
show("datatypes(user)", lambda: [r for r in ex.datatypes() if r[0] in user])
show("functions(ec2, public)", lambda: [f for f in ex.functions() if f.schema_name in ("ec2", "public")])
show("functions(count)", lambda: [len(list(ex.functions())) > 0])

special = PGSpecial()
completer = PGCompleter(smart_completion=True, pgspecial=special)
for name, refresh in CompletionRefresher.refreshers.items():
    refresh(completer, ex)

for text in ["SELECT * FROM vpn", "SELECT * FROM ec2.", "SELECT * FROM vpn_connections WHERE st",
             "SELECT st", "SELECT  FROM vpn_connections", "INSERT INTO vpn_connections (",
             "\\d vpn", "SELECT * FROM vpn_connections v JOIN "]:
    print("## complete " + text)
    cursor = len(text) - len(" FROM vpn_connections") if text == "SELECT  FROM vpn_connections" else len(text)
    doc = Document(text=text, cursor_position=cursor)
    got = sorted({c.text for c in completer.get_completions(doc, None)})
    # Keywords are pgcli's own list and functions come from pg_proc, which
    # vpnsql fills only with the functions it has: keep relations, schemas
    # and columns.
    print([c for c in got if "(" not in c and any(k in c.lower() for k in ("vpn", "ec2", "state", "cust", "region", "tag"))])

for cmd in ["\\dt", "\\d vpn_connections", "\\dn", "\\di", "\\l"]:
    print("## run " + cmd)
    try:
        for title, rows, headers, status, *_ in ex.run(cmd, pgspecial=special):
            print("title:", title)
            print("headers:", headers)
            for r in rows or []:
                print(repr(tuple(r)))
            print("status:", status)
    except Exception as e:
        print("error", type(e).__name__, str(e).strip())
