package executor

import (
	"context"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// queryPlan is a planned query (SELECT, VALUES, a set operation): its
// output columns are known at plan time.
type queryPlan interface {
	outputColumns() []expr.Column
	outputTypes() []*value.Type
	// Open starts the query (iter.go); e is this query level's env,
	// e.outer the enclosing level's (for correlated references).
	open(e *expr.Env) (rowIter, error)
}

// selectPlan is one SELECT level:
// FROM -> WHERE -> GROUP BY/aggregates -> HAVING -> window functions ->
// project (expanding set-returning calls) -> DISTINCT -> ORDER BY ->
// OFFSET/LIMIT.
type selectPlan struct {
	columns    []expr.Column
	types      []*value.Type
	from       relation
	where      expr.Expr
	agg        *aggBinding
	implicit   bool    // aggregates without GROUP BY: one group even for no rows
	groupSets  [][]int // GROUPING SETS/ROLLUP/CUBE: the items of each set; nil for a plain GROUP BY
	having     expr.Expr
	windows    *windowBinding
	srfs       []*funcs.SRFCall
	project    []expr.Expr // output columns, then hidden sort columns
	nOutput    int
	sortCols   []int
	sortKeys   []expr.SortKey
	distinct   bool
	distinctOn []int // DISTINCT ON: projected columns that define a group
	limit      expr.Expr
	offset     expr.Expr

	// Source text for EXPLAIN.
	whereText, havingText string
	groupText, sortText   []string
}

func (p *selectPlan) outputColumns() []expr.Column { return p.columns }
func (p *selectPlan) outputTypes() []*value.Type   { return p.types }

// planQuery plans a query nested in outer (nil at the top level).
func (s *planner) planQuery(outer *binder, params *[]*value.Type, ctes *cteScope, sel *pg_query.SelectStmt) (queryPlan, *queryLevel, error) {
	keepUnknown := s.armOfSetOp
	s.armOfSetOp = false
	if sel.WithClause != nil {
		var err error
		if ctes, err = s.planWith(outer, params, ctes, sel.WithClause); err != nil {
			return nil, nil, err
		}
	}
	if sel.Op != pg_query.SetOperation_SETOP_NONE {
		return s.planSetOp(outer, params, ctes, sel)
	}
	b := &binder{s: s, params: params, scope: &scope{}, outer: outer, ctes: ctes, query: &queryLevel{keepUnknown: keepUnknown}}
	if len(sel.ValuesLists) > 0 {
		p, err := b.planValues(sel)
		return p, b.query, err
	}
	p, err := b.planSelect(sel)
	return p, b.query, err
}

func (b *binder) planSelect(sel *pg_query.SelectStmt) (*selectPlan, error) {
	if sel.IntoClause != nil {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "SELECT INTO is not supported")
	}
	p := &selectPlan{}
	from, err := b.planFrom(sel.FromClause)
	if err != nil {
		return nil, err
	}
	p.from = from
	in := &scope{cols: from.columns()}
	b.scope = in

	reads := b.s.resultReads
	if sel.WhereClause != nil {
		w, err := b.in("WHERE", func() (expr.Expr, error) { return b.bindCondition(sel.WhereClause, "WHERE") })
		if err != nil {
			return nil, err
		}
		p.where, p.whereText = w, deparse(sel.WhereClause)
		pushDownInto(from, w)
	}
	// A write function's call goes after every condition (write_calls.go).
	if p.from, p.where, err = b.orderWriteCall(sel, from, p.where, p.whereText, b.s.resultReads > reads); err != nil {
		return nil, err
	}
	calls := writeCallsIn(from)
	if len(calls) > 0 {
		p.whereText = "" // shown where it applies, below the call
	}
	perRow := readsPerRowWrites(from) || (len(calls) > 0 && calls[0].site.PerRow)
	if perRow {
		b.s.perRowWrites++
	}

	targets, names, err := expandTargets(sel.TargetList, in)
	if err != nil {
		return nil, err
	}

	out := b
	if len(sel.GroupClause) > 0 || sel.HavingClause != nil || anyAggregate(targets) || sortHasAggregate(sel.SortClause) {
		agg := &aggBinding{input: in}
		items, sets := expandGroupClause(sel.GroupClause)
		p.groupSets = sets
		for _, g := range items {
			x, n, err := bindGroupItem(b, g, targets)
			if err != nil {
				return nil, err
			}
			agg.addGroup(x, n)
			p.groupText = append(p.groupText, deparse(n))
		}
		p.agg = agg
		p.implicit = len(items) == 0
		out = &binder{s: b.s, params: b.params, scope: in, agg: agg, outer: b.outer, ctes: b.ctes, query: b.query}
		if sel.HavingClause != nil {
			h, err := out.bindCondition(sel.HavingClause, "HAVING")
			if err != nil {
				return nil, err
			}
			p.having, p.havingText = h, deparse(sel.HavingClause)
		}
	}

	// Window calls and select-list SRFs register with the level while the
	// select list and ORDER BY are bound.
	b.query.windows = &windowBinding{base: out.rowWidth(), width: out.rowWidth, named: map[string]*pg_query.WindowDef{}}
	for _, n := range sel.WindowClause {
		w := n.GetWindowDef()
		b.query.windows.named[w.Name] = w
	}
	b.query.allowSRF = true
	for i, t := range targets {
		x, err := out.bind(t.Val)
		if err != nil {
			return nil, err
		}
		if x.Type() == value.Unknown && !b.query.keepUnknown {
			if x, err = expr.CoerceTo(x, value.Text, exprLocation(t.Val)); err != nil {
				return nil, err
			}
		}
		p.project = append(p.project, x)
		p.types = append(p.types, x.Type())
		col := expr.Column{Name: names[i], TypeOID: x.Type().OID, TypeLen: x.Type().Len, TypeMod: expr.ExprTypmod(x)}
		if c, ok := x.(*expr.ColExpr); ok && p.agg == nil && c.Idx < len(in.cols) {
			sc := in.cols[c.Idx]
			col.TableOID, col.AttNum, col.TypeMod = sc.TableOID, sc.Attnum, sc.Typmod
		} else if ok && p.agg != nil && c.Idx < len(p.agg.groups) {
			col.TypeMod = p.agg.groupTypmod(c.Idx)
			// A grouping column still comes from its table, as in
			// PostgreSQL's RowDescription (drivers read nullability there).
			if g := p.agg.groupCols[c.Idx]; g >= 0 && g < len(in.cols) {
				col.TableOID, col.AttNum = in.cols[g].TableOID, in.cols[g].Attnum
			}
		}
		p.columns = append(p.columns, col)
	}
	if p.columns == nil {
		// SELECT FROM t: rows of no columns, still a result set with a
		// RowDescription (nil Columns would mean no rows at all).
		p.columns = []expr.Column{}
	}
	p.nOutput = len(p.project)

	// An ORDER BY or DISTINCT ON item is an output column (by name,
	// ordinal or equal expression) or an extra, hidden column; equal
	// expressions share a column, as PostgreSQL matches them to one
	// target entry.
	var extra []*pg_query.Node // parse trees of the hidden columns, from index nOutput
	resolve := func(n *pg_query.Node) (int, error) {
		idx, err := outputReference(n, names, p.nOutput)
		if err != nil || idx >= 0 {
			return idx, err
		}
		for i, t := range targets {
			if sameExpression(n, t.Val) {
				return i, nil
			}
		}
		for i, e := range extra {
			if sameExpression(n, e) {
				return p.nOutput + i, nil
			}
		}
		x, err := out.bind(n)
		if err != nil {
			return 0, err
		}
		p.project = append(p.project, x)
		extra = append(extra, n)
		return len(p.project) - 1, nil
	}
	for _, item := range sel.SortClause {
		sb := item.GetSortBy()
		idx, err := resolve(sb.Node)
		if err != nil {
			return nil, err
		}
		p.sortCols = append(p.sortCols, idx)
		p.sortKeys = append(p.sortKeys, newSortKey(p.project[idx], sb))
		key := deparse(sb.Node)
		if idx < p.nOutput {
			key = deparse(targets[idx].Val)
			if targets[idx].Val.GetParamRef() != nil { // an expanded *
				key = pgcatalog.QuoteIdent(names[idx])
			}
		}
		if p.sortKeys[len(p.sortKeys)-1].Desc {
			key += " DESC"
		}
		p.sortText = append(p.sortText, key)
	}
	b.query.allowSRF = false
	p.srfs = b.query.srfs
	if len(b.query.windows.calls) > 0 {
		p.windows = b.query.windows
	}

	switch {
	case len(sel.DistinctClause) == 1 && sel.DistinctClause[0].GetNode() == nil:
		// SELECT DISTINCT: the grammar's list holds one empty node.
		p.distinct = true
		for i, c := range p.sortCols {
			if c >= p.nOutput {
				return nil, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "for SELECT DISTINCT, ORDER BY expressions must appear in select list"),
					exprLocation(sel.SortClause[i].GetSortBy().Node))
			}
		}
	case len(sel.DistinctClause) > 0:
		on := map[int]*pg_query.Node{}
		for _, n := range sel.DistinctClause {
			idx, err := resolve(n)
			if err != nil {
				return nil, err
			}
			if _, dup := on[idx]; !dup {
				on[idx] = n
				p.distinctOn = append(p.distinctOn, idx)
			}
		}
		if err := checkDistinctOn(p.distinctOn, on, p.sortCols); err != nil {
			return nil, err
		}
	}
	if err := funcs.CheckWriteLimit(sel, perRow); err != nil {
		return nil, err
	}
	if p.limit, err = bindLimit(b, sel.LimitCount, "LIMIT"); err != nil {
		return nil, err
	}
	if p.offset, err = bindLimit(b, sel.LimitOffset, "OFFSET"); err != nil {
		return nil, err
	}
	return p, nil
}

