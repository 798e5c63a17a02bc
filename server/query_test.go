package server

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/executor/parse"
)

func TestSimple_ResultsAndStatus(t *testing.T) {
	env := startServer(t, Config{})
	pc := env.connect(t, "")
	ctx := context.Background()
	res, err := pc.Exec(ctx, "SELECT 1; SELECT n FROM things WHERE n <= 2;").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].CommandTag.String() != "SELECT 1" || res[1].CommandTag.String() != "SELECT 2" || len(res[1].Rows) != 2 {
		t.Fatalf("results: %+v", res)
	}
	for _, step := range []struct {
		sql    string
		status byte
		code   string
	}{
		{"BEGIN", 'T', ""},
		{"SELECT n FROM things", 'T', ""},
		{"SELECT nope FROM things", 'E', "42703"},
		{"SELECT 1", 'E', "25P02"},
		{"SELECT * FROM nosuch", 'E', "25P02"}, // refused before it is planned
		{"DEALLOCATE nosuch", 'E', "25P02"},
		{"ROLLBACK", 'I', ""},
		{"BEGIN; SELECT 1/0; COMMIT", 'E', "22012"},
		{"ROLLBACK", 'I', ""},
		{"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", 'I', ""},
	} {
		_, err := pc.Exec(ctx, step.sql).ReadAll()
		if pgCode(err) != step.code {
			t.Errorf("%s: error %v, want %q", step.sql, err, step.code)
		}
		if pc.TxStatus() != step.status {
			t.Errorf("%s: status %c, want %c", step.sql, pc.TxStatus(), step.status)
		}
	}
}

func TestSimple_RowDescriptionOfTableColumns(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(&pgproto3.Query{String: "SELECT id, n, data, at, n + 1 AS m FROM things WHERE n = 1"})
	c.expect(
		"RowDescription id:25/-1/-1/16390/1/0 n:20/8/-1/16390/2/0 data:3802/-1/-1/16390/3/0 at:1184/8/-1/16390/4/0 m:20/8/-1/0/0/0",
		`DataRow "vpn-1" "1" "{\"n\": 1}" "2024-01-02 03:04:05+00" "2"`,
		`CommandComplete "SELECT 1"`,
		"ReadyForQuery I",
	)
}

func TestExtended_ResultFormatsPerColumn(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(
		&pgproto3.Parse{Query: "SELECT id, n, data, at FROM things WHERE n = $1"},
		&pgproto3.Describe{ObjectType: 'S'},
		&pgproto3.Bind{ParameterFormatCodes: []int16{1}, Parameters: [][]byte{{0, 0, 0, 0, 0, 0, 0, 2}}, ResultFormatCodes: []int16{0, 1, 1, 1}},
		&pgproto3.Describe{ObjectType: 'P'},
		&pgproto3.Execute{},
		&pgproto3.Sync{},
	)
	c.expect(
		"ParseComplete",
		"ParameterDescription [20]",
		"RowDescription id:25/-1/-1/16390/1/0 n:20/8/-1/16390/2/0 data:3802/-1/-1/16390/3/0 at:1184/8/-1/16390/4/0",
		"BindComplete",
		"RowDescription id:25/-1/-1/16390/1/0 n:20/8/-1/16390/2/1 data:3802/-1/-1/16390/3/1 at:1184/8/-1/16390/4/1",
	)
	c.expect(
		`DataRow "vpn-2" "\x00\x00\x00\x00\x00\x00\x00\x02" "\x01{\"n\": 2}" *`, // timestamptz: TestCodec covers it
		`CommandComplete "SELECT 1"`,
		"ReadyForQuery I",
	)
}

