package server

import (
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/executor/expr"
)

// TestCursorSQL: DECLARE, FETCH, MOVE and CLOSE in simple Queries, with
// PostgreSQL 15's messages, tags and errors for the same statements
// (generate_series standing in for its table).
func TestCursorSQL(t *testing.T) {
	pool := &expr.MemoryPool{}
	env := startServer(t, Config{Engine: &executor.Engine{Catalog: catalog.New(newThings()), Memory: pool}})
	c := env.start(t, nil)
	q := func(sql string, want ...string) {
		t.Helper()
		c.send(&pgproto3.Query{String: sql})
		c.expect(want...)
	}
	const desc = "RowDescription g:23/4/-1/0/0/0"
	q("DECLARE c CURSOR FOR SELECT g FROM generate_series(1,5) g",
		`ErrorResponse ERROR 25P01 "DECLARE CURSOR can only be used in transaction blocks"`, "ReadyForQuery I")
	q("BEGIN", `CommandComplete "BEGIN"`, "ReadyForQuery T")
	q("DECLARE c NO SCROLL CURSOR FOR SELECT g FROM generate_series(1,5) g", `CommandComplete "DECLARE CURSOR"`, "ReadyForQuery T")
	q("FETCH 2 FROM c", desc, `DataRow "1"`, `DataRow "2"`, `CommandComplete "FETCH 2"`, "ReadyForQuery T")
	q("FETCH NEXT FROM c", desc, `DataRow "3"`, `CommandComplete "FETCH 1"`, "ReadyForQuery T")
	q("MOVE 1 IN c", `CommandComplete "MOVE 1"`, "ReadyForQuery T")
	q("FETCH ALL FROM c", desc, `DataRow "5"`, `CommandComplete "FETCH 1"`, "ReadyForQuery T")
	q("FETCH 1 FROM c", desc, `CommandComplete "FETCH 0"`, "ReadyForQuery T")
	q("DECLARE c CURSOR FOR SELECT 1", `ErrorResponse ERROR 42P03 "cursor \"c\" already exists"`, "ReadyForQuery E")
	q("FETCH 1 FROM c", `ErrorResponse ERROR 25P02 "current transaction is aborted, commands ignored until end of transaction block"`, "ReadyForQuery E")
	q("ROLLBACK", `CommandComplete "ROLLBACK"`, "ReadyForQuery I")
	q("FETCH 1 FROM c", `ErrorResponse ERROR 34000 "cursor \"c\" does not exist"`, "ReadyForQuery I") // the transaction took it

	q("BEGIN; DECLARE d CURSOR FOR SELECT n FROM things ORDER BY n", `CommandComplete "BEGIN"`, `CommandComplete "DECLARE CURSOR"`, "ReadyForQuery T")
	q("FETCH PRIOR FROM d", `ErrorResponse ERROR 55000 "cursor can only scan forward"`, "ReadyForQuery E")
	q("ROLLBACK", `CommandComplete "ROLLBACK"`, "ReadyForQuery I")

	// In one Query message, an implicit block: declared, read, and gone after.
	q("DECLARE e CURSOR FOR SELECT g FROM generate_series(1,3) g; FETCH 2 FROM e",
		`CommandComplete "DECLARE CURSOR"`, desc, `DataRow "1"`, `DataRow "2"`, `CommandComplete "FETCH 2"`, "ReadyForQuery I")
	q("CLOSE e", `ErrorResponse ERROR 34000 "cursor \"e\" does not exist"`, "ReadyForQuery I")

	// WITH HOLD outlives its transaction, until CLOSE.
	q("DECLARE h CURSOR WITH HOLD FOR SELECT g FROM generate_series(7,9) g", `CommandComplete "DECLARE CURSOR"`, "ReadyForQuery I")
	q("BEGIN; COMMIT", `CommandComplete "BEGIN"`, `CommandComplete "COMMIT"`, "ReadyForQuery I")
	q("FETCH h", desc, `DataRow "7"`, `CommandComplete "FETCH 1"`, "ReadyForQuery I")
	q("CLOSE ALL", `CommandComplete "CLOSE CURSOR ALL"`, "ReadyForQuery I")
	q("FETCH h", `ErrorResponse ERROR 34000 "cursor \"h\" does not exist"`, "ReadyForQuery I")

	q("BEGIN; DECLARE s SCROLL CURSOR FOR SELECT 1", `CommandComplete "BEGIN"`,
		`ErrorResponse ERROR 0A000 "scrollable cursors are not supported"`, "ReadyForQuery E")
	q("ROLLBACK", `CommandComplete "ROLLBACK"`, "ReadyForQuery I")

	// Through the extended protocol, as psycopg 3 sends them: DECLARE
	// with a parameter, the cursor's portal described, FETCH described
	// and run (in binary, its portal's format), MOVE, CLOSE.
	q("BEGIN", `CommandComplete "BEGIN"`, "ReadyForQuery T")
	c.send(&pgproto3.Parse{Query: "DECLARE x CURSOR FOR SELECT g FROM generate_series(1, $1) g"},
		&pgproto3.Bind{Parameters: [][]byte{[]byte("4")}}, &pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, &pgproto3.Sync{})
	c.expect("ParseComplete", "BindComplete", "NoData", `CommandComplete "DECLARE CURSOR"`, "ReadyForQuery T")
	c.send(&pgproto3.Describe{ObjectType: 'P', Name: "x"}, &pgproto3.Sync{})
	c.expect(desc, "ReadyForQuery T")
	c.send(&pgproto3.Parse{Query: "FETCH FORWARD 2 FROM x"}, &pgproto3.Bind{ResultFormatCodes: []int16{1}},
		&pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, &pgproto3.Sync{})
	c.expect("ParseComplete", "BindComplete", "RowDescription g:23/4/-1/0/0/1", "DataRow \"\\x00\\x00\\x00\\x01\"", "DataRow \"\\x00\\x00\\x00\\x02\"",
		`CommandComplete "FETCH 2"`, "ReadyForQuery T")
	c.send(&pgproto3.Parse{Query: "MOVE ALL IN x"}, &pgproto3.Bind{}, &pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, &pgproto3.Sync{})
	c.expect("ParseComplete", "BindComplete", "NoData", `CommandComplete "MOVE 2"`, "ReadyForQuery T")
	c.send(&pgproto3.Parse{Query: "CLOSE x"}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{})
	c.expect("ParseComplete", "BindComplete", `CommandComplete "CLOSE CURSOR"`, "ReadyForQuery T")
	q("COMMIT", `CommandComplete "COMMIT"`, "ReadyForQuery I")

	// A cursor read to its end lets its statement's memory go at once:
	// each held a reservation until the session ended.
	q("BEGIN; DECLARE z CURSOR FOR SELECT 1 AS one; FETCH ALL FROM z; MOVE ALL IN z",
		`CommandComplete "BEGIN"`, `CommandComplete "DECLARE CURSOR"`, "RowDescription one:23/4/-1/0/0/0", `DataRow "1"`,
		`CommandComplete "FETCH 1"`, `CommandComplete "MOVE 0"`, "ReadyForQuery T")
	if st := pool.Statements(); len(st) != 0 || pool.Used() != 0 {
		t.Errorf("after the cursor's end: %d statements hold %d bytes", len(st), pool.Used())
	}
	q("COMMIT", `CommandComplete "COMMIT"`, "ReadyForQuery I")
}

