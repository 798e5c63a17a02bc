package integration

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog/pgtest"
)

// One session's input costs that session an error, never the server:
// the vpnsql binary against statements that used to crash it or leak
// protobuf messages, side by side with PostgreSQL 15, and a panic in a
// fan-out goroutine and a coalesced fetch (through a hook that only a
// vpnsqltesthooks build has).

// rep builds hostile statements.
func rep(s string, n int) string { return strings.Repeat(s, n) }

// outcome is what a statement gave: its SQLSTATE, or "ok:" and the first
// value.
func outcome(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	rs, err := conn.Exec(ctx, sql).ReadAll()
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe):
		return fmt.Sprintf("%s %s HINT: %s @%d", pe.Code, pe.Message, pe.Hint, pe.Position)
	case err != nil:
		return "connection: " + err.Error()
	case len(rs) == 0 || len(rs[0].Rows) == 0:
		return "ok"
	}
	return "ok: " + string(rs[0].Rows[0][0])
}

func TestRobust_DeepStatements(t *testing.T) {
	t.Parallel()
	if why := pgtest.Available(); why != "" {
		t.Fatalf("needs PostgreSQL 15: %s", why)
	}
	cluster, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Stop)
	ref := connectText(t, cluster.URL("postgres"))
	// The server's threads get a 1MB stack: no outcome may depend on the
	// stack the process was given (pg_query's C code recurses).
	small := filepath.Join(t.TempDir(), "vpnsql-small-stack")
	if err := os.WriteFile(small, []byte("#!/bin/sh\nulimit -s 1024\nexec "+binary+" \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	srv := startProtoServerBin(t, small)
	vpn := connectText(t, srv.url)
	other := connectText(t, srv.url)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	for _, tc := range []struct{ name, sql string }{
		// PostgreSQL's line for 1+1+...: 4051 terms run, 4100 do not.
		{"plus_4000", "SELECT " + rep("1+", 3999) + "1"},
		// WHERE is deparsed for EXPLAIN while planning: deep C recursion.
		{"where_plus_3000", "SELECT count(*) FROM (VALUES (1)) v(x) WHERE " + rep("x+", 3000) + "x > 0"},
		{"plus_4200", "SELECT " + rep("1+", 4199) + "1"},
		{"plus_20000", "SELECT " + rep("1+", 19999) + "1"},
		{"plus_100000", "SELECT " + rep("1+", 99999) + "1"},
		{"concat_100000", "SELECT " + rep("'a'||", 99999) + "'a'"},
		{"in_list_100000", "SELECT 7 IN (" + rep("1,", 99999) + "7)"},
		{"or_chain_100000", "SELECT count(*) FROM (VALUES (1)) v(x) WHERE " + rep("x = 2 OR ", 99999) + "x = 1"},
		{"parens_9000", "SELECT " + rep("(", 9000) + "1" + rep(")", 9000)},
		{"parens_100000", "SELECT " + rep("(", 100000) + "1" + rep(")", 100000)},
		{"not_100000", "SELECT " + rep("NOT ", 100000) + "true"},
		{"json_arrays_20000", "SELECT '" + rep("[", 20000) + rep("]", 20000) + "'::jsonb IS NULL"},
		{"json_objects_100000", "SELECT '" + rep(`{"a":`, 100000) + "1" + rep("}", 100000) + "'::json IS NULL"},
		{"jsonpath_100000", "SELECT '" + rep("(", 100000) + "1" + rep(")", 100000) + "'::jsonpath IS NULL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := outcome(ctx, ref, tc.sql)
			got := outcome(ctx, vpn, tc.sql)
			// Where both fail, the SQLSTATE and message must match; a
			// syntax error's position may differ in wording only.
			if got != want {
				t.Errorf("postgres: %.200s\nvpnsql:   %.200s", want, got)
			}
			if strings.Contains(got, "proto:") {
				t.Errorf("a protobuf message reached the client: %s", got)
			}
			for _, c := range []*pgconn.PgConn{vpn, other} {
				if o := outcome(ctx, c, "SELECT 41 + 1"); o != "ok: 42" {
					t.Fatalf("server or session unusable after %s: %s", tc.name, o)
				}
			}
		})
	}
}

// testHooksBinary is vpnsql built with the vpnsqltesthooks tag, once.
var testHooksBinary = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(filepath.Dir(binary), "vpnsql-testhooks")
	out, err := exec.Command("go", "build", "-tags", "vpnsqltesthooks", "-o", bin, "../cmd/vpnsql").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building with vpnsqltesthooks: %v\n%s", err, out)
	}
	return bin, nil
})

// A panic in a fan-out goroutine (cache off) or in the cache's coalesced
// fetch fails the statement with XX000, logged with its stack; the session
// and the others go on.
func TestRobust_PanicInScan(t *testing.T) {
	t.Parallel()
	bin, err := testHooksBinary()
	if err != nil {
		t.Fatal(err)
	}
	srv := startProtoServerBin(t, bin)
	conn := connectText(t, srv.url)
	other := connectText(t, srv.url)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const boom = "SELECT * FROM ec2.vpn_connections WHERE state = 'vpnsql-test-panic'"
	for _, ttl := range []string{"30s", "0"} { // coalesced fetch, then plain fan-out
		if o := outcome(ctx, conn, "SET vpnsql.cache_ttl = '"+ttl+"'"); o != "ok" {
			t.Fatal(o)
		}
		if o := outcome(ctx, conn, boom); !strings.HasPrefix(o, "XX000 internal error: test panic") {
			t.Fatalf("cache_ttl %s: %s, want XX000", ttl, o)
		}
		for _, c := range []*pgconn.PgConn{conn, other} {
			if o := outcome(ctx, c, "SELECT count(*) > 0 FROM ec2.vpn_connections"); o != "ok: t" {
				t.Fatalf("after the panic: %s", o)
			}
		}
	}
	if logs := srv.stderr.String(); !strings.Contains(logs, "panic in statement") || !strings.Contains(logs, "testPanic") {
		t.Fatalf("no log line with the panic's stack:\n%s", logs)
	}
}

// SELECT count(*) FROM generate_series(1, 20000000) is 20000000 (the
// series once stopped at 10,000,001), in constant memory: materialised,
// its rows would take over a gigabyte.
func TestRobust_SeriesStreams(t *testing.T) {
	t.Parallel()
	srv := startProtoServer(t)
	conn := connectText(t, srv.url)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if o := outcome(ctx, conn, "SELECT count(*) FROM generate_series(1, 20000000)"); o != "ok: 20000000" {
		t.Fatalf("got %s", o)
	}
	peak := peakRSS(t, srv.cmd.Process.Pid)
	t.Logf("server peak RSS %d MB", peak>>20)
	if peak > 400<<20 {
		t.Fatalf("server peak RSS %d MB: the series was held", peak>>20)
	}
}

// peakRSS is a process's high-water resident set (VmHWM).
func peakRSS(t *testing.T, pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmHWM")
	return 0
}
