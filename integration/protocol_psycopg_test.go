package integration

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestProtocolPsycopg runs testdata/protocol/protocol.py with psycopg 3
// (Debian's python3-psycopg, for the system python3).
func TestProtocolPsycopg(t *testing.T) {
	t.Parallel()
	// Debian's python3-psycopg installs for the system interpreter, which
	// may not be the python3 first on PATH.
	python := "/usr/bin/python3"
	if out, err := exec.Command(python, "-c", "import psycopg").CombinedOutput(); err != nil {
		t.Fatalf("psycopg 3 is not installed for %s (%v: %s); make test installs python3-psycopg (scripts/test-deps.sh)", python, err, out)
	}
	sessions, proxy := protoRun(t, "psycopg", func(t *testing.T, tg protoTarget) string {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		host, port := tg.hostPort()
		dsn := "host=" + host + " port=" + port + " dbname=postgres user=postgres sslmode=disable application_name=protocol-psycopg options='-c TimeZone=UTC'"
		out, err := exec.CommandContext(ctx, python, "testdata/protocol/protocol.py", dsn, tg.watchURL()).CombinedOutput()
		if err != nil {
			t.Errorf("%s: python: %v\n%s", tg.name, err, out)
		}
		return string(out)
	})
	if len(sessions) != 1 {
		t.Fatalf("%d sessions, want 1", len(sessions))
	}
	s := sessions[0]
	// No parameters: a simple Query with three statements.
	protoExpect(t, "simple", s.frontend, `Query "SELECT 1 AS one; SELECT 'two' AS two, 2.5 AS half; VALUES (3, 'three'), (4, 'four')"`)
	// %s parameters go text (int2 binary), %b ones binary; a binary
	// cursor asks for binary results.
	protoExpect(t, "parameter and result formats", s.frontend,
		`Bind "" "" params=[1 0 0 0] ["\x00)" "abc" "1.25" NULL] results=[0]`,
		`Bind "" "" params=[1 1 1 0]`,
		`Bind "" "" params=[1 0 0 0] ["\x00)" "abc" "1.25" NULL] results=[1]`)
	// prepare=True: one named Parse, four Binds.
	if n := protoCount(s.frontend, `Parse "_pg3_0" "SELECT $1::int8 * 2 AS doubled"`); n != 1 {
		t.Errorf("%d Parses of _pg3_0, want 1:\n%s", n, strings.Join(s.frontend, "\n"))
	}
	if n := protoCount(s.frontend, `Bind "" "_pg3_0"`); n != 4 {
		t.Errorf("%d Binds of _pg3_0, want 4", n)
	}
	protoExpect(t, "aborted block", s.backend, `ErrorResponse ERROR 22012 "division by zero"`, "ReadyForQuery E",
		`ErrorResponse ERROR 25P02 "current transaction is aborted`, "ReadyForQuery E", `CommandComplete "ROLLBACK"`, "ReadyForQuery I")
	protoExpect(t, "empty query", s.backend, "EmptyQueryResponse", "ReadyForQuery I")
	protoExpect(t, "notices", s.backend, `NoticeResponse WARNING 25001 "there is already a transaction in progress"`)
	if n := proxy.cancelCount(); n != 1 {
		t.Errorf("%d CancelRequests, want 1", n)
	}
}

// protoHas reports whether a line contains sub.
func protoHas(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}
