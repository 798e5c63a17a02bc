package bind

import (
	"strconv"
	"strings"
	"sync/atomic"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// planFrom builds the FROM clause: items are cross-joined left to right;
// Each item after the first may read the columns before it when LATERAL
// (function calls in FROM always may).
func (b *Binder) planFrom(items []*pg_query.Node) (exec.Relation, error) {
	if len(items) == 0 {
		return exec.OneRow{}, nil
	}
	var rel exec.Relation
	for _, item := range items {
		left := rel
		r, lateral, err := b.planFromItem(item, left)
		if err != nil {
			return nil, err
		}
		if left == nil {
			rel = r
			continue
		}
		rel = &exec.JoinRel{Left: left, Right: r, Kind: "cross", Lateral: lateral}
	}
	if err := checkDuplicateAliases(rel.Columns()); err != nil {
		return nil, err
	}
	return rel, nil
}

func checkDuplicateAliases(cols []expr.ScopeCol) error {
	seen := map[string]string{}
	var last expr.ScopeCol // a relation's columns are adjacent: checked once
	for _, c := range cols {
		if c.Rel == "" || c.Rel == last.Rel && c.RelID == last.RelID {
			continue
		}
		last = c
		key := strings.ToLower(c.Rel)
		if owner, ok := seen[key]; ok && owner != c.RelID {
			return pgerr.New(pgerr.DuplicateAlias, "table name %q specified more than once", c.Rel)
		}
		seen[key] = c.RelID
	}
	return nil
}

// lateralBinder binds a FROM item that may see the items to its left as
// an outer level.
func (b *Binder) lateralBinder(left exec.Relation) *Binder {
	if left == nil {
		return b.outer
	}
	return &Binder{S: b.S, Params: b.Params, Scope: &Scope{Cols: left.Columns()}, outer: b.outer, Ctes: b.Ctes, Query: b.Query}
}

// planFromItem plans one FROM item; lateral reports whether it reads the
// Items to its left.
func (b *Binder) planFromItem(n *pg_query.Node, left exec.Relation) (exec.Relation, bool, error) {
	switch {
	case n.GetRangeVar() != nil:
		r, err := b.planRangeVar(n.GetRangeVar())
		return r, false, err
	case n.GetRangeSubselect() != nil:
		rs := n.GetRangeSubselect()
		defer b.S.WriteBarrier("a subquery in FROM (use a WITH query)")()
		outer := b.outer
		if rs.Lateral {
			outer = b.lateralBinder(left)
		} else if left != nil {
			saved := b.S.invisible
			b.S.invisible = left.Columns()
			defer func() { b.S.invisible = saved }()
		}
		q, level, err := b.S.PlanQuery(outer, b.Params, b.Ctes, rs.Subquery.GetSelectStmt())
		if err != nil {
			return nil, false, err
		}
		if rs.Alias == nil {
			return nil, false, pgerr.New(pgerr.SyntaxError, "subquery in FROM must have an alias").WithHint("For example, FROM (SELECT ...) [AS] foo.")
		}
		cols, err := aliasColumns(rs.Alias, q.OutputColumns(), q.OutputTypes())
		if err != nil {
			return nil, false, err
		}
		if level.correlated && !rs.Lateral && b.Query != nil {
			// It reads an enclosing level, so this level does too.
			b.Query.correlated = true
		}
		return &exec.SubqueryRel{Plan: q, Cols: cols, Correlated: level.correlated, CacheKey: q}, rs.Lateral, nil
	case n.GetRangeFunction() != nil:
		return b.planRangeFunction(n.GetRangeFunction(), left)
	case n.GetJoinExpr() != nil:
		return b.planJoin(n.GetJoinExpr(), left)
	}
	return nil, false, pgerr.New(pgerr.FeatureNotSupported, "FROM item not supported: %s", NodeName(n))
}

// relIDs is shared by every session's planner: atomic.
var relIDs atomic.Int64

// newRelID identifies one range-table entry, so two entries with the same
// alias can be told apart.
func newRelID(name string) string {
	return name + "#" + strconv.FormatInt(relIDs.Add(1), 10)
}

func (b *Binder) planRangeVar(rv *pg_query.RangeVar) (exec.Relation, error) {
	if rv.Schemaname == "" {
		if cte := b.Ctes.lookup(rv.Relname); cte != nil {
			if cte.writes && b.S.barrier != "" {
				return nil, pgerr.At(funcs.UnsafeWrite("WITH query "+cte.name, "Read it in the FROM clause of the main query: WITH r AS (...) SELECT ... FROM r WHERE ....",
					"WITH query %q calls a write function and cannot be read in %s", cte.name, b.S.barrier), rv.Location)
			}
			alias := rv.Relname
			var colAlias *pg_query.Alias
			if rv.Alias != nil {
				alias, colAlias = rv.Alias.Aliasname, rv.Alias
			}
			cols := cte.columns(alias)
			if colAlias != nil {
				var err error
				if cols, err = renameColumns(colAlias, cols); err != nil {
					return nil, err
				}
			}
			return cte.relation(cols), nil
		}
	}
	t, rel, err := b.S.ResolveTable(rv)
	if err != nil {
		return nil, err
	}
	id := newRelID(rel)
	scan := &exec.TableScan{Table: t}
	pk := map[int]bool{}
	for _, i := range t.PrimaryKey() {
		pk[i] = true
	}
	cols := t.Columns()
	scan.Cols = make([]expr.ScopeCol, 0, len(cols))
	for i, c := range cols {
		typmod := c.TypMod
		if typmod == 0 {
			typmod = -1
		}
		scan.Cols = append(scan.Cols, expr.ScopeCol{Name: c.Name, Rel: rel, RelID: id, T: c.Type, TableOID: t.OID(), Attnum: int16(i + 1), Typmod: typmod, Table: t.Name(), Pkey: pk[i]})
	}
	if rv.Alias != nil && len(rv.Alias.Colnames) > 0 {
		if scan.Cols, err = renameColumns(rv.Alias, scan.Cols); err != nil {
			return nil, err
		}
	}
	return scan, nil
}

// aliasColumns names a subquery's output columns, applying an alias list.
func aliasColumns(alias *pg_query.Alias, cols []expr.Column, types []*value.Type) ([]expr.ScopeCol, error) {
	id := newRelID(alias.Aliasname)
	out := make([]expr.ScopeCol, len(cols))
	for i, c := range cols {
		// Columns of a subquery keep the table they come from, as
		// PostgreSQL's resorigtbl does through derived tables.
		out[i] = expr.ScopeCol{Name: c.Name, Rel: alias.Aliasname, RelID: id, T: types[i], Typmod: c.TypeMod, TableOID: c.TableOID, Attnum: c.AttNum}
	}
	return renameColumns(alias, out)
}

func renameColumns(alias *pg_query.Alias, cols []expr.ScopeCol) ([]expr.ScopeCol, error) {
	if len(alias.Colnames) > len(cols) {
		return nil, pgerr.New(pgerr.InvalidColumnReference, "table %q has %d columns available but %d columns specified", alias.Aliasname, len(cols), len(alias.Colnames))
	}
	out := append([]expr.ScopeCol(nil), cols...)
	for i, n := range alias.Colnames {
		out[i].Name = n.GetString_().GetSval()
	}
	for i := range out {
		out[i].Rel = alias.Aliasname
	}
	return out, nil
}

func (b *Binder) planJoin(j *pg_query.JoinExpr, outerLeft exec.Relation) (exec.Relation, bool, error) {
	left, latL, err := b.planFromItem(j.Larg, outerLeft)
	if err != nil {
		return nil, false, err
	}
	right, lateral, err := b.planFromItem(j.Rarg, left)
	if err != nil {
		return nil, false, err
	}
	kind := map[pg_query.JoinType]string{
		pg_query.JoinType_JOIN_INNER: "inner", pg_query.JoinType_JOIN_LEFT: "left",
		pg_query.JoinType_JOIN_RIGHT: "right", pg_query.JoinType_JOIN_FULL: "full",
	}[j.Jointype]
	if kind == "" {
		return nil, false, pgerr.New(pgerr.FeatureNotSupported, "join type %s is not supported", j.Jointype)
	}
	jr := &exec.JoinRel{Left: left, Right: right, Kind: kind, Lateral: lateral}
	sc := &Scope{Cols: jr.Columns()}
	jb := &Binder{S: b.S, Params: b.Params, Scope: sc, outer: b.outer, Ctes: b.Ctes, Query: b.Query}
	var using []string
	for _, u := range j.UsingClause {
		using = append(using, u.GetString_().GetSval())
	}
	if j.IsNatural {
		for _, lc := range left.Columns() {
			for _, rc := range right.Columns() {
				if lc.Name == rc.Name && !lc.Hidden {
					using = append(using, lc.Name)
				}
			}
		}
	}
	var merged *exec.UsingRel
	if len(using) > 0 {
		nl := exec.Width(left)
		var conds []expr.Expr
		merged = &exec.UsingRel{Join: jr}
		alias, id := "", newRelID("using")
		if j.JoinUsingAlias != nil {
			alias = j.JoinUsingAlias.Aliasname
		}
		for _, name := range using {
			li := (&Scope{Cols: left.Columns()}).lookup("", name)
			ri := (&Scope{Cols: right.Columns()}).lookup("", name)
			if li < 0 || ri < 0 {
				return nil, false, pgerr.New(pgerr.UndefinedColumn, "column %q specified in USING clause does not exist in %s table", name, map[bool]string{true: "left", false: "right"}[li < 0])
			}
			// Both copies of a USING column are hidden from * and from
			// Unqualified references, which see the merged column.
			jr.HideRight = append(jr.HideRight, ri)
			t, _, err := expr.SelectCommonType([]*value.Type{sc.Cols[li].T, sc.Cols[nl+ri].T}, "JOIN/USING")
			if err != nil {
				return nil, false, err
			}
			merged.Cols = append(merged.Cols, expr.ScopeCol{Name: sc.Cols[li].Name, Rel: alias, RelID: id, T: t, Typmod: -1})
			merged.Pairs = append(merged.Pairs, [2]int{li, nl + ri})
			merged.Types = append(merged.Types, [2]*value.Type{sc.Cols[li].T, sc.Cols[nl+ri].T})
		}
		// The condition comes after every merged column's common type, as
		// in PostgreSQL's transformFromClauseItem (buildMergedJoinVar per
		// column, then transformJoinUsingClause): columns with no common
		// type are 42804 "JOIN/USING types ... cannot be matched", not
		// 42883 from the = operator (TestSQLFuzz, findings.md #8).
		for _, p := range merged.Pairs {
			eq, err := funcs.BinaryOperator("=", &expr.ColExpr{Idx: p[0], T: sc.Cols[p[0]].T}, &expr.ColExpr{Idx: p[1], T: sc.Cols[p[1]].T}, -1)
			if err != nil {
				return nil, false, err
			}
			conds = append(conds, eq)
		}
		jr.Cond = &expr.BoolExpr{Op: "and", Args: conds}
	} else if j.Quals != nil {
		reads := b.S.resultReads
		cond, err := jb.in("JOIN conditions", func() (expr.Expr, error) { return jb.BindCondition(j.Quals, "JOIN/ON") })
		if err != nil {
			return nil, false, err
		}
		jr.Cond, jr.CondText = cond, jb.ExplainText(j.Quals)
		jr.CondReadsResult = b.S.resultReads > reads
	} else if kind != "inner" || !isCrossJoin(j) {
		if kind == "inner" {
			jr.Kind = "cross"
		}
	}
	if j.Alias != nil {
		return nil, false, pgerr.New(pgerr.FeatureNotSupported, "aliases on JOIN are not supported yet")
	}
	if merged != nil {
		return merged, latL, nil
	}
	return jr, latL, nil
}

func isCrossJoin(j *pg_query.JoinExpr) bool {
	return j.Quals == nil && len(j.UsingClause) == 0 && !j.IsNatural
}

// ResolveTable finds a FROM table. Three-part names must name the
// database; two-part names a schema; bare names follow pg_catalog and then
// search_path, as in PostgreSQL.
func (s *Planner) ResolveTable(rv *pg_query.RangeVar) (catalog.Table, string, error) {
	if rv.Catalogname != "" && rv.Catalogname != catalog.Database && rv.Catalogname != s.DatabaseName() {
		return nil, "", pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "cross-database references are not implemented: \"%s.%s.%s\"", rv.Catalogname, rv.Schemaname, rv.Relname), rv.Location)
	}
	t := s.Catalog().Lookup(rv.Schemaname, rv.Relname, s.lookupPath())
	if t == nil {
		// Not a table: the catalogs tell why, as PostgreSQL would. (Every
		// schema without USAGE, pg_toast, holds no table vpnsql can scan,
		// so checking it only here gives PostgreSQL's answer.)
		snap := s.Snapshot()
		if o, ok := snap.NamespaceOID(rv.Schemaname); ok && !snap.Privilege('n', snap.CurrentUserOID(), o, 0, "USAGE") {
			return nil, "", pgerr.At(pgerr.New(pgerr.InsufficientPrivilege, "permission denied for schema %s", rv.Schemaname), rv.Location)
		}
		if kind, ok := snap.RelationKind(rv.Schemaname, rv.Relname); ok && kind == 'i' {
			return nil, "", pgerr.At(pgerr.New(pgerr.WrongObjectType, "%q is an index", rv.Relname), rv.Location)
		}
		name := rv.Relname
		if rv.Schemaname != "" {
			name = rv.Schemaname + "." + name
		}
		return nil, "", pgerr.At(pgerr.New(pgerr.UndefinedTable, "relation %q does not exist", name), rv.Location)
	}
	rel := t.Name()
	if rv.Alias != nil {
		rel = rv.Alias.Aliasname
	}
	return t, rel, nil
}

// lookupPath is the effective search path: pg_catalog first unless
// search_path places it.
func (s *Planner) lookupPath() []string {
	path := s.SearchPath()
	for _, p := range path {
		if p == "pg_catalog" {
			return path
		}
	}
	return append([]string{"pg_catalog"}, path...)
}
