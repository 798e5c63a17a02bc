package executor

import (
	"context"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// selectPlan is a planned SELECT over at most one table:
// scan -> WHERE -> GROUP BY/aggregates -> HAVING -> project -> ORDER BY ->
// DISTINCT -> OFFSET/LIMIT.
type selectPlan struct {
	columns  []Column
	table    catalog.Table // nil: one empty input row
	pushed   []pushedConstraint
	where    expr
	agg      *aggBinding
	implicit bool // aggregates without GROUP BY: one group even for no rows
	having   expr
	project  []expr // output columns, then hidden sort columns
	nOutput  int
	sortCols []int
	sortKeys []sortKey
	distinct bool
	limit    expr
	offset   expr
}

// pushedConstraint is a WHERE conjunct the table turns into API
// parameters: column equals one of values (evaluated at execution, so
// parameters work).
type pushedConstraint struct {
	column int
	values []expr
	array  expr // = ANY(array) form
}

func (s *Session) planSelect(sel *pg_query.SelectStmt, params *[]*catalog.Type) (*selectPlan, error) {
	switch {
	case sel.Op != pg_query.SetOperation_SETOP_NONE:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "UNION, INTERSECT and EXCEPT are not supported yet")
	case sel.WithClause != nil:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "WITH is not supported yet")
	case len(sel.ValuesLists) > 0:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "VALUES is not supported yet")
	case len(sel.WindowClause) > 0:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "window functions are not supported yet")
	}
	p := &selectPlan{}
	in := &scope{}
	switch len(sel.FromClause) {
	case 0:
	case 1:
		rv := sel.FromClause[0].GetRangeVar()
		if rv == nil {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "only a single table is supported in FROM yet")
		}
		t, rel, err := s.resolveTable(rv)
		if err != nil {
			return nil, err
		}
		p.table = t
		for i, c := range t.Columns() {
			in.cols = append(in.cols, scopeCol{name: c.Name, rel: rel, t: c.Type, tableOID: t.OID(), attnum: int16(i + 1)})
		}
	default:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "joins are not supported yet")
	}
	b := &binder{s: s, params: params, scope: in}

	if sel.WhereClause != nil {
		w, err := b.bind(sel.WhereClause)
		if err != nil {
			return nil, err
		}
		if w, err = coerceTo(w, catalog.Bool, exprLocation(sel.WhereClause)); err != nil {
			return nil, err
		}
		if w.typ() != catalog.Bool {
			return nil, errAt(pgerr.New(pgerr.DatatypeMismatch, "argument of WHERE must be type boolean, not type %s", w.typ()), exprLocation(sel.WhereClause))
		}
		p.where = w
		if p.table != nil {
			p.pushed = pushdown(p.table, w)
		}
	}

	// Expand the select list first: GROUP BY may name its aliases.
	targets, names, err := expandTargets(sel.TargetList, in)
	if err != nil {
		return nil, err
	}

	out := b
	if len(sel.GroupClause) > 0 || sel.HavingClause != nil || anyAggregate(targets) || sortHasAggregate(sel.SortClause) {
		agg := &aggBinding{input: in}
		for _, g := range sel.GroupClause {
			x, err := bindGroupItem(b, g, targets)
			if err != nil {
				return nil, err
			}
			c, ok := x.(*colExpr)
			if !ok {
				return nil, errAt(pgerr.New(pgerr.FeatureNotSupported, "GROUP BY supports columns only yet"), exprLocation(g))
			}
			agg.groupCols = append(agg.groupCols, c.idx)
			agg.groups = append(agg.groups, c)
		}
		p.agg = agg
		p.implicit = len(sel.GroupClause) == 0
		out = &binder{s: s, params: params, scope: in, agg: agg}
		if sel.HavingClause != nil {
			h, err := out.bind(sel.HavingClause)
			if err != nil {
				return nil, err
			}
			p.having = h
		}
	}

	for i, t := range targets {
		x, err := out.bind(t.Val)
		if err != nil {
			return nil, err
		}
		if x.typ() == catalog.Unknown {
			if x, err = coerceTo(x, catalog.Text, exprLocation(t.Val)); err != nil {
				return nil, err
			}
		}
		p.project = append(p.project, x)
		col := Column{Name: names[i], TypeOID: x.typ().OID, TypeLen: x.typ().Len, TypeMod: -1}
		if c, ok := x.(*colExpr); ok && p.agg == nil {
			sc := in.cols[c.idx]
			col.TableOID, col.AttNum = sc.tableOID, sc.attnum
		}
		p.columns = append(p.columns, col)
	}
	p.nOutput = len(p.project)

	for _, item := range sel.SortClause {
		sb := item.GetSortBy()
		idx, err := p.outputReference(sb.Node, names)
		if err != nil {
			return nil, err
		}
		if idx < 0 {
			x, err := out.bind(sb.Node)
			if err != nil {
				return nil, err
			}
			p.project = append(p.project, x)
			idx = len(p.project) - 1
		}
		p.sortCols = append(p.sortCols, idx)
		p.sortKeys = append(p.sortKeys, newSortKey(p.project[idx], sb))
	}

	if len(sel.DistinctClause) > 0 {
		if sel.DistinctClause[0] != nil {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "DISTINCT ON is not supported yet")
		}
		p.distinct = true
	}
	if p.limit, err = bindLimit(b, sel.LimitCount); err != nil {
		return nil, err
	}
	if p.offset, err = bindLimit(b, sel.LimitOffset); err != nil {
		return nil, err
	}
	return p, nil
}