// checkDistinctOn insists, as PostgreSQL does, that the DISTINCT ON
// expressions are the leading ORDER BY items (in any order).
func checkDistinctOn(order []int, on map[int]*pg_query.Node, sortCols []int) error {
	skipped := false
	used := map[int]bool{}
	fail := func(n *pg_query.Node) error {
		return pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "SELECT DISTINCT ON expressions must match initial ORDER BY expressions"), exprLocation(n))
	}
	for _, c := range sortCols {
		n, ok := on[c]
		switch {
		case !ok:
			skipped = true
		case skipped:
			return fail(n)
		default:
			used[c] = true
		}
	}
	if !skipped {
		return nil
	}
	for _, c := range order {
		if !used[c] {
			return fail(on[c])
		}
	}
	return nil
}

// rowWidth is the width of the rows expressions at this binder see.
func (b *binder) rowWidth() int {
	if b.agg != nil {
		return len(b.agg.groups) + len(b.agg.aggs)
	}
	return len(b.scope.cols)
}

func (b *binder) bindCondition(n *pg_query.Node, clause string) (expr.Expr, error) {
	x, err := b.bind(n)
	if err != nil {
		return nil, err
	}
	if x, err = expr.CoerceTo(x, value.Bool, exprLocation(n)); err != nil {
		return nil, err
	}
	if x.Type() != value.Bool {
		return nil, pgerr.At(pgerr.New(pgerr.DatatypeMismatch, "argument of %s must be type boolean, not type %s", clause, x.Type()), exprLocation(n))
	}
	return x, nil
}

