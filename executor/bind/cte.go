package bind

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// CteScope holds the WITH queries visible at a level, innermost first.
type CteScope struct {
	parent *CteScope
	defs   map[string]*CteDef
}

func (c *CteScope) lookup(name string) *CteDef {
	for s := c; s != nil; s = s.parent {
		if d, ok := s.defs[strings.ToLower(name)]; ok {
			return d
		}
	}
	return nil
}

// CteDef is one WITH query; its result is computed once per execution.
type CteDef struct {
	name  string
	cols  []expr.Column
	types []*value.Type
	plan  exec.QueryPlan
	work  *exec.WorkTable // set while planning the recursive term
	// writes: the query calls a write function; perRowWrites: its rows
	// come from one called per row (write_calls.go).
	writes, perRowWrites bool
}

func (d *CteDef) columns(alias string) []expr.ScopeCol {
	id := newRelID(alias)
	out := make([]expr.ScopeCol, len(d.cols))
	for i, c := range d.cols {
		out[i] = expr.ScopeCol{Name: c.Name, Rel: alias, RelID: id, T: d.types[i], Typmod: -1}
	}
	return out
}

func (d *CteDef) relation(cols []expr.ScopeCol) exec.Relation {
	if d.plan == nil {
		return &exec.WorkTable{Cols: cols, Key: d.work.Key}
	}
	return &exec.SubqueryRel{Plan: d.plan, Cols: cols, CacheKey: d, Shared: true}
}

func (s *Planner) PlanWith(outer *Binder, params *[]*value.Type, parent *CteScope, w *pg_query.WithClause) (*CteScope, error) {
	scope := &CteScope{parent: parent, defs: map[string]*CteDef{}}
	for _, n := range w.Ctes {
		cte := n.GetCommonTableExpr()
		sel := cte.Ctequery.GetSelectStmt()
		if sel == nil {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "WITH queries other than SELECT are not supported")
		}
		key := strings.ToLower(cte.Ctename)
		if _, dup := scope.defs[key]; dup {
			return nil, pgerr.At(pgerr.New(pgerr.DuplicateAlias, "WITH query name %q specified more than once", cte.Ctename), cte.Location)
		}
		def := &CteDef{name: cte.Ctename}
		var err error
		sites, perRow := len(s.WriteSites), s.PerRowWrites
		if w.Recursive && referencesName(sel, cte.Ctename) {
			if err := checkRecursion(cte, sel); err != nil {
				return nil, err
			}
			lift := s.WriteBarrier("a recursive WITH query")
			def.plan, err = s.planRecursive(outer, params, scope, def, cte, sel)
			lift()
		} else {
			lift := func() {}
			if cte.Ctematerialized == pg_query.CTEMaterialize_CTEMaterializeNever {
				lift = s.WriteBarrier("a WITH query marked NOT MATERIALIZED")
			}
			def.plan, _, err = s.PlanQuery(outer, params, scope, sel)
			lift()
		}
		def.writes, def.perRowWrites = len(s.WriteSites) > sites, s.PerRowWrites > perRow
		if err != nil {
			return nil, err
		}
		def.cols, def.types = def.plan.OutputColumns(), def.plan.OutputTypes()
		if def.cols, err = renameOutput(cte, def.cols); err != nil {
			return nil, err
		}
		scope.defs[key] = def
	}
	return scope, nil
}

func renameOutput(cte *pg_query.CommonTableExpr, cols []expr.Column) ([]expr.Column, error) {
	if len(cte.Aliascolnames) > len(cols) {
		return nil, pgerr.At(pgerr.New(pgerr.InvalidColumnReference, "WITH query %q has %d columns available but %d columns specified", cte.Ctename, len(cols), len(cte.Aliascolnames)), cte.Location)
	}
	out := append([]expr.Column(nil), cols...)
	for i, n := range cte.Aliascolnames {
		out[i].Name = n.GetString_().GetSval()
	}
	return out, nil
}

func (s *Planner) planRecursive(outer *Binder, params *[]*value.Type, scope *CteScope, def *CteDef, cte *pg_query.CommonTableExpr, sel *pg_query.SelectStmt) (exec.QueryPlan, error) {
	base, _, err := s.PlanQuery(outer, params, scope, sel.Larg)
	if err != nil {
		return nil, err
	}
	def.cols, def.types = base.OutputColumns(), base.OutputTypes()
	if def.cols, err = renameOutput(cte, def.cols); err != nil {
		return nil, err
	}
	p := &exec.RecursivePlan{Base: base, All: sel.All}
	p.Key = p
	def.work = &exec.WorkTable{Key: p.Key}
	scope.defs[strings.ToLower(cte.Ctename)] = def
	step, _, err := s.PlanQuery(outer, params, scope, sel.Rarg)
	delete(scope.defs, strings.ToLower(cte.Ctename))
	if err != nil {
		return nil, err
	}
	if len(step.OutputTypes()) != len(def.types) {
		return nil, pgerr.New(pgerr.SyntaxError, "each UNION query must have the same number of columns")
	}
	p.Step = step
	return p, nil
}