// outputReference resolves an ORDER BY item that names an output column
// (by alias or ordinal); -1 means it is an expression over the input.
func (p *selectPlan) outputReference(n *pg_query.Node, names []string) (int, error) {
	if c := n.GetAConst(); c != nil {
		if iv, ok := c.Val.(*pg_query.A_Const_Ival); ok {
			pos := int(iv.Ival.Ival)
			if pos < 1 || pos > p.nOutput {
				return 0, errAt(pgerr.New(pgerr.InvalidColumnReference, "ORDER BY position %d is not in select list", pos), c.Location)
			}
			return pos - 1, nil
		}
	}
	if cr := n.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
		name := cr.Fields[0].GetString_().GetSval()
		for _, exact := range []bool{true, false} {
			for i, out := range names {
				if namesMatch(out, name, exact) {
					return i, nil
				}
			}
		}
	}
	return -1, nil
}

// bindGroupItem binds a GROUP BY item: an ordinal, an output alias, or an
// input expression.
func bindGroupItem(b *binder, g *pg_query.Node, targets []*pg_query.ResTarget) (expr, error) {
	if c := g.GetAConst(); c != nil {
		if iv, ok := c.Val.(*pg_query.A_Const_Ival); ok {
			pos := int(iv.Ival.Ival)
			if pos < 1 || pos > len(targets) {
				return nil, errAt(pgerr.New(pgerr.InvalidColumnReference, "GROUP BY position %d is not in select list", pos), c.Location)
			}
			return b.bind(targets[pos-1].Val)
		}
	}
	if cr := g.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && cr.Fields[0].GetString_() != nil {
		name := cr.Fields[0].GetString_().GetSval()
		if b.scope.lookup("", name) == -1 {
			for _, t := range targets {
				if t.Name == name {
					return b.bind(t.Val)
				}
			}
		}
	}
	return b.bind(g)
}

func bindLimit(b *binder, n *pg_query.Node) (expr, error) {
	if n == nil {
		return nil, nil
	}
	if c := n.GetAConst(); c != nil && c.Isnull {
		return nil, nil // LIMIT NULL / LIMIT ALL
	}
	x, err := b.bind(n)
	if err != nil {
		return nil, err
	}
	return coerceTo(x, catalog.Int8, exprLocation(n))
}

