package executor

import (
	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// relation is a FROM item: it knows its columns at plan time and produces
// its rows at execution. rows is called with an env whose outer is the
// context the item was bound against: the enclosing query level, or for a
// LATERAL item the current left row.
type relation interface {
	columns() []scopeCol
	rows(e *env) ([][]any, error)
}

// oneRow is the FROM-less input: a single row with no columns.
type oneRow struct{}

func (oneRow) columns() []scopeCol        { return nil }
func (oneRow) rows(*env) ([][]any, error) { return [][]any{{}}, nil }

// tableScan reads a catalog table, sending the pushed-down constraints.
type tableScan struct {
	table  catalog.Table
	cols   []scopeCol
	pushed []pushedConstraint
}

func (t *tableScan) columns() []scopeCol { return t.cols }

func (t *tableScan) rows(e *env) ([][]any, error) {
	req, err := t.scanRequest(e)
	if err != nil {
		return nil, err
	}
	var rec *scanRecord
	if e.exec.stats != nil {
		if rec = e.exec.stats[t]; rec == nil {
			rec = &scanRecord{}
			e.exec.stats[t] = rec
		}
		req.Stats = &rec.stats
	}
	ctx := catalog.WithSession(e.ctx, e.s.catalogSession())
	rows, err := t.table.Scan(ctx, req)
	if rec != nil {
		rec.rows += len(rows)
		rec.loops++
	}
	if err != nil {
		return nil, err
	}
	if err := e.charge("Foreign Scan", rows...); err != nil {
		return nil, err
	}
	return rows, nil
}

func (t *tableScan) scanRequest(e *env) (catalog.ScanRequest, error) {
	var req catalog.ScanRequest
	for _, pc := range t.pushed {
		if pc.contains != nil {
			cs, err := containsConstraints(e, pc)
			if err != nil {
				return req, err
			}
			req.Constraints = append(req.Constraints, cs...)
			continue
		}
		c := catalog.Constraint{Column: pc.column, Values: []any{}}
		if pc.pattern != nil {
			v, err := pc.pattern.eval(e)
			if err != nil {
				return req, err
			}
			if lit, exact := anchoredLiteral(v); exact {
				req.Constraints = append(req.Constraints, catalog.Constraint{Column: pc.column, Values: []any{lit}})
			}
			continue
		}
		if pc.key != nil {
			k, err := pc.key.eval(e)
			if err != nil {
				return req, err
			}
			key, ok := k.(string)
			if !ok {
				continue // a NULL key matches nothing; leave it to the filter
			}
			c.Key = key
		}
		for _, x := range pc.values {
			v, err := x.eval(e)
			if err != nil {
				return req, err
			}
			if v != nil {
				c.Values = append(c.Values, v)
			}
		}
		if pc.array != nil {
			v, err := pc.array.eval(e)
			if err != nil {
				return req, err
			}
			arr, _ := v.([]any)
			for _, el := range arr {
				if el != nil {
					c.Values = append(c.Values, el)
				}
			}
		}
		req.Constraints = append(req.Constraints, c)
	}
	return req, nil
}

// subqueryRel is a subquery in FROM (or a CTE reference). Uncorrelated
// results are computed once per execution.
type subqueryRel struct {
	plan       queryPlan
	cols       []scopeCol
	correlated bool
	cacheKey   any // shared by every reference to one CTE
}

func (r *subqueryRel) columns() []scopeCol { return r.cols }

func (r *subqueryRel) rows(e *env) ([][]any, error) {
	if !r.correlated {
		if rows, ok := e.exec.cache[r.cacheKey]; ok {
			return rows, nil
		}
	}
	rows, err := r.plan.run(e.sibling())
	if err != nil {
		return nil, err
	}
	if !r.correlated {
		e.exec.cache[r.cacheKey] = rows
	}
	return rows, nil
}

// joinRel joins two relations with a nested loop. A lateral right side is
// evaluated once per left row, with that row as its outer context.
type joinRel struct {
	left, right relation
	kind        string // "inner", "left", "right", "full", "cross"
	cond        expr   // over left ++ right columns; nil = true
	lateral     bool
	hideRight   []int  // right columns merged into the left by USING/NATURAL
	condText    string // for EXPLAIN
	// condReadsResult: cond reads the result of a write function.
	condReadsResult bool
}

func (j *joinRel) columns() []scopeCol {
	right := append([]scopeCol(nil), j.right.columns()...)
	for _, i := range j.hideRight {
		right[i].hidden = true
	}
	return append(append([]scopeCol(nil), j.left.columns()...), right...)
}

func (j *joinRel) rows(e *env) ([][]any, error) {
	left, err := j.left.rows(e)
	if err != nil {
		return nil, err
	}
	nl, nr := len(j.left.columns()), len(j.right.columns())
	var right [][]any
	var index *hashIndex
	if !j.lateral {
		if right, err = j.right.rows(e); err != nil {
			return nil, err
		}
		if lk, rk := hashKeys(j.cond, nl); len(lk) > 0 {
			if index, err = buildHashIndex(e, right, lk, rk); err != nil {
				return nil, err
			}
		}
	}
	op := "Nested Loop"
	if index != nil {
		op = "Hash Join"
	}
	var out [][]any
	rightMatched := make([]bool, len(right))
	scratch := make([]any, nl+nr)
	ce := *e
	ce.row = scratch
	all := func(n int) []int {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	for _, l := range left {
		// Each left row costs a pass over its candidates: check every time.
		if err := checkProgress(e, 0); err != nil {
			return nil, err
		}
		if j.lateral {
			leftRow := e.sibling()
			leftRow.row = l
			if right, err = j.right.rows(leftRow.nested()); err != nil {
				return nil, err
			}
		}
		candidates := []int(nil)
		if index != nil {
			if candidates, err = index.probe(e, l); err != nil {
				return nil, err
			}
		} else {
			candidates = all(len(right))
		}
		matched := false
		copy(scratch, l)
		for _, ri := range candidates {
			r := right[ri]
			copy(scratch[nl:], r)
			if j.cond != nil {
				v, err := j.cond.eval(&ce)
				if err != nil {
					return nil, err
				}
				if v != true {
					continue
				}
			}
			matched = true
			if !j.lateral {
				rightMatched[ri] = true
			}
			row := append(append(make([]any, 0, nl+nr), l...), r...)
			if err := e.charge(op, row); err != nil {
				return nil, err
			}
			out = append(out, row)
		}
		if !matched && (j.kind == "left" || j.kind == "full") {
			row := append(append(make([]any, 0, nl+nr), l...), make([]any, nr)...)
			if err := e.charge(op, row); err != nil {
				return nil, err
			}
			out = append(out, row)
		}
	}
	if j.kind == "right" || j.kind == "full" {
		for ri, r := range right {
			if !rightMatched[ri] {
				row := append(make([]any, nl), r...)
				if err := e.charge(op, row); err != nil {
					return nil, err
				}
				out = append(out, row)
			}
		}
	}
	return out, nil
}

// hashIndex maps the right side's join-key values to its rows. A row with
// a NULL key is left out: NULL equals nothing.
type hashIndex struct {
	left    []expr // key expressions over the left row
	buckets map[string][]int
}

func buildHashIndex(e *env, right [][]any, left, rightKeys []expr) (*hashIndex, error) {
	h := &hashIndex{left: left, buckets: map[string][]int{}}
	ev := *e
	for i, r := range right {
		ev.row = r
		key, ok, err := evalKey(&ev, rightKeys)
		if err != nil {
			return nil, err
		}
		if ok {
			// A key string and its bucket entry.
			if err := e.account().grow("Hash", int64(2*wordSize+len(key)+wordSize)); err != nil {
				return nil, err
			}
			h.buckets[key] = append(h.buckets[key], i)
		}
	}
	return h, nil
}

func (h *hashIndex) probe(e *env, l []any) ([]int, error) {
	ev := *e
	ev.row = l
	key, ok, err := evalKey(&ev, h.left)
	if err != nil || !ok {
		return nil, err
	}
	return h.buckets[key], nil
}

// evalKey builds a map key from key expressions; ok is false when one is
// NULL.
func evalKey(e *env, keys []expr) (string, bool, error) {
	vals := make([]any, len(keys))
	for i, k := range keys {
		v, err := k.eval(e)
		if err != nil {
			return "", false, err
		}
		if v == nil {
			return "", false, nil
		}
		vals[i] = v
	}
	return groupKey(vals), true, nil
}

// valuesRel is VALUES (...), (...).
type valuesRel struct {
	cols  []scopeCol
	exprs [][]expr
}

func (v *valuesRel) columns() []scopeCol { return v.cols }

func (v *valuesRel) rows(e *env) ([][]any, error) {
	out := make([][]any, len(v.exprs))
	for i, row := range v.exprs {
		vals := make([]any, len(row))
		for j, x := range row {
			val, err := x.eval(e)
			if err != nil {
				return nil, err
			}
			vals[j] = val
		}
		if err := e.charge("Values Scan", vals); err != nil {
			return nil, err
		}
		out[i] = vals
	}
	return out, nil
}

// workTable is the recursive reference of a WITH RECURSIVE query: it
// returns the rows of the previous iteration.
type workTable struct {
	cols []scopeCol
	key  any
}

func (w *workTable) columns() []scopeCol { return w.cols }

func (w *workTable) rows(e *env) ([][]any, error) {
	rows, ok := e.exec.cache[w.key]
	if !ok {
		return nil, pgerr.New(pgerr.InternalError, "recursive query work table is not set")
	}
	return rows, nil
}

// containsConstraints turns tagSet @> '[{"key": k, "value": v}]' into
// key constraints; elements of another shape are left to the filter.
func containsConstraints(e *env, pc pushedConstraint) ([]catalog.Constraint, error) {
	v, err := pc.contains.eval(e)
	if err != nil || v == nil {
		return nil, err
	}
	var out []catalog.Constraint
	items, _ := v.(catalog.JSON).V.([]any)
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		k, kok := m["key"].(string)
		val, vok := m["value"].(string)
		if kok && vok {
			out = append(out, catalog.Constraint{Column: pc.column, Key: k, Values: []any{val}})
		}
	}
	return out, nil
}

// checkProgress is called in long loops: it stops work for a cancelled
// statement (CancelRequest, statement_timeout). What the loop holds is
// charged to the statement's memory account (memory.go) where it is kept.
func checkProgress(e *env, i int) error {
	if i%1024 == 0 {
		return e.ctx.Err()
	}
	return nil
}
