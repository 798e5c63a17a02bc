package integration

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestProtocolPsql runs testdata/protocol/psql.sql through psql (simple
// Query messages, \gdesc's Parse and Describe), then `psql -c '-- ping'`
// (EmptyQueryResponse) and `psql -c 'SELECT pg_sleep(10)'` interrupted
// with SIGINT, as Ctrl-C does (a CancelRequest).
func TestProtocolPsql(t *testing.T) {
	t.Parallel()
	bin := requireTool(t, "psql")
	script, err := os.ReadFile("testdata/protocol/psql.sql")
	if err != nil {
		t.Fatal(err)
	}
	sessions, proxy := protoRun(t, "psql", func(t *testing.T, tg protoTarget) string {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		psql := func(stdin []byte, args ...string) *exec.Cmd {
			cmd := exec.CommandContext(ctx, bin, append([]string{"-X", tg.url()}, args...)...)
			cmd.Env = append(os.Environ(), "PGTZ=UTC", "PGAPPNAME=protocol-psql", "PGCONNECT_TIMEOUT=10")
			cmd.Stdin = bytes.NewReader(stdin)
			return cmd
		}
		var out strings.Builder
		run := func(name string, cmd *exec.Cmd, during func(*exec.Cmd)) {
			var b bytes.Buffer
			cmd.Stdout, cmd.Stderr = &b, &b
			if err := cmd.Start(); err != nil {
				t.Errorf("%s: psql: %v", tg.name, err)
				return
			}
			if during != nil {
				during(cmd)
			}
			err := cmd.Wait()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Errorf("%s: psql: %v", tg.name, err)
			}
			out.WriteString("### " + name + "\n" + b.String())
			fmt.Fprintf(&out, "### exit status %d\n", code)
		}
		run("psql -a < psql.sql", psql(script, "-a"), nil)
		run("psql -c '-- ping'", psql(nil, "-c", "-- ping"), nil)
		// Ctrl-C: psql sends a CancelRequest on a new connection.
		run("psql -c 'SELECT pg_sleep(10)', SIGINT while it runs", psql(nil, "-c", "SELECT pg_sleep(10)"), func(cmd *exec.Cmd) {
			if err := protoWaitActive(ctx, tg.watchURL(), "SELECT pg_sleep(10)"); err != nil {
				t.Errorf("%s: %v", tg.name, err)
			}
			cmd.Process.Signal(syscall.SIGINT)
		})
		return out.String()
	})
	if len(sessions) != 3 {
		t.Fatalf("%d sessions, want 3 (script, ping, cancel)", len(sessions))
	}
	script1, ping, sleep := sessions[0], sessions[1], sessions[2]
	protoExpect(t, "several statements in one Query", script1.frontend,
		`Query "SELECT 1 AS one ; SELECT 'two' AS two, 2.5 AS half ; VALUES (3, 'three'), (4, 'four');"`)
	protoExpect(t, "several results for one Query", script1.backend, "RowDescription one:", `CommandComplete "SELECT 1"`,
		"RowDescription two:", `CommandComplete "SELECT 1"`, "RowDescription column1:", `CommandComplete "SELECT 2"`, "ReadyForQuery I")
	protoExpect(t, `\gdesc`, script1.frontend, `Parse "" "SELECT 1::int4 AS i`, `Describe S ""`, "Sync")
	protoExpect(t, `\gdesc`, script1.backend, "ParseComplete", "ParameterDescription []", "RowDescription i:23/", "ReadyForQuery I")
	protoExpect(t, "aborted block", script1.backend, "RowDescription ?column?:", `ErrorResponse ERROR 22012 "division by zero"`, "ReadyForQuery E",
		`ErrorResponse ERROR 25P02 "current transaction is aborted`, "ReadyForQuery E", `CommandComplete "ROLLBACK"`, "ReadyForQuery I")
	protoExpect(t, "notices", script1.backend, `NoticeResponse WARNING 25001 "there is already a transaction in progress"`,
		`CommandComplete "BEGIN"`, "ReadyForQuery T")
	protoExpect(t, "empty query", ping.frontend, `Query "-- ping"`)
	protoExpect(t, "empty query", ping.backend, "EmptyQueryResponse", "ReadyForQuery I")
	protoExpect(t, "cancel", sleep.backend, `ErrorResponse ERROR 57014 "canceling statement due to user request"`, "ReadyForQuery I")
	if n := proxy.cancelCount(); n != 1 {
		t.Errorf("%d CancelRequests, want 1", n)
	}
}
