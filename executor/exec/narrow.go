package exec

import (
	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
)

// A narrowed join: an inner or left hash join on the region of a table that
// reads an API by account and region (catalog.Streamer, catalog.Located)
// first reads a few left rows. When the left side ends within NarrowLimit
// rows, the right scan is given the left rows' key values as constraints
// on the key columns it can push down: the regions (and accounts) of the
// rows found, and, when the join is on the account too and those are one
// region and one account, their other keys, such as the gateway ids of the
// connections found. It then calls for those objects only, where they
// are, instead of listing everything everywhere; with no left row it is
// not made at all. Only rows no left row could match are left out, and
// inner and left joins drop those anyway, so the join's result is the
// same. A longer left side, or a join not on the region, runs as a plain
// hash join: ids asked for in every region would cost each region a
// second call for the ids it lacks.

// NarrowLimit is the most left rows a narrowed join reads before its right
// side: the values become the calls' id lists and filters.
const NarrowLimit = 100

// narrowing is what a join's right side can be narrowed by: the scan, and
// each key column it pushes down with its value over the left row.
type narrowing struct {
	scan     *TableScan
	cols     []int       // the scan's columns
	keys     []expr.Expr // their values, over the left row
	location []bool      // cols[i] is the region or account column
	// byAccount: the table has no account column, or the join is on it;
	// without it ids are asked for in every account of the region.
	byAccount bool
}

// narrowingOf returns how j's right side can be narrowed, or nil.
func narrowingOf(j *JoinRel) *narrowing {
	if j.Lateral || (j.Kind != "inner" && j.Kind != "left") {
		return nil
	}
	r := j.Right
	for {
		f, ok := r.(*FilterRel)
		if !ok {
			break
		}
		r = f.Rel
	}
	scan, ok := r.(*TableScan)
	if !ok || scan.origin != nil {
		return nil
	}
	loc, ok := scan.Table.(catalog.Located)
	if _, streams := scan.Table.(catalog.Streamer); !ok || !streams {
		return nil
	}
	region, account := loc.LocationColumns()
	n := &narrowing{scan: scan}
	onRegion := false
	left, right := HashKeys(j.Cond, Width(j.Left))
	for i, k := range right {
		if c, ok := k.(*expr.ColExpr); ok && scan.Table.Pushable(c.Idx) {
			n.cols, n.keys = append(n.cols, c.Idx), append(n.keys, left[i])
			n.location = append(n.location, c.Idx == region || c.Idx == account)
			onRegion = onRegion || c.Idx == region
			n.byAccount = n.byAccount || c.Idx == account
		}
	}
	n.byAccount = n.byAccount || account < 0
	if !onRegion {
		return nil
	}
	return n
}

// NarrowedBy names the right side's columns a join narrows by (EXPLAIN);
// none when it is not a narrowed join.
func NarrowedBy(j *JoinRel) []string {
	n := narrowingOf(j)
	if n == nil {
		return nil
	}
	var out []string
	for _, c := range n.cols {
		out = append(out, n.scan.Cols[c].Name)
	}
	return out
}

// constraints are the key columns' values in the left rows, each column's
// distinct and without NULL (which matches nothing); the other keys than
// region and account only when those are one (and the join is on the
// account). nil: no narrowing.
func (n *narrowing) constraints(e *expr.Env, rows [][]any) ([]catalog.Constraint, error) {
	out := make([]catalog.Constraint, len(n.cols))
	ev := *e
	for i, col := range n.cols {
		out[i] = catalog.Constraint{Column: col, Values: []any{}}
		seen := map[any]bool{}
		for _, l := range rows {
			ev.Row = l
			v, err := n.keys[i].Eval(&ev)
			if err != nil {
				return nil, err
			}
			if v == nil || !isKey(v) {
				if v != nil {
					return nil, nil // not a value a constraint can carry: no narrowing
				}
				continue
			}
			if !seen[v] {
				seen[v] = true
				out[i].Values = append(out[i].Values, v)
			}
		}
	}
	oneSource := n.byAccount
	for i := range out {
		oneSource = oneSource && (!n.location[i] || len(out[i].Values) <= 1)
	}
	if !oneSource {
		kept := out[:0]
		for i, c := range out {
			if n.location[i] {
				kept = append(kept, c)
			}
		}
		out = kept
	}
	return out, nil
}

// narrowed returns rel (the join's right side) with its scan given the
// extra constraints: a copy, the plan is shared by the statement's
// executions.
func narrowed(rel Relation, scan *TableScan, extra []catalog.Constraint) Relation {
	switch r := rel.(type) {
	case *FilterRel:
		c := *r
		c.Rel = narrowed(r.Rel, scan, extra)
		return &c
	case *TableScan:
		c := *r
		c.origin, c.extra = scan, extra
		return &c
	}
	return rel
}

// bufferedRows replays rows read ahead, then the rest of an iterator.
type bufferedRows struct {
	rows [][]any
	rest RowIter // nil: rows are all
}

func (b *bufferedRows) Next() ([]any, error) {
	if len(b.rows) > 0 {
		r := b.rows[0]
		b.rows = b.rows[1:]
		return r, nil
	}
	if b.rest == nil {
		return nil, nil
	}
	return b.rest.Next()
}

func (b *bufferedRows) Close() {
	b.rows = nil
	if b.rest != nil {
		b.rest.Close()
	}
}

// readAhead reads up to limit rows of it. When it ends within them, done
// is true and it is closed.
func readAhead(it RowIter, limit int) (rows [][]any, done bool, err error) {
	for len(rows) < limit {
		r, err := it.Next()
		if err != nil {
			return nil, false, err
		}
		if r == nil {
			it.Close()
			return rows, true, nil
		}
		rows = append(rows, r)
	}
	return rows, false, nil
}
