package stmt

import (
	"math"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/bind"
)

// SQL-level cursors' statements, bound to their parts; the server runs
// them on its portals, as it runs PREPARE and EXECUTE on its prepared
// statements.

// SQLDeclare is DECLARE name CURSOR ... FOR query, the query as SQL text.
type SQLDeclare struct {
	Name, Query          string
	Binary, Scroll, Hold bool
}

// The DeclareCursorStmt options PostgreSQL's grammar sets (CURSOR_OPT_*).
const (
	cursorBinary = 0x0001
	cursorScroll = 0x0002
	cursorHold   = 0x0020
)

// Declare reports whether the statement is DECLARE, and its parts.
func (st *Statement) Declare() (d SQLDeclare, ok bool, err error) {
	n := st.node.GetDeclareCursorStmt()
	if n == nil {
		return d, false, nil
	}
	d.Name = n.Portalname
	d.Binary, d.Scroll, d.Hold = n.Options&cursorBinary != 0, n.Options&cursorScroll != 0, n.Options&cursorHold != 0
	d.Query, err = bind.DeparseStatement(n.Query)
	return d, true, err
}

// SQLFetch is FETCH or MOVE. Forward is a fetch of Count rows onward (ALL:
// Count 0); every other direction, and FORWARD 0 (the current row again),
// has Forward false.
type SQLFetch struct {
	Name    string
	Move    bool
	Forward bool
	Count   int64
}

// Fetch reports whether the statement is FETCH or MOVE, and its parts.
func (st *Statement) Fetch() (f SQLFetch, ok bool) {
	n := st.node.GetFetchStmt()
	if n == nil {
		return f, false
	}
	f.Name, f.Move = n.Portalname, n.Ismove
	if n.Direction == pg_query.FetchDirection_FETCH_FORWARD && n.HowMany > 0 {
		f.Forward = true
		if n.HowMany != math.MaxInt64 { // FETCH_ALL
			f.Count = n.HowMany
		}
	}
	return f, true
}

// CloseCursor reports whether the statement is CLOSE, and the cursor it
// names ("" for CLOSE ALL).
func (st *Statement) CloseCursor() (name string, ok bool) {
	n := st.node.GetClosePortalStmt()
	if n == nil {
		return "", false
	}
	return n.Portalname, true
}
