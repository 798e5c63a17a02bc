package integration

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// psqlODBC's known differences (none today).
var odbcKnown = knownDiff{}

// odbcConfig writes odbcinst.ini (the psqlODBC Unicode driver) and an
// odbc.ini with DSNs ref and vpn into a temporary directory and returns
// the environment that points unixODBC at them.
func odbcConfig(t *testing.T, p *clientPair) []string {
	t.Helper()
	driver := "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so"
	if _, err := os.Stat(driver); err != nil {
		t.Fatalf("psqlODBC is not installed (%v); make test installs odbc-postgresql (scripts/test-deps.sh)", err)
	}
	dir := t.TempDir()
	inst := "[PostgreSQL Unicode]\nDescription=psqlODBC\nDriver=" + driver + "\n"
	var dsn strings.Builder
	for _, d := range []struct{ name, host string }{{"ref", p.refHost}, {"vpn", p.vpnHost}} {
		hostPort := strings.SplitN(d.host, ":", 2)
		fmt.Fprintf(&dsn, "[%s]\nDriver=PostgreSQL Unicode\nServername=%s\nPort=%s\nDatabase=aws\nUsername=vpnsql\n\n",
			d.name, hostPort[0], hostPort[1])
	}
	if err := os.WriteFile(filepath.Join(dir, "odbcinst.ini"), []byte(inst), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "odbc.ini"), []byte(dsn.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"ODBCSYSINI=" + dir, "ODBCINI=" + filepath.Join(dir, "odbc.ini")}
}

// testODBCClient drives psqlODBC's catalog functions (SQLTables,
// SQLColumns, SQLPrimaryKeys, SQLForeignKeys, SQLStatistics,
// SQLSpecialColumns, SQLProcedures, SQLGetTypeInfo) and queries through
// pyodbc (testdata/clients/odbc_meta.py), the per-table ones for every
// resource table.
func testODBCClient(t *testing.T, p *clientPair) {
	requirePython(t, "python3-pyodbc", "pyodbc")
	env := odbcConfig(t, p)
	run := func(dsn string) string {
		return runClient(t, env, systemPython, "testdata/clients/odbc_meta.py", "DSN="+dsn, tableList())
	}
	ref := run("ref")
	vpn := run("vpn")
	// psqlODBC lists table types from a UNION without ORDER BY.
	compareOutputs(t, p, ref, vpn, odbcKnown, "SQLTables(tableType=%)")
}

// testISQLClient runs unixODBC's isql: help (SQLTables), help
// vpn_connections (SQLColumns) and queries, the last of which fails.
// isql (unixODBC 2.3.11) with -b prints a failing statement's error
// (with its SQLSTATE) on stdout and "Could not SQLExecute" on stderr, goes
// on, and exits 0; it exits 1 when it cannot connect. So both runs must
// exit 0 and show the error, and stderr is compared too, as a section.
func testISQLClient(t *testing.T, p *clientPair) {
	isql := requireTool(t, "isql")
	env := odbcConfig(t, p)
	input := strings.Join([]string{
		"echo ## help", "help",
		"echo ## help vpn_connections", "help vpn_connections",
		"echo ## select", `SELECT "vpnConnectionId", state, region, tags->>'Name' FROM vpn_connections ORDER BY 1 LIMIT 3`,
		"echo ## count", "SELECT count(*) FROM aws.ec2.vpn_connections",
		"echo ## error", "SELECT * FROM nonexistent_table",
	}, "\n") + "\n"
	file := filepath.Join(t.TempDir(), "input")
	if err := os.WriteFile(file, []byte(input), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(dsn string) string {
		out, stderr, code := runClientStatus(t, env, file, isql, "-v", "-b", dsn)
		if code != 0 {
			t.Errorf("isql %s: exit status %d, want 0\nstdout:\n%s\nstderr:\n%s", dsn, code, out, stderr)
		}
		if !strings.Contains(out, `[42P01]ERROR: relation "nonexistent_table" does not exist`) || !strings.Contains(stderr, "Could not SQLExecute") {
			t.Errorf("isql %s: the failing statement's error is missing\nstdout:\n%s\nstderr:\n%s", dsn, out, stderr)
		}
		return out + "## stderr\n" + stderr
	}
	compareOutputs(t, p, run("ref"), run("vpn"), knownDiff{})
}
