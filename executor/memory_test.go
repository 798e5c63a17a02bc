package executor

import (
	"context"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
)

func TestStatementMem_Exceeded(t *testing.T) {
	eng := &Engine{Catalog: catalog.New()}
	s, err := eng.NewSession(SessionInfo{User: "alice", Database: "aws"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ sql, op string }{
		{"SELECT length(string_agg(md5(x::text), ',')) FROM generate_series(1, 100000) x", `"string_agg"`},
		{"SELECT x FROM generate_series(1, 1000000) x ORDER BY x DESC LIMIT 1", `"Function Scan"`},
		// The join streams; the sort holds its rows.
		{"SELECT a.x FROM generate_series(1, 1000) a(x) JOIN generate_series(1, 1000) b(x) ON a.x <= b.x ORDER BY 1", `"Nested Loop"`},
		{"SELECT x::text, count(*) FROM generate_series(1, 100000) x GROUP BY 1", `"HashAggregate"`},
		{"WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t", `"`},
		{"WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n + 1 FROM t) SELECT count(*) FROM t", `"`},
		{"SELECT count(*) FROM (SELECT DISTINCT md5(x::text) FROM generate_series(1, 70000) x) s", `"Unique"`},
		{"WITH RECURSIVE t(s) AS (SELECT 'x' UNION ALL SELECT s || s FROM t) SELECT length(s) FROM t", `"||"`},
		{"SELECT count(*) OVER (PARTITION BY repeat(x::text, 1000)) FROM generate_series(1, 20000) x", `"WindowAgg"`},
		{"SELECT length(repeat('y', 20000000))", `"repeat"`},
		{"SELECT length(lpad('y', 20000000))", `"lpad"`},
		{"SELECT length(repeat('y', 6000000) || repeat('z', 6000000))", `"||"`},
	} {
		_, _, err := run(t, s, "SET vpnsql.statement_mem = '10MB'; "+tc.sql)
		pe := pgerr.From(err)
		if err == nil || pe.Code != pgerr.OutOfMemory || pe.Message != "out of memory" ||
			!strings.Contains(pe.Detail, tc.op) || !strings.Contains(pe.Detail, "limit of 10485760 bytes") ||
			!strings.Contains(pe.Hint, `"vpnsql.statement_mem"`) {
			t.Errorf("%s: err = %v (detail %q, hint %q), want 53200 naming %s", tc.sql, err, pe.Detail, pe.Hint, tc.op)
		}
		if _, rows, err := run(t, s, "SELECT 1"); err != nil || rows[0][0] != "1" {
			t.Fatalf("after %s: %v, %v", tc.sql, rows, err)
		}
		if got := eng.Memory.Used(); got != 0 {
			t.Errorf("after %s: the server account holds %d bytes, want 0", tc.sql, got)
		}
	}
	// Within the limit the same shapes run.
	if _, rows, err := run(t, s, "SELECT length(string_agg(repeat('y', 1000), ',')) FROM generate_series(1, 200)"); err != nil || rows[0][0] != "200199" {
		t.Fatalf("got %v, %v", rows, err)
	}
}

func TestStatementMem_Setting(t *testing.T) {
	eng := &Engine{Catalog: catalog.New(), StatementMem: 64 << 20}
	s, err := eng.NewSession(SessionInfo{User: "alice", Database: "aws"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ sql, want string }{
		{"SHOW vpnsql.statement_mem", "64MB"},
		{"SET vpnsql.statement_mem = '10MB'; SHOW vpnsql.statement_mem", "10MB"},
		{"RESET vpnsql.statement_mem; SHOW vpnsql.statement_mem", "64MB"},
		{"SET vpnsql.statement_mem = 0; SELECT length(repeat('y', 100000000))", "100000000"},
	} {
		if _, rows, err := run(t, s, tc.sql); err != nil || rows[0][0] != tc.want {
			t.Errorf("%s = %v, %v; want %s", tc.sql, rows, err, tc.want)
		}
	}
	_, _, err = run(t, s, "SET vpnsql.statement_mem = 'lots'")
	if pe := pgerr.From(err); err == nil || pe.Code != pgerr.InvalidParameterValue {
		t.Errorf("SET 'lots': %v, want 22023", err)
	}
}

func TestParseMemory(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true}, {"1024", 1 << 20, true}, {"10MB", 10 << 20, true}, {"1GB", 1 << 30, true},
		{"512kB", 512 << 10, true}, {"100 B", 100, true}, {"2tb", 2 << 40, true},
		{"", 0, false}, {"lots", 0, false}, {"10XB", 0, false}, {"-1MB", 0, false}, {"99999999999TB", 0, false},
	} {
		got, err := ParseMemory(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseMemory(%q) = %d, %v; want %d (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
	for n, want := range map[int64]string{1 << 30: "1GB", 3 << 20: "3MB", 1536: "1536B", 10 << 10: "10kB"} {
		if got := FormatMemory(n); got != want {
			t.Errorf("FormatMemory(%d) = %q, want %q", n, got, want)
		}
	}
}

// The server's account refuses a new statement while running ones hold
// its limit; the running one goes on, and once it ends the server admits
// statements again.
func TestMemoryPool_Admission(t *testing.T) {
	eng := &Engine{Catalog: catalog.New(), Memory: &expr.MemoryPool{Limit: 4 << 20}}
	a, err := eng.NewSession(SessionInfo{User: "alice", Database: "aws", PID: 7})
	if err != nil {
		t.Fatal(err)
	}
	b, err := eng.NewSession(SessionInfo{User: "bob", Database: "aws", PID: 8})
	if err != nil {
		t.Fatal(err)
	}
	const big = "SELECT x FROM generate_series(1, 200000) x" // about 8MB of rows
	ctx := context.Background()
	stmts, err := a.Parse(big)
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.Prepare(ctx, stmts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := a.Execute(ctx, p, nil) // past the server's limit: it goes on
	if err != nil {
		t.Fatalf("the running statement failed: %v", err)
	}
	if used := eng.Memory.Used(); used <= 4<<20 {
		t.Fatalf("server account holds %d bytes, want past the limit", used)
	}
	stats := eng.Memory.Statements()
	if len(stats) != 1 || stats[0].PID != 7 || stats[0].Query != big || stats[0].Bytes < 4<<20 || stats[0].Peak < stats[0].Bytes {
		t.Fatalf("Statements() = %+v", stats)
	}
	_, _, err = run(t, b, "SELECT 1")
	pe := pgerr.From(err)
	if err == nil || pe.Code != pgerr.OutOfMemory || !strings.Contains(pe.Detail, "server's memory limit of 4194304 bytes") ||
		!strings.Contains(pe.Hint, "--max-memory") {
		t.Fatalf("new statement: %v (detail %q), want 53200 from the server's account", err, pe.Detail)
	}
	n := 0
	for {
		row, err := cur.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if row == nil {
			break
		}
		n++
	}
	cur.Close()
	if n != 200000 {
		t.Fatalf("the running statement returned %d rows", n)
	}
	if used := eng.Memory.Used(); used != 0 || len(eng.Memory.Statements()) != 0 {
		t.Fatalf("after it: server account holds %d bytes, %d statements", used, len(eng.Memory.Statements()))
	}
	if _, rows, err := run(t, b, "SELECT 1"); err != nil || rows[0][0] != "1" {
		t.Fatalf("after the running statement ended: %v, %v", rows, err)
	}
}

// vpnsql.progress lists running statements with their accounts: a
// statement scanning it sees itself, holding what it has charged so far.
func TestProgressView(t *testing.T) {
	eng := &Engine{Catalog: catalog.New(ec2.NewProgress())}
	s, err := eng.NewSession(SessionInfo{User: "alice", Database: "aws", PID: 42})
	if err != nil {
		t.Fatal(err)
	}
	const q = `SET vpnsql.statement_mem = '64MB'; WITH big AS MATERIALIZED (SELECT x FROM generate_series(1, 100000) x)
		SELECT c.n, p.pid, p."memoryBytes" > 4000000, p."memoryPeakBytes" >= p."memoryBytes", p."memoryLimitBytes", p.query LIKE 'WITH big%'
		FROM (SELECT count(*) AS n FROM big) c, vpnsql.progress p`
	_, rows, err := run(t, s, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || strings.Join(rows[0], " ") != "100000 42 t t 67108864 t" {
		t.Fatalf("progress = %v", rows)
	}
}

// Sessions run on their own goroutines while vpnsql.progress reads their
// accounts (go test -race).
func TestMemoryPool_Concurrent(t *testing.T) {
	eng := &Engine{Catalog: catalog.New(ec2.NewProgress())}
	done := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			s, err := eng.NewSession(SessionInfo{User: "alice", Database: "aws", PID: int32(i)})
			if err != nil {
				done <- err
				return
			}
			for j := 0; j < 5; j++ {
				if _, _, err := run(t, s, "SELECT count(*) FROM (SELECT x FROM generate_series(1, 20000) x ORDER BY x) s, vpnsql.progress"); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if used := eng.Memory.Used(); used != 0 {
		t.Fatalf("server account holds %d bytes after every statement ended", used)
	}
}
