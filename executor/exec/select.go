package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// QueryPlan is a planned query (SELECT, VALUES, a set operation): its
// output columns are known at plan time.
type QueryPlan interface {
	OutputColumns() []expr.Column
	OutputTypes() []*value.Type
	// Open starts the query (iter.go); e is this query level's env,
	// whose outer level is the enclosing one (for correlated references).
	Open(e *expr.Env) (RowIter, error)
}

// SelectPlan is one SELECT level:
// FROM -> WHERE -> GROUP BY/aggregates -> HAVING -> window functions ->
// project (expanding set-returning calls) -> DISTINCT -> ORDER BY ->
// OFFSET/LIMIT.
type SelectPlan struct {
	Columns    []expr.Column
	Types      []*value.Type
	From       Relation
	Where      expr.Expr
	Agg        *Aggregation
	Implicit   bool    // aggregates without GROUP BY: one group even for no rows
	GroupSets  [][]int // GROUPING SETS/ROLLUP/CUBE: the items of each set; nil for a plain GROUP BY
	Having     expr.Expr
	Windows    *WindowBinding
	Srfs       []*funcs.SRFCall
	Project    []expr.Expr // output columns, then hidden sort columns
	NOutput    int
	SortCols   []int
	SortKeys   []expr.SortKey
	Distinct   bool
	DistinctOn []int // DISTINCT ON: projected columns that define a group
	Limit      expr.Expr
	Offset     expr.Expr
	WithTies   bool // FETCH FIRST n ROWS WITH TIES

	// Source text for EXPLAIN.
	WhereText, HavingText string
	GroupText, SortText   []string
}

func (p *SelectPlan) OutputColumns() []expr.Column { return p.Columns }

func (p *SelectPlan) OutputTypes() []*value.Type { return p.Types }

// Open runs one SELECT level. With a FROM clause and without aggregates,
// window functions, DISTINCT or ORDER BY it streams: FROM, WHERE, the select list and
// OFFSET/LIMIT pass rows one at a time, and LIMIT closes FROM once it has
// its rows. Otherwise the filtered input is collected (charged to the
// memory account) and the level runs over it.
func (p *SelectPlan) Open(e *expr.Env) (RowIter, error) {
	_, fromless := p.From.(OneRow)
	if fromless || p.Agg != nil || p.Windows != nil || p.Distinct || len(p.SortKeys) > 0 || p.DistinctOn != nil {
		rows, err := p.run(e)
		if err != nil {
			return nil, err
		}
		return SliceRows(rows), nil
	}
	offset, limit, err := evalWindow(e, p.Offset, p.Limit)
	if err != nil {
		return nil, err
	}
	if limit == 0 {
		return SliceRows(nil), nil // as PostgreSQL, LIMIT 0 reads nothing
	}
	in, err := p.From.Open(e)
	if err != nil {
		return nil, err
	}
	if p.Where != nil {
		in = filterIter(e.Sibling(), in, p.Where)
	}
	return limitIter(p.projectIter(e, in), offset, limit), nil
}

// projectIter evaluates the select list over in; a set-returning call in
// it turns one input row into as many output rows as its longest result.
func (p *SelectPlan) projectIter(e *expr.Env, in RowIter) RowIter {
	return &projecting{p: p, e: *e, in: in}
}

type projecting struct {
	p       *SelectPlan
	e       expr.Env // its own: it sets e.Row and e.SRF
	in      RowIter
	pending [][]any // the rows of a set-returning call not yet passed on
	i       int
}

func (it *projecting) Next() ([]any, error) {
	p := it.p
	for len(it.pending) == 0 {
		if err := expr.CheckProgress(&it.e, it.i); err != nil {
			return nil, err
		}
		it.i++
		r, err := it.in.Next()
		if r == nil || err != nil {
			return nil, err
		}
		if len(p.Srfs) == 0 {
			out, err := p.projectRow(&it.e, r)
			if err != nil {
				return nil, err
			}
			return out[:p.NOutput], nil
		}
		if it.pending, err = p.projectRows(&it.e, [][]any{r}); err != nil {
			return nil, err
		}
	}
	out := it.pending[0]
	it.pending = it.pending[1:]
	return out[:p.NOutput], nil
}

func (it *projecting) Close() { it.in.Close() }

// projectRow evaluates the select list (without set-returning calls)
// over one row.
func (p *SelectPlan) projectRow(e *expr.Env, row []any) ([]any, error) {
	e.Row = row
	vals := make([]any, len(p.Project))
	for j, x := range p.Project {
		v, err := x.Eval(e)
		if err != nil {
			return nil, err
		}
		vals[j] = v
	}
	return vals, nil
}

