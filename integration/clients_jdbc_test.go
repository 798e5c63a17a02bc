package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pgJDBC's known differences. The foreign-key calls are not run against
// vpnsql at all (jdbcSkipOnVpnsql): their nine-way comma join does not
// finish there.
var jdbcKnown = knownDiff{
	"getImportedKeys":                fkJoinRunaway,
	"getExportedKeys":                fkJoinRunaway,
	"getCrossReference":              fkJoinRunaway,
	"getTables(null, null, %, null)": systemCatalogSubset,
	"getTypeInfo":                    systemCatalogSubset,
	"getIndexInfo(unique=false)":     smallintAnd,
	"getIndexInfo(unique=true)":      smallintAnd,
}

// smallintAnd: pgJDBC's getIndexInfo computes ASC_OR_DESC with
// tmp.I_INDOPTION[tmp.ORDINAL_POSITION - 1] & 1::smallint.
const smallintAnd = "executor: the operator smallint & smallint does not exist (42883); PostgreSQL has int2and"

// fkJoinRunaway: pgJDBC's foreign-key query joins pg_namespace, pg_class
// and pg_attribute twice each, pg_constraint, generate_series(1, 32) and
// pg_class with commas and puts every join condition in WHERE; vpnsql's
// planner builds the whole cross product first, grows by gigabytes and
// does not stop on statement_timeout, so the call is not run.
const fkJoinRunaway = "executor: comma joins with conditions in WHERE are planned as a full cross product (vpnsql never answers; not run)"

// jdbcSkipOnVpnsql are calls JdbcMeta leaves out against vpnsql; each
// must also be in jdbcKnown.
var jdbcSkipOnVpnsql = []string{"getImportedKeys", "getExportedKeys", "getCrossReference"}

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