func TestExtended_Errors(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	int8param := []byte{0, 0, 0, 0, 0, 0, 0, 1}
	for _, tc := range []struct {
		name string
		msgs []pgproto3.FrontendMessage
		want []string
	}{
		{"too few parameters",
			[]pgproto3.FrontendMessage{&pgproto3.Parse{Name: "p", Query: "SELECT n FROM things WHERE n = $1"}, &pgproto3.Bind{PreparedStatement: "p"}, &pgproto3.Execute{}},
			[]string{"ParseComplete", `ErrorResponse ERROR 08P01 "bind message supplies 0 parameters, but prepared statement \"p\" requires 1"`}},
		{"format count",
			[]pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "p", ParameterFormatCodes: []int16{1, 1}, Parameters: [][]byte{int8param}}},
			[]string{`ErrorResponse ERROR 08P01 "bind message has 2 parameter formats but 1 parameters"`}},
		{"bad binary parameter",
			[]pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "p", ParameterFormatCodes: []int16{1}, Parameters: [][]byte{{1, 2}}}},
			[]string{`ErrorResponse ERROR 22P03 "incorrect binary data format in bind parameter 1"`}},
		{"bad text parameter",
			[]pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "p", Parameters: [][]byte{[]byte("one")}}},
			[]string{`ErrorResponse ERROR 22P02 "invalid input syntax for type bigint: \"one\""`}},
		{"result format count",
			[]pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "p", Parameters: [][]byte{[]byte("1")}, ResultFormatCodes: []int16{0, 0}}},
			[]string{`ErrorResponse ERROR 08P01 "bind message has 2 result formats but query has 1 columns"`}},
		{"result format code",
			[]pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "p", Parameters: [][]byte{[]byte("1")}, ResultFormatCodes: []int16{2}}},
			[]string{`ErrorResponse ERROR 22023 "unsupported format code: 2"`}},
		{"several statements",
			[]pgproto3.FrontendMessage{&pgproto3.Parse{Query: "SELECT 1; SELECT 2"}},
			[]string{`ErrorResponse ERROR 42601 "cannot insert multiple commands into a prepared statement"`}},
		{"syntax error",
			[]pgproto3.FrontendMessage{&pgproto3.Parse{Query: "SELEC 1"}},
			[]string{`ErrorResponse ERROR 42601 "syntax error at or near \"SELEC\"" position=1`}},
		{"describe subtype",
			[]pgproto3.FrontendMessage{&pgproto3.Describe{ObjectType: 'X', Name: "p"}},
			[]string{`ErrorResponse ERROR 08P01 "invalid DESCRIBE message subtype 88"`}},
		{"close subtype",
			[]pgproto3.FrontendMessage{&pgproto3.Close{ObjectType: 'X', Name: "p"}},
			[]string{`ErrorResponse ERROR 08P01 "invalid CLOSE message subtype 88"`}},
		{"null parameter is fine",
			[]pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "p", Parameters: [][]byte{nil}}, &pgproto3.Execute{}},
			[]string{"BindComplete", `CommandComplete "SELECT 0"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.send(append(tc.msgs, &pgproto3.Sync{})...)
			c.expect(append(tc.want, "ReadyForQuery I")...)
		})
	}
}

// TestExtended_PipelinedTransaction is pgJDBC with autocommit off: BEGIN
// pipelined before the first statement, one Sync, a named portal fetched
// in steps across Syncs, then COMMIT.
func TestExtended_PipelinedTransaction(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(
		&pgproto3.Parse{Query: "BEGIN"}, &pgproto3.Bind{}, &pgproto3.Execute{MaxRows: 1},
		&pgproto3.Parse{Name: "S_1", Query: "SELECT id FROM things WHERE n >= $1", ParameterOIDs: []uint32{23}}, // setInt: int4
		&pgproto3.Bind{DestinationPortal: "C_1", PreparedStatement: "S_1", ParameterFormatCodes: []int16{1}, Parameters: [][]byte{int4(2)}},
		&pgproto3.Describe{ObjectType: 'P', Name: "C_1"},
		&pgproto3.Execute{Portal: "C_1", MaxRows: 2},
		&pgproto3.Sync{},
	)
	c.expect("ParseComplete", "BindComplete", `CommandComplete "BEGIN"`, "ParseComplete", "BindComplete",
		"RowDescription id:25/-1/-1/16390/1/0", `DataRow "vpn-2"`, `DataRow "vpn-3"`, "PortalSuspended", "ReadyForQuery T")
	c.send(&pgproto3.Execute{Portal: "C_1", MaxRows: 2}, &pgproto3.Sync{})
	c.expect(`DataRow "vpn-4"`, `DataRow "vpn-5"`, "PortalSuspended", "ReadyForQuery T")
	c.send(&pgproto3.Execute{Portal: "C_1", MaxRows: 2}, &pgproto3.Close{ObjectType: 'P', Name: "C_1"}, &pgproto3.Sync{})
	c.expect(`CommandComplete "SELECT 0"`, "CloseComplete", "ReadyForQuery T")
	c.send(&pgproto3.Parse{Query: "COMMIT"}, &pgproto3.Bind{}, &pgproto3.Execute{MaxRows: 1}, &pgproto3.Sync{})
	c.expect("ParseComplete", "BindComplete", `CommandComplete "COMMIT"`, "ReadyForQuery I")
}

// TestPgx runs pgx v5 in each of its query modes against the server and
// scans values through pgx's own decoders.
func TestPgx(t *testing.T) {
	env := startServer(t, Config{})
	ctx := context.Background()
	for _, mode := range []pgx.QueryExecMode{
		pgx.QueryExecModeCacheStatement, pgx.QueryExecModeCacheDescribe, pgx.QueryExecModeDescribeExec,
		pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol,
	} {
		t.Run(mode.String(), func(t *testing.T) {
			cfg, err := pgx.ParseConfig(env.connString(""))
			if err != nil {
				t.Fatal(err)
			}
			cfg.DefaultQueryExecMode = mode
			conn, err := pgx.ConnectConfig(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			for range 2 { // the second run uses the statement cache
				rows, err := conn.Query(ctx, "SELECT id, n, data, at FROM things WHERE n >= $1", 4)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for rows.Next() {
					var id string
					var n int64
					var data map[string]any
					var at time.Time
					if err := rows.Scan(&id, &n, &data, &at); err != nil {
						t.Fatal(err)
					}
					if data["n"] != float64(n) || !at.Equal(time.Date(2024, 1, 2, 3+int(n)-1, 4, 5, 0, time.UTC)) {
						t.Errorf("row %s: %v %v %v", id, n, data, at)
					}
					got = append(got, id)
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				if len(got) != 2 || got[0] != "vpn-4" || got[1] != "vpn-5" {
					t.Errorf("ids %v", got)
				}
			}
			var one int
			if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
				t.Errorf("SELECT 1: %v %v", one, err)
			}
		})
	}
}

// TestExtended_DeclaredUnusedParameters: types declared for parameters the
// query does not use are kept, as PostgreSQL keeps them.
func TestExtended_DeclaredUnusedParameters(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(
		&pgproto3.Parse{Name: "a", Query: "SELECT $1::int4", ParameterOIDs: []uint32{23, 25}},
		&pgproto3.Describe{ObjectType: 'S', Name: "a"},
		&pgproto3.Bind{PreparedStatement: "a", Parameters: [][]byte{[]byte("7"), []byte("unused")}},
		&pgproto3.Execute{},
		&pgproto3.Sync{},
	)
	c.expect("ParseComplete", "ParameterDescription [23 25]", "RowDescription int4:23/4/-1/0/0/0", "BindComplete", `DataRow "7"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I")
}

