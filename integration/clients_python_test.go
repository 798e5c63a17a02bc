package integration

import (
	"strings"
	"testing"
)

// sqlalchemyKnown are the inspector's known differences.
var sqlalchemyKnown = knownDiff{}

// testSQLAlchemyClient runs SQLAlchemy's inspector over psycopg2
// (testdata/clients/sqlalchemy_inspect.py): the calls Superset and other
// SQLAlchemy tools make, for every resource table, a Table autoload that
// follows the foreign keys, and a select.
func testSQLAlchemyClient(t *testing.T, p *clientPair) {
	requirePython(t, "python3-sqlalchemy python3-psycopg2", "sqlalchemy", "psycopg2")
	run := func(host string) string {
		return runClient(t, nil, systemPython, "testdata/clients/sqlalchemy_inspect.py",
			"postgresql+psycopg2://vpnsql@"+host+"/aws", tableList())
	}
	// SQLAlchemy 1.4 lists table names without ORDER BY: PostgreSQL
	// returns pg_class's rows in heap order, which ANALYZE rewrites.
	compareOutputs(t, p, run(p.refHost), run(p.vpnHost), sqlalchemyKnown, "get_table_names(ec2)", "get_table_names()")
}

var psycopg3Known = knownDiff{}

// testPsycopg3Client runs queries through psycopg 3 with server-side
// parameters, a binary cursor and prepared statements, and psycopg's own
// type lookup (TypeInfo.fetch).
func testPsycopg3Client(t *testing.T, p *clientPair) {
	requirePython(t, "python3-psycopg", "psycopg")
	run := func(host string) string {
		return runClient(t, nil, systemPython, "testdata/clients/psycopg3_probe.py", p.url(host, "sslmode=disable"))
	}
	compareOutputs(t, p, run(p.refHost), run(p.vpnHost), psycopg3Known)
}

var pgcliKnown = knownDiff{}

// testPgcliClient runs pgcli's completion refresh through its own
// PGExecute and PGCompleter (testdata/clients/pgcli_refresh.py), asks the
// completer for completions, and runs pgspecial's \dt and \d.
func testPgcliClient(t *testing.T, p *clientPair) {
	requirePython(t, "pgcli", "pgcli", "pgspecial")
	run := func(host string) string {
		hostPort := strings.SplitN(host, ":", 2)
		return runClient(t, nil, systemPython, "testdata/clients/pgcli_refresh.py", hostPort[0], hostPort[1])
	}
	// pgcli orders functions by schema and name only: the overloads of
	// one name (vpn_tunnel_options_modify's two arities) come in whatever
	// order PostgreSQL's sort leaves ties, which moves as functions are
	// added.
	compareOutputs(t, p, run(p.refHost), run(p.vpnHost), pgcliKnown, "functions(ec2, public)")
}
