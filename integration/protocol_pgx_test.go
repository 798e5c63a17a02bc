package integration

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestProtocolPgx runs the flows with pgx v5 in this process: simple
// protocol for statements without arguments, the statement cache (Parse
// and Describe Statement, then Bind/Execute with binary formats) for the
// rest. pgx has no API for Execute row limits: pgJDBC and node-postgres
// cover portals.
func TestProtocolPgx(t *testing.T) {
	t.Parallel()
	sessions, proxy := protoRun(t, "pgx", func(t *testing.T, tg protoTarget) string {
		var out strings.Builder
		if err := protoPgxFlows(tg, func(flow string, parts ...any) {
			fmt.Fprintln(&out, flow+": "+strings.TrimSuffix(fmt.Sprintln(parts...), "\n"))
		}); err != nil {
			t.Errorf("%s: %v", tg.name, err)
		}
		return out.String()
	})
	if len(sessions) != 1 {
		t.Fatalf("%d sessions, want 1", len(sessions))
	}
	s := sessions[0]
	protoExpect(t, "simple", s.frontend, `Query "SELECT 1 AS one; SELECT 'two' AS two, 2.5 AS half; VALUES (3, 'three'), (4, 'four')"`)
	// The statement cache: Parse and Describe Statement once, then Bind
	// with binary int4 parameters and binary results for the types pgx
	// reads in binary.
	protoExpect(t, "statement cache", s.frontend, `Parse "stmtcache_`, `Describe S "stmtcache_`, "Sync", `Bind "" "stmtcache_`)
	protoExpect(t, "prepared", s.frontend, `Parse "doubled" "SELECT $1::int8 * 2 AS doubled" []`, `Describe S "doubled"`, "Sync")
	if n := protoCount(s.frontend, `Bind "" "doubled" params=[1]`); n != 4 {
		t.Errorf("%d binary Binds of doubled, want 4:\n%s", n, strings.Join(s.frontend, "\n"))
	}
	protoExpect(t, "prepared describe", s.backend, "ParseComplete", "ParameterDescription [20]", "RowDescription doubled:20/8/-1/0")
	protoExpect(t, "empty query", s.backend, "EmptyQueryResponse", "ReadyForQuery I")
	if n := proxy.cancelCount(); n != 1 {
		t.Errorf("%d CancelRequests, want 1", n)
	}
}

