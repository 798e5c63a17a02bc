package server

import (
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"
)

// TestInput_RefusedOnArrival: text that is not valid UTF-8, or holds a NUL,
// is refused with 22021 wherever it arrives (a Query, a Parse, a Bind
// parameter in either format), and a parameter number no Bind can carry
// with 42P02, at once; the session goes on. The messages are PostgreSQL
// 15's for the same bytes.
func TestInput_RefusedOnArrival(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	parseBind := func(query string, format int16, param string) []pgproto3.FrontendMessage {
		return []pgproto3.FrontendMessage{&pgproto3.Parse{Query: query, ParameterOIDs: []uint32{25}},
			&pgproto3.Bind{ParameterFormatCodes: []int16{format}, Parameters: [][]byte{[]byte(param)}},
			&pgproto3.Execute{}, &pgproto3.Sync{}}
	}
	for _, step := range []struct {
		name string
		msgs []pgproto3.FrontendMessage
		want []string
	}{
		{"Query", []pgproto3.FrontendMessage{&pgproto3.Query{String: "SELECT '\xff'"}},
			[]string{`ErrorResponse ERROR 22021 "invalid byte sequence for encoding \"UTF8\": 0xff"`, "ReadyForQuery I"}},
		{"Query, in a comment", []pgproto3.FrontendMessage{&pgproto3.Query{String: "SELECT 1 -- \xc3\x28"}},
			[]string{`ErrorResponse ERROR 22021 "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28"`, "ReadyForQuery I"}},
		{"Parse", []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "SELECT 1 AS \"a\x80\""}, &pgproto3.Sync{}},
			[]string{`ErrorResponse ERROR 22021 "invalid byte sequence for encoding \"UTF8\": 0x80"`, "ReadyForQuery I"}},
		{"Bind, text format", parseBind("SELECT $1::text", 0, "ab\x00cd"),
			[]string{"ParseComplete", `ErrorResponse ERROR 22021 "invalid byte sequence for encoding \"UTF8\": 0x00"`, "ReadyForQuery I"}},
		{"Bind, binary text", parseBind("SELECT $1::text", 1, "\xed\xa0\x80"),
			[]string{"ParseComplete", `ErrorResponse ERROR 22021 "invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80"`, "ReadyForQuery I"}},
		{"a parameter number past Bind's", []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "SELECT $99999999999"}, &pgproto3.Sync{}},
			[]string{`ErrorResponse ERROR 42P02 "there is no parameter $1215752191" position=8`, "ReadyForQuery I"}},
		{"one past the most Bind can carry", []pgproto3.FrontendMessage{&pgproto3.Parse{Query: "SELECT $65536"}, &pgproto3.Sync{}},
			[]string{`ErrorResponse ERROR 42P02 "there is no parameter $65536" position=8`, "ReadyForQuery I"}},
		{"valid text still goes through", parseBind("SELECT $1::text", 0, "héllo ✓"),
			[]string{"ParseComplete", "BindComplete", `DataRow "héllo ✓"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I"}},
	} {
		t.Run(step.name, func(t *testing.T) {
			c.send(step.msgs...)
			c.expect(step.want...)
		})
	}
}

// TestInput_NoParametersInQuery: a simple Query has no parameters, so $n
// there names none (42P02 at its position, as in PostgreSQL 15), while
// PREPARE's statement has its own.
func TestInput_NoParametersInQuery(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(&pgproto3.Query{String: "SELECT $5"})
	c.expect(`ErrorResponse ERROR 42P02 "there is no parameter $5" position=8`, "ReadyForQuery I")
	c.send(&pgproto3.Query{String: "PREPARE p(int) AS SELECT $1 + 1; EXECUTE p(2)"})
	c.expect(`CommandComplete "PREPARE"`, "RowDescription ?column?:23/4/-1/0/0/0", `DataRow "3"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I")
}

// TestInput_NoParametersInQueryStatements: nor in the statements a
// simple Query's EXECUTE and DECLARE carry.
func TestInput_NoParametersInQueryStatements(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	c.send(&pgproto3.Query{String: "PREPARE p(int) AS SELECT $1; EXECUTE p($1)"})
	c.expect(`CommandComplete "PREPARE"`, `ErrorResponse ERROR 42P02 "there is no parameter $1"`, "ReadyForQuery I")
	c.send(&pgproto3.Query{String: "BEGIN; DECLARE c CURSOR FOR SELECT $2"})
	c.expect(`CommandComplete "BEGIN"`, `ErrorResponse ERROR 42P02 "there is no parameter $2"`, "ReadyForQuery E")
}
