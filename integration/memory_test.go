package integration

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// Memory accounting through the binary: a statement past
// vpnsql.statement_mem fails with 53200 naming its operator and the
// session goes on; vpnsql.progress shows a running statement's memory;
// past serve --max-memory new statements are refused while the running
// ones finish.
func TestMemory_Accounting(t *testing.T) {
	t.Parallel()
	url := start(t, nil, serveReady, "serve", "--demo", "--listen", "127.0.0.1:0", "--max-memory", "100MB")
	ctx := testContext(t)
	conn := connectText(t, url)

	pgErr := func(err error) *pgconn.PgError {
		var pe *pgconn.PgError
		if !errors.As(err, &pe) {
			t.Fatalf("err = %v, want a PostgreSQL error", err)
		}
		return pe
	}
	if _, err := conn.Exec(ctx, "SET vpnsql.statement_mem = '10MB'").ReadAll(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ sql, op string }{
		{"SELECT length(string_agg(md5(x::text), ',')) FROM generate_series(1, 100000) x", `"string_agg"`},
		{"SELECT x FROM generate_series(1, 1000000) x ORDER BY x DESC LIMIT 1", `"Function Scan"`},
	} {
		_, err := conn.Exec(ctx, tc.sql).ReadAll()
		pe := pgErr(err)
		if pe.Code != "53200" || pe.Message != "out of memory" || !strings.Contains(pe.Detail, tc.op) ||
			!strings.Contains(pe.Detail, "limit of 10485760 bytes") || !strings.Contains(pe.Hint, "vpnsql.statement_mem") {
			t.Errorf("%s: %s %s DETAIL %q HINT %q, want 53200 naming %s", tc.sql, pe.Code, pe.Message, pe.Detail, pe.Hint, tc.op)
		}
		if o := outcome(ctx, conn, "SELECT 41 + 1"); o != "ok: 42" {
			t.Fatalf("after %s the session gives %s", tc.sql, o)
		}
	}
	if _, err := conn.Exec(ctx, "RESET vpnsql.statement_mem").ReadAll(); err != nil {
		t.Fatal(err)
	}
	if o := outcome(ctx, conn, "SELECT length(string_agg(md5(x::text), ',')) FROM generate_series(1, 100000) x"); o != "ok: 3299999" {
		t.Fatalf("with the default limit: %s", o)
	}

	// A statement that holds its rows (here the sort does; a plain scan
	// streams) keeps its memory until the client has read them: about 64MB
	// estimated for 300,000 rows (more than the socket buffers hold, so
	// the server waits with the cursor open).
	const big = "SELECT x, repeat('y', 100) FROM generate_series(1, 300000) x ORDER BY x"
	holder := connectText(t, url)
	held := holder.ExecParams(ctx, big, nil, nil, nil, nil)
	if !held.NextRow() {
		_, err := held.Close()
		t.Fatalf("no first row: %v", err)
	}
	res, err := conn.Exec(ctx, fmt.Sprintf(`SELECT "memoryBytes", "memoryPeakBytes", "memoryLimitBytes", query FROM vpnsql.progress WHERE pid = %d`, holder.PID())).ReadAll()
	if err != nil || len(res) != 1 || len(res[0].Rows) != 1 {
		t.Fatalf("vpnsql.progress: %v %v", res, err)
	}
	row := res[0].Rows[0]
	bytes, _ := strconv.ParseInt(string(row[0]), 10, 64)
	if bytes < 40<<20 || string(row[2]) != "1073741824" || string(row[3]) != big {
		t.Fatalf("vpnsql.progress row = %q, want about 64MB held by %q", row, big)
	}
	t.Logf("vpnsql.progress: the unread statement holds %d bytes (estimate)", bytes)

	// A second such statement is admitted (the server's account is under
	// 100MB) and goes on past the limit; a new statement is refused.
	second := connectText(t, url)
	held2 := second.ExecParams(ctx, big, nil, nil, nil, nil)
	if !held2.NextRow() {
		_, err := held2.Close()
		t.Fatalf("the second statement: %v", err)
	}
	_, err = conn.Exec(ctx, "SELECT 1").ReadAll()
	if pe := pgErr(err); pe.Code != "53200" || !strings.Contains(pe.Detail, "server's memory limit of 104857600 bytes") || !strings.Contains(pe.Hint, "--max-memory") {
		t.Fatalf("new statement past the server's limit: %s %s DETAIL %q HINT %q", pe.Code, pe.Message, pe.Detail, pe.Hint)
	}
	for _, r := range []*pgconn.ResultReader{held, held2} {
		n := int64(1)
		for r.NextRow() {
			n++
		}
		if tag, err := r.Close(); err != nil || n != 300000 || tag.String() != "SELECT 300000" {
			t.Fatalf("a running statement: %d rows, %v, %v", n, tag, err)
		}
	}
	if o := outcome(ctx, conn, "SELECT count(*) FROM vpnsql.progress"); o != "ok: 1" {
		t.Fatalf("after the running statements ended: %s (want this statement alone)", o)
	}
}