// referencesName reports whether a query mentions a relation name.
func referencesName(sel *pg_query.SelectStmt, name string) bool {
	found := false
	visitNodes(sel.ProtoReflect(), func(rv *pg_query.RangeVar) {
		if rv.Schemaname == "" && strings.EqualFold(rv.Relname, name) {
			found = true
		}
	})
	return found
}

// checkRecursion applies PostgreSQL's rules for a WITH RECURSIVE query that
// names itself (parse_cte.c's checkWellFormedRecursion): the form
// non-recursive-term UNION [ALL] recursive-term, the self-reference only in
// the recursive term, once, not inside a subquery expression, and no
// aggregate, ORDER BY, LIMIT or OFFSET there. Without them a recursive
// term such as SELECT count(*) FROM r never ends.
func checkRecursion(cte *pg_query.CommonTableExpr, sel *pg_query.SelectStmt) error {
	name := cte.Ctename
	invalid := func(loc int32, format string) error {
		return pgerr.At(pgerr.New(pgerr.InvalidRecursion, format, name), loc)
	}
	if sel.Op != pg_query.SetOperation_SETOP_UNION {
		return invalid(cte.Location, `recursive query "%s" does not have the form non-recursive-term UNION [ALL] recursive-term`)
	}
	if refs := selfReferences(sel.Larg.ProtoReflect(), name, false); len(refs) > 0 {
		return invalid(refs[0].loc, `recursive reference to query "%s" must not appear within its non-recursive term`)
	}
	refs := selfReferences(sel.Rarg.ProtoReflect(), name, false)
	for _, r := range refs {
		if r.inSublink {
			return invalid(r.loc, `recursive reference to query "%s" must not appear within a subquery`)
		}
	}
	if len(refs) > 1 {
		return invalid(refs[1].loc, `recursive reference to query "%s" must not appear more than once`)
	}
	for _, n := range append(append([]*pg_query.Node{}, sel.Rarg.TargetList...), sel.Rarg.HavingClause) {
		if f := findAggregateIn(n); f != nil {
			return pgerr.At(pgerr.New(pgerr.InvalidRecursion, "aggregate functions are not allowed in a recursive query's recursive term"), f.Location)
		}
	}
	var sortAt int32 = -1
	if len(sel.SortClause) > 0 {
		sortAt = ExprLocation(sel.SortClause[0].GetSortBy().GetNode())
	}
	for _, c := range []struct {
		what string
		set  bool
		loc  int32
	}{{"ORDER BY", len(sel.SortClause) > 0, sortAt}, {"OFFSET", sel.LimitOffset != nil, ExprLocation(sel.LimitOffset)},
		{"LIMIT", sel.LimitCount != nil, ExprLocation(sel.LimitCount)}, {"FOR UPDATE/SHARE", len(sel.LockingClause) > 0, -1}} {
		if c.set {
			return pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "%s in a recursive query is not implemented", c.what), c.loc)
		}
	}
	return nil
}

// selfRef is one mention of the recursive query's name.
type selfRef struct {
	loc       int32
	inSublink bool // within a subquery expression (EXISTS, IN, a scalar subquery)
}

// selfReferences lists the mentions of name, as a relation, in tree order.
func selfReferences(m protoreflect.Message, name string, inSublink bool) []selfRef {
	var out []selfRef
	switch v := m.Interface().(type) {
	case *pg_query.RangeVar:
		if v.Schemaname == "" && strings.EqualFold(v.Relname, name) {
			out = append(out, selfRef{loc: v.Location, inSublink: inSublink})
		}
	case *pg_query.SubLink:
		inSublink = true
	}
	m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := val.List()
			for i := 0; i < l.Len(); i++ {
				out = append(out, selfReferences(l.Get(i).Message(), name, inSublink)...)
			}
		case fd.Message() != nil && !fd.IsMap():
			out = append(out, selfReferences(val.Message(), name, inSublink)...)
		}
		return true
	})
	return out
}
