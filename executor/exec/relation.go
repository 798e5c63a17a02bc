package exec

import (
	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Relation is a FROM item: it knows its columns at plan time and yields
// its rows at execution (iter.go). Open is called with an env whose outer
// level is the context the item was bound against: the enclosing query level, or
// for a LATERAL item the current left row.
type Relation interface {
	Columns() []expr.ScopeCol
	Open(e *expr.Env) (RowIter, error)
}

// OneRow is the FROM-less input: a single row with no columns.
type OneRow struct{}

func (OneRow) Columns() []expr.ScopeCol { return nil }

func (OneRow) Open(*expr.Env) (RowIter, error) { return SliceRows([][]any{{}}), nil }

// TableScan reads a catalog table, sending the pushed-down constraints.
type TableScan struct {
	Table  catalog.Table
	Cols   []expr.ScopeCol
	Pushed []PushedConstraint

	// A narrowed join's copy of a scan (narrow.go) adds constraints, and
	// counts for EXPLAIN ANALYZE under the scan of the plan.
	origin *TableScan
	extra  []catalog.Constraint
}

func (t *TableScan) Columns() []expr.ScopeCol { return t.Cols }

// Open starts the scan. A table that streams (catalog.Streamer) hands on
// each region's rows as they arrive, and closing the iterator cancels the
// calls still in flight; another table's rows are held, and charged.
func (t *TableScan) Open(e *expr.Env) (RowIter, error) {
	cs := e.Session.CatalogSession()
	req, err := t.request(e, &cs)
	if err != nil {
		return nil, err
	}
	var rec *expr.ScanRecord
	if e.Exec.Stats != nil {
		key := t
		if t.origin != nil {
			key = t.origin
		}
		if rec = e.Exec.Stats[key]; rec == nil {
			rec = &expr.ScanRecord{}
			e.Exec.Stats[key] = rec
		}
		req.Stats = &rec.Stats
		rec.Loops++
	}
	if m, ok := e.Exec.Mem.(*expr.StatementMem); ok && m != nil {
		cs.IO = &m.IO // the statement's AWS progress, however late the scan starts
	}
	ctx := catalog.WithSession(e.Ctx, cs)
	if st, ok := t.Table.(catalog.Streamer); ok {
		rs, err := st.Stream(ctx, req)
		if err != nil {
			return nil, err
		}
		it := &scanIter{e: e, st: rs, rec: rec}
		if len(req.Constraints) == 0 {
			it.complete = t.Table // counted to the end, it records the table's statistics
		}
		return it, nil
	}
	rows, err := t.Table.Scan(ctx, req)
	if rec != nil {
		rec.Rows += len(rows)
	}
	if err != nil {
		return nil, err
	}
	if len(req.Constraints) == 0 {
		catalog.RecordCompleteScan(t.Table, len(rows))
	}
	if err := e.Charge("Foreign Scan", rows...); err != nil {
		return nil, err
	}
	return SliceRows(rows), nil
}

func (t *TableScan) ScanRequest(e *expr.Env) (catalog.ScanRequest, error) {
	if e.Session == nil {
		return t.request(e, nil)
	}
	cs := e.Session.CatalogSession()
	return t.request(e, &cs)
}

// request is ScanRequest with the session's catalog view already made
// (nil without a session): Open makes it once for the request and the
// scan.
func (t *TableScan) request(e *expr.Env, cs *catalog.Session) (catalog.ScanRequest, error) {
	req := catalog.ScanRequest{Freshness: freshness(e)}
	if cs != nil {
		req.Scope = cs.Scope // the role's, for Explain too
	}
	req.Constraints = append(req.Constraints, t.extra...)
	for _, pc := range t.Pushed {
		if pc.Contains != nil {
			cs, err := containsConstraints(e, pc)
			if err != nil {
				return req, err
			}
			req.Constraints = append(req.Constraints, cs...)
			continue
		}
		c := catalog.Constraint{Column: pc.Column, Values: []any{}}
		if pc.Pattern != nil {
			v, err := pc.Pattern.Eval(e)
			if err != nil {
				return req, err
			}
			if lit, exact := anchoredLiteral(v); exact {
				req.Constraints = append(req.Constraints, catalog.Constraint{Column: pc.Column, Values: []any{lit}})
			}
			continue
		}
		if pc.Key != nil {
			k, err := pc.Key.Eval(e)
			if err != nil {
				return req, err
			}
			key, ok := k.(string)
			if !ok {
				continue // a NULL key matches nothing; leave it to the filter
			}
			c.Key = key
		}
		for _, x := range pc.Values {
			v, err := x.Eval(e)
			if err != nil {
				return req, err
			}
			if v != nil {
				c.Values = append(c.Values, v)
			}
		}
		if pc.Array != nil {
			v, err := pc.Array.Eval(e)
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

// SubqueryRel is a subquery in FROM (or a CTE reference). Uncorrelated
// results are computed once per execution.
type SubqueryRel struct {
	Plan       QueryPlan
	Cols       []expr.ScopeCol
	Correlated bool
	CacheKey   any  // shared by every reference to one CTE
	Shared     bool // a CTE: its rows are computed once and may be read by several references
}

func (r *SubqueryRel) Columns() []expr.ScopeCol { return r.Cols }

// Open runs the subquery. A correlated one streams each time. An
// uncorrelated one streams the first time it is opened; a CTE, or a
// subquery opened again in the same execution (inside a subquery run per
// outer row), is collected once and shared.
func (r *SubqueryRel) Open(e *expr.Env) (RowIter, error) {
	if r.Correlated {
		return r.Plan.Open(e.Sibling())
	}
	if rows, ok := e.Exec.Cache[r.CacheKey]; ok {
		return SliceRows(rows), nil
	}
	if opened := (openedKey{r.CacheKey}); !r.Shared {
		if _, again := e.Exec.Cache[opened]; !again {
			e.Exec.Keep(opened, nil)
			return r.Plan.Open(e.Sibling())
		}
	}
	rows, err := PlanRows(e.Sibling(), r.Plan)
	if err != nil {
		return nil, err
	}
	e.Exec.Keep(r.CacheKey, rows)
	return SliceRows(rows), nil
}

// openedKey marks, in ExecState.Cache, an uncorrelated subquery that
// was opened once and streamed.
type openedKey struct{ key any }

// JoinRel joins two relations with a nested loop. A lateral right side is
// evaluated once per left row, with that row as its outer context.
type JoinRel struct {
	Left, Right Relation
	Kind        string    // "inner", "left", "right", "full", "cross"
	Cond        expr.Expr // over left ++ right columns; nil = true
	Lateral     bool
	HideRight   []int  // right columns merged into the left by USING/NATURAL
	CondText    string // for EXPLAIN
	// CondReadsResult: cond reads the result of a write function.
	CondReadsResult bool
}

func (j *JoinRel) Columns() []expr.ScopeCol {
	return appendColumns(make([]expr.ScopeCol, 0, Width(j)), j)
}

// appendColumns appends rel's columns to dst: a chain of joins fills one
// slice instead of copying its columns at every level (the planner asks
// for them often; psql's and pgJDBC's catalog queries join six tables).
func appendColumns(dst []expr.ScopeCol, rel Relation) []expr.ScopeCol {
	switch r := rel.(type) {
	case *JoinRel:
		dst = appendColumns(dst, r.Left)
		start := len(dst)
		dst = appendColumns(dst, r.Right)
		for _, i := range r.HideRight {
			dst[start+i].Hidden = true
		}
		return dst
	case *FilterRel:
		return appendColumns(dst, r.Rel)
	}
	return append(dst, rel.Columns()...)
}

// Width is len(rel.Columns()) without building them: a join's columns are
// its sides', copied at every level of a chain, and a join asks for its
// left side's width each time it opens.
func Width(rel Relation) int {
	switch r := rel.(type) {
	case *JoinRel:
		return Width(r.Left) + Width(r.Right)
	case *FilterRel:
		return Width(r.Rel)
	}
	return len(rel.Columns())
}

// Open streams the left (outer) side. The right side is collected (the
// hash join's build side, or the nested loop's inner rows), except a
// lateral one, which is run again for each left row.
func (j *JoinRel) Open(e *expr.Env) (RowIter, error) {
	left, err := j.Left.Open(e)
	if err != nil {
		return nil, err
	}
	it := &joinIter{j: j, e: e, left: left, nl: Width(j.Left), nr: Width(j.Right)}
	if lk := lookupOf(j); lk != nil {
		if it.lookup, err = lk.open(e); err != nil {
			left.Close()
			return nil, err
		}
	} else if !j.Lateral {
		right := j.Right
		if n := narrowingOf(j); n != nil {
			rows, done, err := readAhead(left, NarrowLimit)
			if err != nil {
				left.Close()
				return nil, err
			}
			if !done {
				it.left = &bufferedRows{rows: rows, rest: left}
			} else {
				it.left = &bufferedRows{rows: rows}
				if len(rows) == 0 {
					right = nil // nothing to join: no call
				} else if extra, err := n.constraints(e, rows); err != nil {
					it.left.Close()
					return nil, err
				} else if extra != nil {
					right = narrowed(j.Right, n.scan, extra)
				}
			}
		}
		if right != nil {
			if it.right, err = relRows(e, right); err != nil {
				it.left.Close()
				return nil, err
			}
		}
		if lk, rk := HashKeys(j.Cond, it.nl); len(lk) > 0 {
			if it.index, err = buildHashIndex(e, it.right, lk, rk); err != nil {
				it.left.Close()
				return nil, err
			}
		}
		it.rightMatched = make([]bool, len(it.right))
	}
	it.scratch = make([]any, it.nl+it.nr)
	it.ce = *e
	it.ce.Row = it.scratch
	return it, nil
}

// joinIter is a running join: the joined rows of one left row at a time,
// then (RIGHT and FULL joins) the right rows nothing matched.
type joinIter struct {
	j            *JoinRel
	e            *expr.Env
	left         RowIter
	nl, nr       int
	right        [][]any
	index        *hashIndex
	lookup       *lookupIter // a lookup join's right side (lookupjoin.go)
	rightMatched []bool
	scratch      []any
	ce           expr.Env
	pending      [][]any
	unmatched    int // the next right row to consider once left is done
	leftDone     bool
	count        int
}

func (it *joinIter) Next() ([]any, error) {
	for len(it.pending) == 0 {
		if it.leftDone {
			return it.nextUnmatched(), nil
		}
		if err := it.advance(); err != nil {
			it.Close()
			return nil, err
		}
	}
	r := it.pending[0]
	it.pending = it.pending[1:]
	return r, nil
}

// advance joins the next left row, or ends the left side.
func (it *joinIter) advance() error {
	j, e := it.j, it.e
	// Each left row costs a pass over its candidates: check every time.
	if err := expr.CheckProgress(e, 0); err != nil {
		return err
	}
	l, err := it.left.Next()
	if err != nil {
		return err
	}
	if l == nil {
		it.leftDone = true
		it.left.Close()
		return nil
	}
	it.count++
	right := it.right
	if j.Lateral {
		leftRow := e.Sibling()
		leftRow.Row = l
		if right, err = relRows(leftRow.Nested(), j.Right); err != nil {
			return err
		}
	} else if it.lookup != nil {
		if right, err = it.lookup.rows(l); err != nil {
			return err
		}
	}
	var candidates []int
	if it.index != nil {
		if candidates, err = it.index.probe(e, l); err != nil {
			return err
		}
	}
	matched := false
	copy(it.scratch, l)
	n := len(right)
	if it.index != nil {
		n = len(candidates)
	}
	for k := 0; k < n; k++ {
		ri := k
		if it.index != nil {
			ri = candidates[k]
		}
		r := right[ri]
		copy(it.scratch[it.nl:], r)
		if j.Cond != nil {
			v, err := j.Cond.Eval(&it.ce)
			if err != nil {
				return err
			}
			if v != true {
				continue
			}
		}
		matched = true
		if !j.Lateral && it.lookup == nil {
			it.rightMatched[ri] = true
		}
		it.pending = append(it.pending, append(append(make([]any, 0, it.nl+it.nr), l...), r...))
		if len(it.pending)%1024 == 0 {
			if err := e.Ctx.Err(); err != nil {
				return err
			}
		}
	}
	if !matched && (j.Kind == "left" || j.Kind == "full") {
		it.pending = append(it.pending, append(append(make([]any, 0, it.nl+it.nr), l...), make([]any, it.nr)...))
	}
	return nil
}

func (it *joinIter) nextUnmatched() []any {
	if it.j.Kind != "right" && it.j.Kind != "full" {
		return nil
	}
	for it.unmatched < len(it.right) {
		ri := it.unmatched
		it.unmatched++
		if !it.rightMatched[ri] {
			return append(make([]any, it.nl), it.right[ri]...)
		}
	}
	return nil
}

func (it *joinIter) Close() {
	it.leftDone = true
	it.pending = nil
	it.unmatched = len(it.right)
	it.left.Close()
}

// hashIndex maps the right side's join-key values to its rows. A row with
// a NULL key is left out: NULL equals nothing.
type hashIndex struct {
	left    []expr.Expr // key expressions over the left row
	buckets map[string][]int
	vals    []any  // a probe's key values
	buf     []byte // a probe's key
}

func buildHashIndex(e *expr.Env, right [][]any, left, rightKeys []expr.Expr) (*hashIndex, error) {
	h := &hashIndex{left: left, buckets: map[string][]int{}}
	ev := *e
	for i, r := range right {
		ev.Row = r
		key, ok, err := evalKey(&ev, rightKeys)
		if err != nil {
			return nil, err
		}
		if ok {
			// A key string and its bucket entry.
			if err := e.Account().Grow("Hash", int64(2*expr.WordSize+len(key)+expr.WordSize)); err != nil {
				return nil, err
			}
			h.buckets[key] = append(h.buckets[key], i)
		}
	}
	return h, nil
}

// probe returns the right rows whose key equals l's. The key is made in
// buffers the index keeps, so a probe allocates nothing.
func (h *hashIndex) probe(e *expr.Env, l []any) ([]int, error) {
	ev := *e
	ev.Row = l
	if h.vals == nil {
		h.vals = make([]any, len(h.left))
	}
	var ok bool
	var err error
	h.buf, ok, err = appendKey(h.buf[:0], h.vals, &ev, h.left)
	if err != nil || !ok {
		return nil, err
	}
	return h.buckets[string(h.buf)], nil
}

// evalKey builds a map key from key expressions; ok is false when one is
// NULL.
func evalKey(e *expr.Env, keys []expr.Expr) (string, bool, error) {
	key, ok, err := appendKey(nil, make([]any, len(keys)), e, keys)
	return string(key), ok, err
}

// appendKey appends the key of keys' values to dst, evaluating them into
// vals (len(keys) long); ok is false when one is NULL.
func appendKey(dst []byte, vals []any, e *expr.Env, keys []expr.Expr) ([]byte, bool, error) {
	for i, k := range keys {
		v, err := k.Eval(e)
		if err != nil {
			return dst, false, err
		}
		if v == nil {
			return dst, false, nil
		}
		vals[i] = v
	}
	return funcs.AppendGroupKey(dst, vals), true, nil
}

// ValuesRel is VALUES (...), (...).
type ValuesRel struct {
	Cols  []expr.ScopeCol
	Exprs [][]expr.Expr
}

func (v *ValuesRel) Columns() []expr.ScopeCol { return v.Cols }

func (v *ValuesRel) Open(e *expr.Env) (RowIter, error) {
	out := make([][]any, len(v.Exprs))
	for i, row := range v.Exprs {
		vals := make([]any, len(row))
		for j, x := range row {
			val, err := x.Eval(e)
			if err != nil {
				return nil, err
			}
			vals[j] = val
		}
		if err := e.Charge("Values Scan", vals); err != nil {
			return nil, err
		}
		out[i] = vals
	}
	return SliceRows(out), nil
}

// WorkTable is the recursive reference of a WITH RECURSIVE query: it
// returns the rows of the previous iteration.
type WorkTable struct {
	Cols []expr.ScopeCol
	Key  any
}

func (w *WorkTable) Columns() []expr.ScopeCol { return w.Cols }

func (w *WorkTable) Open(e *expr.Env) (RowIter, error) {
	rows, ok := e.Exec.Cache[w.Key]
	if !ok {
		return nil, pgerr.New(pgerr.InternalError, "recursive query work table is not set")
	}
	return SliceRows(rows), nil
}

// containsConstraints turns tagSet @> '[{"key": k, "value": v}]' into
// key constraints; elements of another shape are left to the filter.
func containsConstraints(e *expr.Env, pc PushedConstraint) ([]catalog.Constraint, error) {
	v, err := pc.Contains.Eval(e)
	if err != nil || v == nil {
		return nil, err
	}
	var out []catalog.Constraint
	items, _ := v.(value.JSON).V.([]any)
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		k, kok := m["key"].(string)
		val, vok := m["value"].(string)
		if kok && vok {
			out = append(out, catalog.Constraint{Column: pc.Column, Key: k, Values: []any{val}})
		}
	}
	return out, nil
}

// freshness is the cached API answers a scan may use: those younger than
// the session's vpnsql.cache_ttl, and those its statement fetched.
func freshness(e *expr.Env) catalog.Freshness {
	ttl := catalog.DefaultCacheTTL
	if e.Session == nil {
		return catalog.Freshness{TTL: ttl, Statement: e.Exec.StatementID}
	}
	if v, ok := e.Session.SettingValue("vpnsql.cache_ttl"); ok {
		if d, err := catalog.ParseCacheTTL(v); err == nil {
			ttl = d
		}
	}
	return catalog.Freshness{TTL: ttl, Statement: e.Exec.StatementID}
}
