package exec

import (
	"context"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
)

// A lookup join is an inner or left join whose right side is a scan (under
// filters, perhaps) of a table that answers an equality on a column from
// an index, as pg_catalog's relations do: for each left row it scans the
// right table with one more constraint, the join key's value, instead of
// collecting the whole right side and hashing it. psql's and pgJDBC's
// catalog queries join pg_class, pg_attribute, pg_type and
// pg_description, thousands of rows each, to find a few dozen; PostgreSQL
// runs them as nested loops over its catalog indexes.

// keyIndexed is a table that answers an equality on a column from an
// index (pgcatalog's relations).
type keyIndexed interface {
	Indexed(col int) bool
}

// lookup is the right side of a lookup join.
type lookup struct {
	scan    *TableScan
	filters []expr.Expr // the conditions of FilterRels between the join and the scan
	col     int         // the right column looked up
	key     expr.Expr   // its value, over the left row
}

// lookupOf returns the lookup a join can use, or nil.
func lookupOf(j *JoinRel) *lookup {
	if j.Lateral || (j.Kind != "inner" && j.Kind != "left") {
		return nil
	}
	lk := &lookup{}
	r := j.Right
	for {
		if f, ok := r.(*FilterRel); ok {
			lk.filters = append(lk.filters, f.Cond)
			r = f.Rel
			continue
		}
		break
	}
	scan, ok := r.(*TableScan)
	if !ok {
		return nil
	}
	ix, ok := scan.Table.(keyIndexed)
	if !ok {
		return nil
	}
	left, right := HashKeys(j.Cond, Width(j.Left))
	for i, k := range right {
		if c, ok := k.(*expr.ColExpr); ok && ix.Indexed(c.Idx) {
			lk.scan, lk.col, lk.key = scan, c.Idx, left[i]
			return lk
		}
	}
	return nil
}

// LookupJoin reports whether j runs as a lookup join (EXPLAIN names it a
// nested loop, as PostgreSQL names an index nested loop).
func LookupJoin(j *JoinRel) bool { return lookupOf(j) != nil }

// lookupIter answers a lookup join's right rows for one left row at a
// time. The rows scanned for a key are kept for the rest of the execution
// (the same type or class is looked up for many rows); the filters run
// for each left row.
type lookupIter struct {
	lk   *lookup
	e    *expr.Env
	ctx  context.Context
	req  catalog.ScanRequest
	rec  *expr.ScanRecord
	seen map[any][][]any
}

func (lk *lookup) open(e *expr.Env) (*lookupIter, error) {
	req, err := lk.scan.ScanRequest(e)
	if err != nil {
		return nil, err
	}
	it := &lookupIter{lk: lk, e: e, req: req, seen: map[any][][]any{}}
	if e.Exec.Stats != nil {
		if it.rec = e.Exec.Stats[lk.scan]; it.rec == nil {
			it.rec = &expr.ScanRecord{}
			e.Exec.Stats[lk.scan] = it.rec
		}
		it.req.Stats = &it.rec.Stats
	}
	it.ctx = catalog.WithSession(e.Ctx, e.Session.CatalogSession())
	return it, nil
}

// rows returns the right rows whose key column equals the left row's key
// and that pass the filters; none for a NULL key.
func (it *lookupIter) rows(l []any) ([][]any, error) {
	ev := *it.e
	ev.Row = l
	v, err := it.lk.key.Eval(&ev)
	if err != nil || v == nil {
		return nil, err
	}
	rows, ok := it.seen[v]
	if !ok {
		if rows, err = it.scan(v); err != nil {
			return nil, err
		}
		if isKey(v) {
			it.seen[v] = rows
		}
	}
	if len(it.lk.filters) == 0 {
		return rows, nil
	}
	fe := it.e.Sibling()
	var kept [][]any
	for _, r := range rows {
		fe.Row = r
		ok := true
		for i := len(it.lk.filters) - 1; i >= 0 && ok; i-- { // innermost first, as the FilterRels run
			t, err := it.lk.filters[i].Eval(fe)
			if err != nil {
				return nil, err
			}
			ok = t == true
		}
		if ok {
			kept = append(kept, r)
		}
	}
	return kept, nil
}

// scan reads the right table's rows whose key column equals v.
func (it *lookupIter) scan(v any) ([][]any, error) {
	req := it.req
	req.Constraints = append(req.Constraints[:len(req.Constraints):len(req.Constraints)], catalog.Constraint{Column: it.lk.col, Values: []any{v}})
	rows, err := it.lk.scan.Table.Scan(it.ctx, req)
	if it.rec != nil {
		it.rec.Loops++
		it.rec.Rows += len(rows)
	}
	if err != nil {
		return nil, err
	}
	if err := it.e.Charge("Foreign Scan", rows...); err != nil {
		return nil, err
	}
	return rows, nil
}

// isKey reports whether v can key the map of rows found.
func isKey(v any) bool {
	switch v.(type) {
	case int64, string, bool:
		return true
	}
	return false
}
