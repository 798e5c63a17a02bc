package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// pgJDBC's known differences.
var jdbcKnown = knownDiff{}

// testJDBCClient compiles testdata/clients/JdbcMeta.java against Debian's
// pgJDBC and runs it against both servers: every DatabaseMetaData call
// the issue lists (and the rest of the catalog-reading ones), plus
// ResultSetMetaData of queries.
func testJDBCClient(t *testing.T, p *clientPair) {
	javac, java := requireTool(t, "javac"), requireTool(t, "java")
	jar := "/usr/share/java/postgresql.jar"
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("pgJDBC is not installed (%v); make test installs libpostgresql-jdbc-java (scripts/test-deps.sh)", err)
	}
	dir := t.TempDir()
	src, _ := filepath.Abs("testdata/clients/JdbcMeta.java")
	if out, err := exec.Command(javac, "-d", dir, "-cp", jar, src).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	run := func(host string) string {
		url := "jdbc:postgresql://" + host + "/aws?user=vpnsql&sslmode=disable"
		return runClient(t, nil, java, "-cp", jar+":"+dir, "JdbcMeta", url)
	}
	ref := run(p.refHost)
	vpn := run(p.vpnHost)
	// getTypeInfo reads pg_type without ORDER BY.
	compareOutputs(t, p, ref, vpn, jdbcKnown, "getTypeInfo")
}
