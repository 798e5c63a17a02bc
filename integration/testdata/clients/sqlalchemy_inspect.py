"""Prints what SQLAlchemy's inspector (psycopg2 dialect) reports about a
server, as Superset and other SQLAlchemy tools call it:

    /usr/bin/python3 sqlalchemy_inspect.py postgresql+psycopg2://... TABLE,TABLE,...
"""
import sys

import sqlalchemy as sa

engine = sa.create_engine(sys.argv[1])
insp = sa.inspect(engine)


def show(name, fn):
    print("## " + name)
    try:
        v = fn()
    except Exception as e:  # the difference is the point
        print("error", type(e).__name__, str(e).splitlines()[0])
        return
    if isinstance(v, list):
        for item in v:
            print(repr(item))
    else:
        print(repr(v))


print("## dialect")
print(engine.dialect.server_version_info, engine.dialect.default_schema_name)
show("get_schema_names", insp.get_schema_names)
show("get_table_names(ec2)", lambda: insp.get_table_names(schema="ec2"))
show("get_table_names()", lambda: insp.get_table_names())
show("get_view_names(ec2)", lambda: insp.get_view_names(schema="ec2"))
for t in sys.argv[2].split(","):
    show("get_columns " + t, lambda: insp.get_columns(t, schema="ec2"))
    show("get_pk_constraint " + t, lambda: insp.get_pk_constraint(t, schema="ec2"))
    show("get_foreign_keys " + t, lambda: insp.get_foreign_keys(t, schema="ec2"))
    show("get_indexes " + t, lambda: insp.get_indexes(t, schema="ec2"))
    show("get_unique_constraints " + t, lambda: insp.get_unique_constraints(t, schema="ec2"))
    show("get_check_constraints " + t, lambda: insp.get_check_constraints(t, schema="ec2"))
    show("get_table_comment " + t, lambda: insp.get_table_comment(t, schema="ec2"))
    show("has_table " + t, lambda: [engine.dialect.has_table(c, t, schema="ec2") for c in [engine.connect()]])
show("get_columns(unqualified)", lambda: insp.get_columns("vpn_connections"))

print("## Table autoload and select")
meta = sa.MetaData()
t = sa.Table("vpn_connections", meta, schema="ec2", autoload_with=engine)
print([(c.name, repr(c.type), c.nullable, c.primary_key) for c in t.columns])
# Reflection follows the foreign keys: the referenced tables join the
# MetaData with them.
print(sorted((fk.parent.name, fk.target_fullname) for fk in t.foreign_keys))
print(sorted(meta.tables))
with engine.connect() as conn:
    q = sa.select(t.c.vpnConnectionId, t.c.state, t.c.region).where(t.c.state == "available").order_by(t.c.vpnConnectionId).limit(3)
    for row in conn.execute(q):
        print(tuple(row))
    r = conn.execute(sa.text("SELECT count(*) AS n FROM vpn_connections WHERE region = :r"), {"r": "us-east-1"})
    print(r.keys(), r.fetchall())