// run is the collecting path of Open.
func (p *SelectPlan) run(e *expr.Env) ([][]any, error) {
	rows, streamed, err := p.streamAggregate(e)
	if err != nil {
		return nil, err
	}
	if !streamed {
		in, err := p.From.Open(e)
		if err != nil {
			return nil, err
		}
		op := opName(p.From)
		if p.Where != nil {
			in = filterIter(e.Sibling(), in, p.Where)
		}
		if rows, err = Gather(e, in, op); err != nil {
			return nil, err
		}
		if p.Agg != nil {
			if rows, err = aggregateRows(e, p.Agg, rows, p.Implicit, p.GroupSets); err != nil {
				return nil, err
			}
		}
	}
	if p.Agg != nil {
		if p.Having != nil {
			if rows, err = FilterRows(e, rows, p.Having); err != nil {
				return nil, err
			}
		}
	}
	if p.Windows != nil {
		if rows, err = p.Windows.compute(e, rows); err != nil {
			return nil, err
		}
	}
	out, err := p.projectRows(e, rows)
	if err != nil {
		return nil, err
	}
	if p.Distinct {
		if out, err = distinctRows(e, out, p.NOutput); err != nil {
			return nil, err
		}
	}
	if len(p.SortKeys) > 0 {
		// The sort's permutation: a word a row.
		if err := e.Account().Grow("Sort", int64(len(out))*expr.WordSize); err != nil {
			return nil, err
		}
		if err := sortRows(out, p.SortCols, p.SortKeys); err != nil {
			return nil, err
		}
	}
	if p.DistinctOn != nil {
		out = distinctOnRows(out, p.DistinctOn)
	}
	if p.WithTies {
		out, err = applyWindowTies(e, out, p.Offset, p.Limit, p.SortCols, p.SortKeys)
	} else {
		out, err = applyWindow(e, out, p.Offset, p.Limit)
	}
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = out[i][:p.NOutput]
	}
	return out, nil
}

// projectRows evaluates the select list; a set-returning call in it turns
// one input row into as many output rows as its longest result.
func (p *SelectPlan) projectRows(e *expr.Env, rows [][]any) ([][]any, error) {
	out := make([][]any, 0, len(rows))
	for ri, row := range rows {
		if err := expr.CheckProgress(e, ri); err != nil {
			return nil, err
		}
		e.Row = row
		states := []map[any]any{nil}
		if len(p.Srfs) > 0 {
			var err error
			if states, err = expandSRFs(e, srfLevels(p.Srfs)); err != nil {
				return nil, err
			}
		}
		for _, st := range states {
			e.SRF = st
			vals, err := p.projectRow(e, row)
			if err != nil {
				return nil, err
			}
			if err := e.Charge("Result", vals); err != nil {
				return nil, err
			}
			out = append(out, vals)
		}
	}
	e.SRF = nil
	return out, nil
}

// srfLevels orders the select list's set-returning calls as PostgreSQL
// stacks its ProjectSet nodes: a call whose arguments hold another call
// runs a level above it (generate_series(1, generate_series(1, 3))).
func srfLevels(calls []*funcs.SRFCall) [][]*funcs.SRFCall {
	level := map[*funcs.SRFCall]int{}
	var depth func(c *funcs.SRFCall) int
	depth = func(c *funcs.SRFCall) int {
		if d, ok := level[c]; ok {
			return d
		}
		d := 0
		for _, a := range c.Args {
			expr.WalkExpr(a, func(x expr.Expr) {
				if inner, ok := x.(*funcs.SRFCall); ok {
					d = max(d, depth(inner)+1)
				}
			})
		}
		level[c] = d
		return d
	}
	var out [][]*funcs.SRFCall
	for _, c := range calls {
		d := depth(c)
		for len(out) <= d {
			out = append(out, nil)
		}
		out[d] = append(out[d], c)
	}
	return out
}