// TestCursorSQL_NotOverWrites: neither a cursor's query nor a FETCH may
// make AWS calls a batch at a time: DECLARE over a write function, and
// FETCH from a portal Bind made of a write, are refused before any call.
func TestCursorSQL_NotOverWrites(t *testing.T) {
	w := startWriteServer(t)
	w.writes()
	c := w.start(t, nil)
	c.send(&pgproto3.Query{String: "BEGIN"})
	c.expect(`CommandComplete "BEGIN"`, "ReadyForQuery T")
	c.send(&pgproto3.Parse{Query: w.update() + " RETURNING 1"}, &pgproto3.Bind{DestinationPortal: "u"}, &pgproto3.Sync{})
	c.expect("ParseComplete", "BindComplete", "ReadyForQuery T")
	c.send(&pgproto3.Query{String: "FETCH 1 FROM u"})
	c.expect(`ErrorResponse ERROR 0A000 "cannot FETCH from portal \"u\": it changes AWS resources"`, "ReadyForQuery E")
	c.send(&pgproto3.Query{String: "ROLLBACK"})
	c.expect(`CommandComplete "ROLLBACK"`, "ReadyForQuery I")
	c.send(&pgproto3.Query{String: `BEGIN; DECLARE d CURSOR FOR SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.9.0.0/16') r WHERE v."vpnConnectionId" = '` + w.id + `'`})
	c.expect(`CommandComplete "BEGIN"`, `ErrorResponse ERROR 0A000 "DECLARE CURSOR must not change AWS resources"`, "ReadyForQuery E")
	c.send(&pgproto3.Query{String: "ROLLBACK"})
	c.expect(`CommandComplete "ROLLBACK"`, "ReadyForQuery I")
	if n := w.writes(); n != 0 {
		t.Errorf("%d write calls, want none", n)
	}
}