// outputReference resolves an ORDER BY item that names an output column
// (by alias or ordinal); -1 means it is an expression over the input.
func outputReference(n *pg_query.Node, names []string, nOutput int) (int, error) {
	if c := n.GetAConst(); c != nil {
		iv, ok := c.Val.(*pg_query.A_Const_Ival)
		if !ok {
			return 0, pgerr.At(pgerr.New(pgerr.SyntaxError, "non-integer constant in ORDER BY"), c.Location)
		}
		pos := int(iv.Ival.Ival)
		if pos < 1 || pos > nOutput {
			return 0, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "ORDER BY position %d is not in select list", pos), c.Location)
		}
		return pos - 1, nil
	}
	if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
		name := cr.Fields[0].GetString_().GetSval()
		for _, exact := range []bool{true, false} {
			for i, out := range names[:nOutput] {
				if namesMatch(out, name, exact) {
					return i, nil
				}
			}
		}
	}
	return -1, nil
}

// bindGroupItem binds a GROUP BY item: an ordinal, an output alias, or an
// input expression. It returns the parse tree the item stands for.
func bindGroupItem(b *binder, g *pg_query.Node, targets []*pg_query.ResTarget) (expr.Expr, *pg_query.Node, error) {
	n := g
	if c := g.GetAConst(); c != nil {
		iv, ok := c.Val.(*pg_query.A_Const_Ival)
		if !ok {
			return nil, nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "non-integer constant in GROUP BY"), c.Location)
		}
		pos := int(iv.Ival.Ival)
		if pos < 1 || pos > len(targets) {
			return nil, nil, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "GROUP BY position %d is not in select list", pos), c.Location)
		}
		n = targets[pos-1].Val
	}
	if cr := g.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
		name := cr.Fields[0].GetString_().GetSval()
		if b.scope.lookup("", name) == -1 {
			for _, t := range targets {
				if t.Name == name {
					n = t.Val
				}
			}
		}
	}
	x, err := b.in("GROUP BY", func() (expr.Expr, error) { return b.bind(n) })
	return x, n, err
}

