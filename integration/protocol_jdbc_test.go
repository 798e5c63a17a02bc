package integration

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestProtocolJDBC runs testdata/protocol/Protocol.java with pgJDBC
// (Debian's libpostgresql-jdbc-java) with prepareThreshold=1 and
// binaryTransfer=true.
func TestProtocolJDBC(t *testing.T) {
	t.Parallel()
	java, classpath := compileJDBC(t, "testdata/protocol/Protocol.java")
	sessions, proxy := protoRun(t, "jdbc", func(t *testing.T, tg protoTarget) string {
		jdbc := func(addr, params string) string {
			return "jdbc:postgresql://" + addr + "/postgres?user=postgres&sslmode=disable&" + params
		}
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, java, "-Duser.timezone=UTC", "-cp", classpath, "Protocol",
			jdbc(tg.proxy.addr(), "prepareThreshold=1&binaryTransfer=true&ApplicationName=protocol-jdbc"),
			jdbc(tg.proxy.addr(), "preferQueryMode=simple"),
			jdbc(tg.direct, "ApplicationName=watch"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s: java: %v\n%s", tg.name, err, out)
		}
		return string(out)
	})
	if len(sessions) != 2 {
		t.Fatalf("%d sessions, want the main one and the preferQueryMode=simple one", len(sessions))
	}
	conn, simple := sessions[0], sessions[1]

	// Several statements: one batch of Parse/Bind/Execute per statement
	// and a single Sync on the main connection, one Query in simple mode.
	protoExpect(t, "several statements", conn.frontend, `"SELECT 1 AS one"`, `SELECT 'two' AS two, 2.5 AS half"`,
		`VALUES (3, 'three'), (4, 'four')"`, `Execute "" 0`, "Sync")
	protoExpect(t, "simple mode", simple.frontend, `Query "SELECT 1 AS one; SELECT 'two' AS two, 2.5 AS half; VALUES (3, 'three'), (4, 'four'); SET application_name = 'jdbc-simple'"`)
	protoExpect(t, "simple mode results", simple.backend, "RowDescription one:", `DataRow ["1"]`, `CommandComplete "SELECT 1"`,
		"RowDescription two:", "RowDescription column1:", `CommandComplete "SELECT 2"`, `CommandComplete "SET"`,
		`ParameterStatus application_name="jdbc-simple"`, "ReadyForQuery I")

	// prepareThreshold=1: the statement is parsed once under a name and
	// bound for every execution; setLong parameters go binary;
	// binaryTransfer: once described, results come back binary.
	parses := protoLines(conn.frontend, `Parse "S_`)
	var name string
	for _, l := range parses {
		if strings.Contains(l, `"SELECT $1::int8 * 2 AS doubled" [20]`) {
			if name != "" {
				t.Errorf("the prepared statement was parsed twice")
			}
			name = strings.Fields(l)[1]
		}
	}
	if name == "" {
		t.Fatalf("no named Parse of the prepared statement:\n%s", strings.Join(parses, "\n"))
	}
	binds := protoLines(conn.frontend, `Bind "" `+name+" ")
	if len(binds) != 4 {
		t.Fatalf("%d Binds of %s, want 4:\n%s", len(binds), name, strings.Join(binds, "\n"))
	}
	for i, b := range binds {
		want := "results=[1]"
		if i == 0 {
			want = "results=[]" // not described yet
		}
		if !strings.Contains(b, " params=[1] ") || !strings.HasSuffix(b, want) {
			t.Errorf("execution %d: %s, want a binary parameter and %s", i+1, b, want)
		}
	}

	// fetchSize: a named portal, Execute with a limit of 3 answered by
	// PortalSuspended; the portal survives another statement (and its
	// Sync) in the same transaction, and is closed at the end.
	protoExpect(t, "fetchSize", conn.frontend, `Parse "S_6" "BEGIN"`, `Bind "C_`, `Execute "C_`, "Sync", `Execute "C_`, "Sync",
		`"SELECT 'between' AS b"`, "Sync", `Execute "C_`, "Sync", `Close P "C_`, `"COMMIT"`)
	for _, l := range protoLines(conn.frontend, `Execute "C_`) {
		if !strings.HasSuffix(l, " 3") {
			t.Errorf("portal Execute without the fetch size as its limit: %s", l)
		}
	}
	protoExpect(t, "fetchSize", conn.backend, `DataRow ["1" "row 1"]`, `DataRow ["3" "row 3"]`, "PortalSuspended", "ReadyForQuery T",
		`DataRow ["6" "row 6"]`, "PortalSuspended", "ReadyForQuery T", `DataRow ["between"]`, "ReadyForQuery T",
		`DataRow ["8" "row 8"]`, `CommandComplete "SELECT 2"`, "ReadyForQuery T", "CloseComplete", `CommandComplete "COMMIT"`)

	// Cancel: one CancelRequest; the rest is in the output.
	if n := proxy.cancelCount(); n != 1 {
		t.Errorf("%d CancelRequests, want 1", n)
	}
}