// expandTargets expands * and names each output column as PostgreSQL's
// FigureColname does.
func expandTargets(list []*pg_query.Node, in *scope) ([]*pg_query.ResTarget, []string, error) {
	var targets []*pg_query.ResTarget
	var names []string
	for _, n := range list {
		rt := n.GetResTarget()
		if cr := rt.Val.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			rel := ""
			if len(cr.Fields) > 1 {
				rel = cr.Fields[len(cr.Fields)-2].GetString_().GetSval()
				if !in.hasRel(rel) {
					return nil, nil, errAt(pgerr.New(pgerr.UndefinedTable, "missing FROM-clause entry for table %q", rel), cr.Location)
				}
			}
			if len(in.cols) == 0 {
				return nil, nil, errAt(pgerr.New(pgerr.SyntaxError, "SELECT * with no tables specified is not valid"), cr.Location)
			}
			for _, c := range in.cols {
				if rel != "" && !strings.EqualFold(c.rel, rel) {
					continue
				}
				targets = append(targets, &pg_query.ResTarget{Val: &pg_query.Node{Node: &pg_query.Node_ColumnRef{ColumnRef: &pg_query.ColumnRef{
					Fields: columnFields(c.rel, c.name), Location: cr.Location}}}})
				names = append(names, c.name)
			}
			continue
		}
		targets = append(targets, rt)
		if rt.Name != "" {
			names = append(names, rt.Name)
		} else {
			names = append(names, columnName(rt.Val, in))
		}
	}
	return targets, names, nil
}

// columnName is the default name of an output column.
func columnName(n *pg_query.Node, in *scope) string {
	switch {
	case n.GetColumnRef() != nil:
		cr := n.GetColumnRef()
		name := cr.Fields[len(cr.Fields)-1].GetString_().GetSval()
		rel := ""
		if len(cr.Fields) > 1 {
			rel = cr.Fields[len(cr.Fields)-2].GetString_().GetSval()
		}
		if i := in.lookup(rel, name); i >= 0 {
			return in.cols[i].name
		}
		return name
	case n.GetFuncCall() != nil:
		return funcName(n.GetFuncCall())
	case n.GetTypeCast() != nil:
		tc := n.GetTypeCast()
		if name := columnName(tc.Arg, in); name != "?column?" {
			return name
		}
		tn := tc.TypeName.Names
		return tn[len(tn)-1].GetString_().GetSval()
	case n.GetCoalesceExpr() != nil:
		return "coalesce"
	case n.GetCaseExpr() != nil:
		return "case"
	case n.GetAExpr() != nil && n.GetAExpr().Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF:
		return "nullif"
	case n.GetSqlvalueFunction() != nil:
		return sqlValueFunctionName(n.GetSqlvalueFunction().Op)
	}
	return "?column?"
}

func sqlValueFunctionName(op pg_query.SQLValueFunctionOp) string {
	name := strings.TrimPrefix(op.String(), "SVFOP_")
	name = strings.TrimSuffix(name, "_N")
	return strings.ToLower(name)
}

// anyAggregate reports whether any target calls an aggregate outside a
// subquery.
func anyAggregate(targets []*pg_query.ResTarget) bool {
	for _, t := range targets {
		if hasAggregate(t.Val.ProtoReflect()) {
			return true
		}
	}
	return false
}

func sortHasAggregate(items []*pg_query.Node) bool {
	for _, n := range items {
		if hasAggregate(n.ProtoReflect()) {
			return true
		}
	}
	return false
}

// hasAggregate walks a parse tree generically, so new node kinds need no
// code here; subqueries are their own level and are skipped.
func hasAggregate(m protoreflect.Message) bool {
	switch v := m.Interface().(type) {
	case *pg_query.FuncCall:
		if _, ok := aggregates[funcName(v)]; ok && v.Over == nil {
			return true
		}
	case *pg_query.SubLink, *pg_query.SelectStmt:
		return false
	}
	found := false
	m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := val.List()
			for i := 0; i < l.Len() && !found; i++ {
				found = hasAggregate(l.Get(i).Message())
			}
		case fd.Message() != nil && !fd.IsMap():
			found = hasAggregate(val.Message())
		}
		return !found
	})
	return found
}