// protoPgxFlows is the pgx client program; out prints one line.
func protoPgxFlows(tg protoTarget, out func(flow string, parts ...any)) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cfg, err := pgx.ParseConfig(tg.url() + "&application_name=protocol-pgx&timezone=UTC")
	if err != nil {
		return err
	}
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { out("notice", n.Severity, n.Code, n.Message) }
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	fail := func(err error) string {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return pe.Severity + " " + pe.Code + " " + pe.Message
		}
		return "client error: " + err.Error()
	}
	rows := func(r pgx.Rows, err error) string {
		if err != nil {
			return fail(err)
		}
		defer r.Close()
		var names []string
		for _, f := range r.FieldDescriptions() {
			names = append(names, f.Name)
		}
		var lines []string
		for r.Next() {
			vals, err := r.Values()
			if err != nil {
				return fail(err)
			}
			var shown []string
			for _, v := range vals {
				shown = append(shown, protoShowGo(v))
			}
			lines = append(lines, strings.Join(shown, ","))
		}
		if err := r.Err(); err != nil {
			return fail(err)
		}
		if len(names) == 0 {
			return r.CommandTag().String()
		}
		return strings.Join(names, ",") + " -> " + strings.Join(lines, " ; ")
	}

	// Several statements in one simple Query.
	results, err := conn.PgConn().Exec(ctx, "SELECT 1 AS one; SELECT 'two' AS two, 2.5 AS half; VALUES (3, 'three'), (4, 'four')").ReadAll()
	if err != nil {
		return err
	}
	for _, r := range results {
		var names, lines []string
		for _, f := range r.FieldDescriptions {
			names = append(names, f.Name)
		}
		for _, row := range r.Rows {
			var vals []string
			for _, v := range row {
				vals = append(vals, string(v))
			}
			lines = append(lines, strings.Join(vals, ","))
		}
		out("simple", strings.Join(names, ",")+" -> "+strings.Join(lines, " ; "), r.CommandTag.String())
	}

	// Parameters through the statement cache (binary where pgx can), and
	// with explicit formats through pgconn: int4 binary, the rest text;
	// results binary, text, binary, text.
	q := "SELECT $1::int4 + 1 AS n, upper($2) AS s, $3::numeric * 2 AS d, $4::int4 IS NULL AS isnull"
	out("extended", "cache", rows(conn.Query(ctx, q, 41, "abc", "1.25", nil)))
	res := conn.PgConn().ExecParams(ctx, q, [][]byte{{0, 0, 0, 41}, []byte("abc"), []byte("1.25"), nil},
		[]uint32{pgtype.Int4OID, pgtype.TextOID, pgtype.NumericOID, pgtype.Int4OID}, []int16{1, 0, 0, 0}, []int16{1, 0, 1, 0}).Read()
	if res.Err != nil {
		out("extended", "formats", fail(res.Err))
	} else {
		var vals []string
		for _, v := range res.Rows[0] {
			vals = append(vals, fmt.Sprintf("%q", v))
		}
		out("extended", "formats", strings.Join(vals, ","))
	}

	// A named prepared statement run four times.
	if _, err := conn.Prepare(ctx, "doubled", "SELECT $1::int8 * 2 AS doubled"); err != nil {
		return err
	}
	for i := 1; i <= 4; i++ {
		out("prepared", rows(conn.Query(ctx, "doubled", i)))
	}

	// Errors leave the session usable; an aborted block refuses until
	// ROLLBACK.
	for _, sql := range []string{"SELECT 1/n FROM generate_series(0, 0) n", "SELECT 1 AS after_error", "SELEC 1", "BEGIN",
		"SELECT 1/n FROM generate_series(0, 0) n", "SELECT 1 AS in_failed_block", "ROLLBACK", "SELECT 2 AS after_rollback"} {
		out("errors", sql, "->", rows(conn.Query(ctx, sql)), string(conn.PgConn().TxStatus()))
	}
	out("errors", "bad parameter ->", rows(conn.Query(ctx, "SELECT $1::int4 AS n", pgx.QueryExecModeExec, "abc")))

	// Cancel once the statement runs.
	canceled := make(chan error, 1)
	go func() {
		err := protoWaitActive(ctx, tg.watchURL(), "SELECT pg_sleep(10)")
		if err == nil {
			err = conn.PgConn().CancelRequest(ctx)
		}
		canceled <- err
	}()
	start := time.Now()
	_, err = conn.Exec(ctx, "SELECT pg_sleep(10)")
	if err == nil {
		out("cancel", "statement completed")
	} else {
		out("cancel", fail(err))
	}
	if err := <-canceled; err != nil {
		return err
	}
	out("cancel", "ended early", time.Since(start) < 8*time.Second)
	// PostgreSQL signals a cancelled backend twice (the process, then its
	// process group); under load the second signal can come late and
	// cancel the next statement. Idle, it is ignored.
	time.Sleep(300 * time.Millisecond)
	out("cancel", rows(conn.Query(ctx, "SELECT 'still usable' AS after")))

	// statement_timeout.
	if _, err := conn.Exec(ctx, "SET statement_timeout = 200"); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "SELECT pg_sleep(5)"); err != nil {
		out("timeout", fail(err))
	} else {
		out("timeout", "statement completed")
	}
	if _, err := conn.Exec(ctx, "RESET statement_timeout"); err != nil {
		return err
	}
	out("timeout", rows(conn.Query(ctx, "SHOW statement_timeout")))

	// Notices and warnings.
	for _, sql := range []string{"BEGIN", "BEGIN", "COMMIT", "COMMIT", "ROLLBACK"} {
		tag, err := conn.Exec(ctx, sql)
		if err != nil {
			return err
		}
		out("notices", sql, "->", tag.String())
	}

	// Empty queries.
	for _, sql := range []string{"-- ping", ""} {
		tag, err := conn.Exec(ctx, sql)
		out("empty", fmt.Sprintf("%q -> %q %v", sql, tag.String(), err))
	}

	// Values both ways: the simple protocol (arguments interpolated, text
	// results) and the statement cache (binary arguments and results).
	vq := "SELECT $1::int4 AS i4, $2::int8 AS i8, $3::numeric AS num, $4::bool AS b, $5::text AS t, " +
		"$6::jsonb AS j, $7::timestamptz AS ts, $8::int4[] AS ia, $9::text[] AS ta"
	ts := time.Date(2024, 2, 29, 12, 34, 56, 789012000, time.FixedZone("", 5*3600+1800))
	var num pgtype.Numeric
	if err := num.Scan("-12345678901234567890.000123"); err != nil {
		return err
	}
	args := []any{int32(-2147483648), int64(9007199254740993), num, true, `héllo, 'wörld' \ "x"`,
		`{"b": [1, 2.50, null], "a": {"k": "v"}}`, ts,
		[]*int32{protoPtr(int32(1)), nil, protoPtr(int32(-3))}, []*string{protoPtr("a"), protoPtr("b c"), nil, protoPtr("NULL"), protoPtr("{x}")}}
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeCacheStatement} {
		out("values", mode.String(), rows(conn.Query(ctx, vq, append([]any{mode}, args...)...)))
	}
	lit := "SELECT 42 AS i4, 'NaN'::numeric AS nan, 0.100::numeric AS scaled, false AS b, " +
		`'{"z": 1, "a": [true]}'::jsonb AS j, timestamptz '1999-12-31 23:59:59.5+00' AS ts, ` +
		"ARRAY[1, 2] AS arr, '{}'::text[] AS empty, NULL::int4 AS nothing"
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeCacheStatement} {
		out("values", "literals", mode.String(), rows(conn.Query(ctx, lit, mode)))
	}
	return nil
}

func protoPtr[T any](v T) *T { return &v }

// protoShowGo renders a value pgx returned, with its Go type.
func protoShowGo(v any) string {
	switch v := v.(type) {
	case nil:
		return "nil"
	case time.Time:
		return "time.Time:" + v.UTC().Format(time.RFC3339Nano)
	case pgtype.Numeric:
		s, _ := v.Value()
		return fmt.Sprintf("pgtype.Numeric:%v", s)
	}
	return fmt.Sprintf("%T:%v", v, v)
}