func bindLimit(b *binder, n *pg_query.Node, kind string) (expr.Expr, error) {
	if n == nil {
		return nil, nil
	}
	if c := n.GetAConst(); c != nil && c.Isnull {
		return nil, nil // LIMIT NULL / LIMIT ALL
	}
	x, err := b.in(kind, func() (expr.Expr, error) { return b.bind(n) })
	if err != nil {
		return nil, err
	}
	return expr.CoerceTo(x, value.Int8, exprLocation(n))
}

// Open runs one SELECT level. With a FROM clause and without aggregates,
// window functions, DISTINCT or ORDER BY it streams: FROM, WHERE, the select list and
// OFFSET/LIMIT pass rows one at a time, and LIMIT closes FROM once it has
// its rows. Otherwise the filtered input is collected (charged to the
// memory account) and the level runs over it.
func (p *selectPlan) open(e *expr.Env) (rowIter, error) {
	_, fromless := p.from.(oneRow)
	if fromless || p.agg != nil || p.windows != nil || p.distinct || len(p.sortKeys) > 0 || p.distinctOn != nil {
		rows, err := p.run(e)
		if err != nil {
			return nil, err
		}
		return sliceRows(rows), nil
	}
	offset, limit, err := evalWindow(e, p.offset, p.limit)
	if err != nil {
		return nil, err
	}
	if limit == 0 {
		return sliceRows(nil), nil // as PostgreSQL, LIMIT 0 reads nothing
	}
	in, err := p.from.open(e)
	if err != nil {
		return nil, err
	}
	if p.where != nil {
		in = filterIter(e.Sibling(), in, p.where)
	}
	return limitIter(p.projectIter(e, in), offset, limit), nil
}

// projectIter evaluates the select list over in; a set-returning call in
// it turns one input row into as many output rows as its longest result.
func (p *selectPlan) projectIter(e *expr.Env, in rowIter) rowIter {
	return &projecting{p: p, e: *e, in: in}
}

type projecting struct {
	p       *selectPlan
	e       expr.Env // its own: it sets e.row and e.srf
	in      rowIter
	pending [][]any // the rows of a set-returning call not yet passed on
	i       int
}

func (it *projecting) next() ([]any, error) {
	p := it.p
	for len(it.pending) == 0 {
		if err := expr.CheckProgress(&it.e, it.i); err != nil {
			return nil, err
		}
		it.i++
		r, err := it.in.next()
		if r == nil || err != nil {
			return nil, err
		}
		if len(p.srfs) == 0 {
			out, err := p.projectRow(&it.e, r)
			if err != nil {
				return nil, err
			}
			return out[:p.nOutput], nil
		}
		if it.pending, err = p.projectRows(&it.e, [][]any{r}); err != nil {
			return nil, err
		}
	}
	out := it.pending[0]
	it.pending = it.pending[1:]
	return out[:p.nOutput], nil
}

func (it *projecting) close() { it.in.close() }

