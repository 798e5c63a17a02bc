package integration

import (
	"testing"
)

// pgJDBC's known differences.
var jdbcKnown = knownDiff{}

// testJDBCClient compiles testdata/clients/JdbcMeta.java against Debian's
// pgJDBC and runs it against both servers: every DatabaseMetaData call
// the issue lists (and the rest of the catalog-reading ones), the
// per-table ones for every resource table, plus ResultSetMetaData of
// queries.
func testJDBCClient(t *testing.T, p *clientPair) {
	java, classpath := compileJDBC(t, "testdata/clients/JdbcMeta.java")
	run := func(host string) string {
		url := "jdbc:postgresql://" + host + "/aws?user=vpnsql&sslmode=disable"
		return runClient(t, nil, java, "-cp", classpath, "JdbcMeta", url, tableList())
	}
	ref := run(p.refHost)
	vpn := run(p.vpnHost)
	// getTypeInfo reads pg_type without ORDER BY.
	compareOutputs(t, p, ref, vpn, jdbcKnown, "getTypeInfo")
}