// expandSRFs computes the set-returning calls over e's row, level by
// level: the calls of one level run in lockstep, as many rows as the
// longest result, the shorter ones NULL past their end (none at all when
// every result is empty); each row of a level is the input of the next.
// It returns each output row's values of the calls.
func expandSRFs(e *expr.Env, levels [][]*funcs.SRFCall) ([]map[any]any, error) {
	states := []map[any]any{{}}
	for _, calls := range levels {
		var next []map[any]any
		for _, st := range states {
			e.SRF = st
			results := make([][]any, len(calls))
			n := 0
			for i, call := range calls {
				vals, err := call.Values(e)
				if err != nil {
					return nil, err
				}
				results[i] = vals
				n = max(n, len(vals))
			}
			for r := 0; r < n; r++ {
				row := make(map[any]any, len(st)+len(calls))
				for k, v := range st {
					row[k] = v
				}
				for i, call := range calls {
					if r < len(results[i]) {
						row[call] = results[i][r]
					}
				}
				next = append(next, row)
			}
		}
		states = next
	}
	return states, nil
}

// applyWindow applies OFFSET and LIMIT.
func applyWindow(e *expr.Env, rows [][]any, offset, limit expr.Expr) ([][]any, error) {
	off, lim, err := evalWindow(e, offset, limit)
	if err != nil {
		return nil, err
	}
	if off >= int64(len(rows)) {
		rows = nil
	} else {
		rows = rows[off:]
	}
	if lim >= 0 && lim < int64(len(rows)) {
		rows = rows[:lim]
	}
	return rows, nil
}

// applyWindowTies applies OFFSET and FETCH FIRST n ROWS WITH TIES to
// sorted rows: the rows after the n-th that sort equal to it come too.
func applyWindowTies(e *expr.Env, rows [][]any, offset, limit expr.Expr, cols []int, keys []expr.SortKey) ([][]any, error) {
	off, lim, err := evalWindow(e, offset, limit)
	if err != nil {
		return nil, err
	}
	rows = rows[min(off, int64(len(rows))):]
	if lim < 0 || lim >= int64(len(rows)) {
		return rows, nil
	}
	if lim == 0 {
		return nil, nil
	}
	key := func(r []any) []any {
		k := make([]any, len(cols))
		for i, c := range cols {
			k[i] = r[c]
		}
		return k
	}
	last, n := key(rows[lim-1]), int(lim)
	for ; n < len(rows); n++ {
		c, err := expr.CompareKeys(last, key(rows[n]), keys)
		if err != nil {
			return nil, err
		}
		if c != 0 {
			break
		}
	}
	return rows[:n], nil
}

// evalWindow evaluates OFFSET and LIMIT: 0 and -1 when absent (or NULL).
func evalWindow(e *expr.Env, offset, limit expr.Expr) (off, lim int64, err error) {
	e.Row = nil
	lim = -1
	if offset != nil {
		v, err := offset.Eval(e)
		if err != nil {
			return 0, 0, err
		}
		if v != nil {
			if off = v.(int64); off < 0 {
				return 0, 0, pgerr.New(pgerr.InvalidRowCountInResultOffsetClause, "OFFSET must not be negative")
			}
		}
	}
	if limit != nil {
		v, err := limit.Eval(e)
		if err != nil {
			return 0, 0, err
		}
		if v != nil {
			if lim = v.(int64); lim < 0 {
				return 0, 0, pgerr.New(pgerr.InvalidRowCountInLimitClause, "LIMIT must not be negative")
			}
		}
	}
	return off, lim, nil
}

func FilterRows(e *expr.Env, rows [][]any, cond expr.Expr) ([][]any, error) {
	out := rows[:0:0]
	for i, row := range rows {
		if err := expr.CheckProgress(e, i); err != nil {
			return nil, err
		}
		e.Row = row
		v, err := cond.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == true {
			out = append(out, row)
		}
	}
	return out, nil
}

// distinctRows keeps the first of each set of equal rows (over the
// first n columns); the set of keys seen is charged as "Unique".
func distinctRows(e *expr.Env, rows [][]any, n int) ([][]any, error) {
	seen := map[string]bool{}
	out := rows[:0:0]
	for _, r := range rows {
		k := funcs.GroupKey(r[:n])
		if !seen[k] {
			if err := e.Account().Grow("Unique", int64(3*expr.WordSize+len(k))); err != nil {
				return nil, err
			}
			seen[k] = true
			out = append(out, r)
		}
	}
	return out, nil
}

// distinctOnRows keeps the first row of each group of equal DISTINCT ON
// values, in sorted order.
func distinctOnRows(rows [][]any, cols []int) [][]any {
	seen := map[string]bool{}
	out := rows[:0:0]
	for _, r := range rows {
		key := make([]any, len(cols))
		for i, c := range cols {
			key[i] = r[c]
		}
		k := funcs.GroupKey(key)
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}