// projectRow evaluates the select list (without set-returning calls)
// over one row.
func (p *selectPlan) projectRow(e *expr.Env, row []any) ([]any, error) {
	e.Row = row
	vals := make([]any, len(p.project))
	for j, x := range p.project {
		v, err := x.Eval(e)
		if err != nil {
			return nil, err
		}
		vals[j] = v
	}
	return vals, nil
}

// run is the collecting path of open.
func (p *selectPlan) run(e *expr.Env) ([][]any, error) {
	rows, streamed, err := p.streamAggregate(e)
	if err != nil {
		return nil, err
	}
	if !streamed {
		in, err := p.from.open(e)
		if err != nil {
			return nil, err
		}
		op := opName(p.from)
		if p.where != nil {
			in = filterIter(e.Sibling(), in, p.where)
		}
		if rows, err = gather(e, in, op); err != nil {
			return nil, err
		}
		if p.agg != nil {
			if rows, err = aggregateRows(e, p.agg, rows, p.implicit, p.groupSets); err != nil {
				return nil, err
			}
		}
	}
	if p.agg != nil {
		if p.having != nil {
			if rows, err = filterRows(e, rows, p.having); err != nil {
				return nil, err
			}
		}
	}
	if p.windows != nil {
		if rows, err = p.windows.compute(e, rows); err != nil {
			return nil, err
		}
	}
	out, err := p.projectRows(e, rows)
	if err != nil {
		return nil, err
	}
	if p.distinct {
		if out, err = distinctRows(e, out, p.nOutput); err != nil {
			return nil, err
		}
	}
	if len(p.sortKeys) > 0 {
		// The sort's permutation: a word a row.
		if err := e.Account().Grow("Sort", int64(len(out))*expr.WordSize); err != nil {
			return nil, err
		}
		if err := sortRows(out, p.sortCols, p.sortKeys); err != nil {
			return nil, err
		}
	}
	if p.distinctOn != nil {
		out = distinctOnRows(out, p.distinctOn)
	}
	if out, err = applyWindow(e, out, p.offset, p.limit); err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = out[i][:p.nOutput]
	}
	return out, nil
}

// projectRows evaluates the select list; a set-returning call in it turns
// one input row into as many output rows as its longest result.
func (p *selectPlan) projectRows(e *expr.Env, rows [][]any) ([][]any, error) {
	out := make([][]any, 0, len(rows))
	for ri, row := range rows {
		if err := expr.CheckProgress(e, ri); err != nil {
			return nil, err
		}
		e.Row = row
		n := 1
		var results map[*funcs.SRFCall][]any
		if len(p.srfs) > 0 {
			results = map[*funcs.SRFCall][]any{}
			n = 0
			for _, call := range p.srfs {
				vals, err := call.Values(e)
				if err != nil {
					return nil, err
				}
				results[call] = vals
				n = max(n, len(vals))
			}
		}
		for i := 0; i < n; i++ {
			if results != nil {
				e.SRF = map[any]any{}
				for call, vals := range results {
					if i < len(vals) {
						e.SRF[call] = vals[i]
					}
				}
			}
			vals := make([]any, len(p.project))
			for j, x := range p.project {
				v, err := x.Eval(e)
				if err != nil {
					return nil, err
				}
				vals[j] = v
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

func filterRows(e *expr.Env, rows [][]any, cond expr.Expr) ([][]any, error) {
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
// Values, in sorted order.
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

// queryStatement runs a top-level query and returns its rows as a cursor.
type queryStatement struct {
	q     queryPlan
	sites []*expr.WriteSite // its write calls, checked before anything runs
}

func (p *queryStatement) open(ctx context.Context, s *Session, params []any) (Cursor, error) {
	e := &expr.Env{Ctx: ctx, Session: s, Params: params, Exec: s.newExecState()}
	if err := s.CheckWriteSites(e, p.sites); err != nil {
		return nil, err
	}
	it, err := p.q.open(e)
	if err != nil {
		return nil, err
	}
	if len(p.sites) > 0 {
		// A query calling a write function makes every call before its
		// first row goes out: a portal closed early must not leave the
		// statement's writes half made.
		rows, err := gather(e, it, "Result")
		if err != nil {
			return nil, err
		}
		it = sliceRows(rows)
	}
	return &iterCursor{columns: p.q.outputColumns(), it: it, verb: "SELECT"}, nil
}