// TestDeallocate is psqlODBC's cycle: Parse a named plan, use it, drop it
// with SQL DEALLOCATE, reuse the name. SQL DEALLOCATE and Parse share one
// namespace, as in PostgreSQL.
func TestDeallocate(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(&pgproto3.Parse{Name: "_PLAN0x55748fdadb20", Query: "SELECT id FROM things WHERE n = $1"}, &pgproto3.Sync{})
	c.expect("ParseComplete", "ReadyForQuery I")
	c.send(&pgproto3.Bind{PreparedStatement: "_PLAN0x55748fdadb20", Parameters: [][]byte{[]byte("1")}}, &pgproto3.Execute{}, &pgproto3.Sync{})
	c.expect("BindComplete", `DataRow "vpn-1"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I")
	for _, step := range []struct {
		msgs []pgproto3.FrontendMessage
		want []string
	}{
		{[]pgproto3.FrontendMessage{&pgproto3.Query{String: `DEALLOCATE "_PLAN0x55748fdadb20"`}}, []string{`CommandComplete "DEALLOCATE"`, "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{&pgproto3.Parse{Name: "_PLAN0x55748fdadb20", Query: "SELECT 1"}, &pgproto3.Parse{Name: "Mixed", Query: "SELECT 1"}, &pgproto3.Sync{}}, []string{"ParseComplete", "ParseComplete", "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{&pgproto3.Query{String: "/* c */ deallocate prepare mixed"}}, []string{`ErrorResponse ERROR 26000 "prepared statement \"mixed\" does not exist"`, "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{&pgproto3.Query{String: `DEALLOCATE "Mixed";`}}, []string{`CommandComplete "DEALLOCATE"`, "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{&pgproto3.Parse{Query: "DEALLOCATE _PLAN0x55748fdadb20"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{}},
			[]string{"ParseComplete", "BindComplete", `ErrorResponse ERROR 26000 "prepared statement \"_plan0x55748fdadb20\" does not exist"`, "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{&pgproto3.Query{String: "DEALLOCATE ALL"}}, []string{`CommandComplete "DEALLOCATE ALL"`, "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{&pgproto3.Describe{ObjectType: 'S', Name: "_PLAN0x55748fdadb20"}, &pgproto3.Sync{}}, []string{`ErrorResponse ERROR 26000 "prepared statement \"_PLAN0x55748fdadb20\" does not exist"`, "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{&pgproto3.Parse{Name: "p", Query: "SELECT 1"}, &pgproto3.Sync{}, &pgproto3.Query{String: "DISCARD ALL"}, &pgproto3.Describe{ObjectType: 'S', Name: "p"}, &pgproto3.Sync{}},
			[]string{"ParseComplete", "ReadyForQuery I", `CommandComplete "DISCARD ALL"`, "ReadyForQuery I", `ErrorResponse ERROR 26000 "prepared statement \"p\" does not exist"`, "ReadyForQuery I"}},
	} {
		c.send(step.msgs...)
		c.expect(step.want...)
	}
}

// TestQuery_OneParsePerStatement: the server classifies statements from
// the executor's parse (no second reading of the text), and a prepared
// statement is not parsed again when it is bound and executed.
func TestQuery_OneParsePerStatement(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	for _, step := range []struct {
		msgs   []pgproto3.FrontendMessage
		parses int64
		want   []string
	}{
		{[]pgproto3.FrontendMessage{&pgproto3.Query{String: "SELECT n FROM things WHERE n = 1"}}, 1,
			[]string{"RowDescription n:20/8/-1/16390/2/0", `DataRow "1"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{&pgproto3.Query{String: "SELECT 1 AS a; DEALLOCATE ALL"}}, 1,
			[]string{"RowDescription a:23/4/-1/0/0/0", `DataRow "1"`, `CommandComplete "SELECT 1"`, `CommandComplete "DEALLOCATE ALL"`, "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{
			&pgproto3.Parse{Name: "s", Query: "SELECT n FROM things WHERE n = $1"},
			&pgproto3.Bind{PreparedStatement: "s", Parameters: [][]byte{[]byte("2")}},
			&pgproto3.Execute{}, &pgproto3.Sync{}}, 1,
			[]string{"ParseComplete", "BindComplete", `DataRow "2"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{
			&pgproto3.Bind{PreparedStatement: "s", Parameters: [][]byte{[]byte("3")}},
			&pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, &pgproto3.Sync{}}, 0,
			[]string{"BindComplete", "RowDescription n:20/8/-1/16390/2/0", `DataRow "3"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I"}},
		{[]pgproto3.FrontendMessage{
			&pgproto3.Parse{Query: "DEALLOCATE s"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{}}, 1,
			[]string{"ParseComplete", "BindComplete", `CommandComplete "DEALLOCATE"`, "ReadyForQuery I"}},
	} {
		before := parse.Parses()
		c.send(step.msgs...)
		c.expect(step.want...)
		if got := parse.Parses() - before; got != step.parses {
			t.Errorf("%T %+v: %d parses, want %d", step.msgs[0], step.msgs[0], got, step.parses)
		}
	}
}

// TestQuery_TransactionTags: each transaction statement's own tag, as
// PostgreSQL 15 gives it.
func TestQuery_TransactionTags(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(&pgproto3.Query{String: "START TRANSACTION READ ONLY; COMMIT; BEGIN ISOLATION LEVEL SERIALIZABLE; END"})
	c.expect(`CommandComplete "START TRANSACTION"`, `CommandComplete "COMMIT"`, `CommandComplete "BEGIN"`, `CommandComplete "COMMIT"`, "ReadyForQuery I")
}
