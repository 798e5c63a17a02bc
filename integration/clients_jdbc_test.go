package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pgJDBC's known differences.
var jdbcKnown = knownDiff{}

// jdbcSkipOnVpnsql are calls JdbcMeta leaves out against vpnsql; each
// must also be in jdbcKnown.
var jdbcSkipOnVpnsql []string

// testJDBCClient compiles testdata/clients/JdbcMeta.java against Debian's
// pgJDBC and runs it against both servers: every DatabaseMetaData call
// the issue lists (and the rest of the catalog-reading ones), plus
// ResultSetMetaData of queries.
func testJDBCClient(t *testing.T, p *clientPair) {
	javac, java := requireTool(t, "javac"), requireTool(t, "java")
	jar := "/usr/share/java/postgresql.jar"
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("pgJDBC is not installed (%v); .ci/run installs libpostgresql-jdbc-java", err)
	}
	dir := t.TempDir()
	src, _ := filepath.Abs("testdata/clients/JdbcMeta.java")
	if out, err := exec.Command(javac, "-d", dir, "-cp", jar, src).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	for _, s := range jdbcSkipOnVpnsql {
		if jdbcKnown[s] == "" {
			t.Fatalf("%s is skipped against vpnsql but not a known difference", s)
		}
	}
	run := func(host string, skip []string) string {
		url := "jdbc:postgresql://" + host + "/aws?user=vpnsql&sslmode=disable"
		return runClient(t, nil, java, "-cp", jar+":"+dir, "JdbcMeta", url, strings.Join(skip, ";"))
	}
	ref := run(p.refHost, nil)
	vpn := run(p.vpnHost, jdbcSkipOnVpnsql)
	// getTypeInfo reads pg_type without ORDER BY.
	compareOutputs(t, p, ref, vpn, jdbcKnown, "getTypeInfo")
}