// resolveTable finds a FROM table. Three-part names must name the
// database; two-part names a schema; bare names follow search_path.
func (s *Session) resolveTable(rv *pg_query.RangeVar) (catalog.Table, string, error) {
	if rv.Catalogname != "" && rv.Catalogname != catalog.Database && rv.Catalogname != s.info.Database {
		return nil, "", errAt(pgerr.New(pgerr.FeatureNotSupported, "cross-database references are not implemented: %s.%s.%s", rv.Catalogname, rv.Schemaname, rv.Relname), rv.Location)
	}
	t := s.engine.Catalog.Lookup(rv.Schemaname, rv.Relname, s.searchPath())
	if t == nil {
		name := rv.Relname
		if rv.Schemaname != "" {
			name = rv.Schemaname + "." + name
		}
		return nil, "", errAt(pgerr.New(pgerr.UndefinedTable, "relation %q does not exist", name), rv.Location)
	}
	rel := t.Name()
	if rv.Alias != nil {
		rel = rv.Alias.Aliasname
	}
	return t, rel, nil
}

func (p *selectPlan) open(ctx context.Context, s *Session, params []any) (Cursor, error) {
	e := &env{ctx: ctx, s: s, params: params}
	rows, err := p.scan(e)
	if err != nil {
		return nil, err
	}
	if p.where != nil {
		if rows, err = filterRows(e, rows, p.where); err != nil {
			return nil, err
		}
	}
	if p.agg != nil {
		if rows, err = aggregateRows(e, p.agg, rows, p.implicit); err != nil {
			return nil, err
		}
		if p.having != nil {
			if rows, err = filterRows(e, rows, p.having); err != nil {
				return nil, err
			}
		}
	}
	out := make([][]any, len(rows))
	for i, row := range rows {
		e.row = row
		vals := make([]any, len(p.project))
		for j, x := range p.project {
			if vals[j], err = x.eval(e); err != nil {
				return nil, err
			}
		}
		out[i] = vals
	}
	if len(p.sortKeys) > 0 {
		if err := sortRows(out, p.sortCols, p.sortKeys); err != nil {
			return nil, err
		}
	}
	if p.distinct {
		out = distinctRows(out, p.nOutput)
	}
	if out, err = p.window(e, out); err != nil {
		return nil, err
	}
	for i := range out {
		out[i] = out[i][:p.nOutput]
	}
	return newRowsCursor(p.columns, out, "SELECT"), nil
}

func (p *selectPlan) scan(e *env) ([][]any, error) {
	if p.table == nil {
		return [][]any{{}}, nil
	}
	req, err := p.scanRequest(e)
	if err != nil {
		return nil, err
	}
	return p.table.Scan(e.ctx, req)
}

func (p *selectPlan) scanRequest(e *env) (catalog.ScanRequest, error) {
	var req catalog.ScanRequest
	for _, pc := range p.pushed {
		c := catalog.Constraint{Column: pc.column, Values: []any{}}
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

// window applies OFFSET and LIMIT.
func (p *selectPlan) window(e *env, rows [][]any) ([][]any, error) {
	e.row = nil
	if p.offset != nil {
		v, err := p.offset.eval(e)
		if err != nil {
			return nil, err
		}
		if v != nil {
			n := v.(int64)
			if n < 0 {
				return nil, pgerr.New(pgerr.InvalidRowCountInResultOffsetClause, "OFFSET must not be negative")
			}
			if n >= int64(len(rows)) {
				rows = nil
			} else {
				rows = rows[n:]
			}
		}
	}
	if p.limit != nil {
		v, err := p.limit.eval(e)
		if err != nil {
			return nil, err
		}
		if v != nil {
			n := v.(int64)
			if n < 0 {
				return nil, pgerr.New(pgerr.InvalidRowCountInLimitClause, "LIMIT must not be negative")
			}
			if n < int64(len(rows)) {
				rows = rows[:n]
			}
		}
	}
	return rows, nil
}

func filterRows(e *env, rows [][]any, cond expr) ([][]any, error) {
	out := rows[:0:0]
	for _, row := range rows {
		e.row = row
		v, err := cond.eval(e)
		if err != nil {
			return nil, err
		}
		if v == true {
			out = append(out, row)
		}
	}
	return out, nil
}

func distinctRows(rows [][]any, n int) [][]any {
	seen := map[string]bool{}
	out := rows[:0:0]
	for _, r := range rows {
		k := groupKey(r[:n])
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}
