package stmt

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/bind"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/plan"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// INSERT, UPDATE and DELETE bind with the same binder as SELECT to a DML:
// the target table, where its rows come from (the VALUES or query of an
// INSERT; a scan with the WHERE clause pushed down for UPDATE and
// DELETE), the new values and RETURNING. The executor runs it
// (executor/dml.go).

// DML is a bound INSERT, UPDATE or DELETE.
type DML struct {
	Verb  string // INSERT, UPDATE, DELETE
	Table catalog.Writable
	// Written are the columns the statement sets; AllColumns is an
	// INSERT without a column list (every column may be given).
	Written    map[int]bool
	AllColumns bool

	// INSERT: the source rows and the table column each source column
	// fills. Values rows hold nil for DEFAULT.
	Targets []int
	Values  [][]expr.Expr
	Query   exec.QueryPlan
	// SkipConflicts are the arbiter indexes of ON CONFLICT DO NOTHING.
	SkipConflicts []string

	// UPDATE, DELETE: the rows to change.
	Scan      *exec.TableScan
	Where     expr.Expr
	WhereText string // for EXPLAIN
	Sets      []Assignment

	Returning []expr.Expr
	Columns   []expr.Column // RETURNING's
}

// Assignment is one SET column = value of an UPDATE.
type Assignment struct {
	Column int
	X      expr.Expr
}

// BindDML binds an INSERT, UPDATE or DELETE statement.
func BindDML(s *bind.Planner, st *Statement, params *[]*value.Type) (*DML, error) {
	switch st.Kind {
	case KindInsert:
		return bindInsert(s, st.node.GetInsertStmt(), params)
	case KindUpdate:
		return bindUpdate(s, st.node.GetUpdateStmt(), params)
	case KindDelete:
		return bindDelete(s, st.node.GetDeleteStmt(), params)
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "statement not supported: %s", st.Name())
}

// writableTable resolves the target of a DML statement and the scope its
// expressions see.
func writableTable(s *bind.Planner, rv *pg_query.RangeVar, verb string) (catalog.Writable, []expr.ScopeCol, error) {
	t, rel, err := s.ResolveTable(rv)
	if err != nil {
		return nil, nil, err
	}
	w, ok := t.(catalog.Writable)
	if ro, isRO := t.(catalog.ReadOnly); !ok && isRO {
		return nil, nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "cannot %s table \"%s\"", verbPhrase[verb], t.Name()).
			WithDetail("%s.%s is read-only: %s is not supported on it.", t.Schema(), t.Name(), verb).
			WithHint("%s", ro.ReadOnlyHint()), rv.Location)
	}
	if !ok {
		return nil, nil, pgerr.At(pgerr.New(pgerr.InsufficientPrivilege, "permission denied for table %s", t.Name()).
			WithDetail("%s.%s is read-only: %s is not supported on it.", t.Schema(), t.Name(), verb), rv.Location)
	}
	id := rel + "#target" // the statement's one target; FROM items get numbered ids
	cols := make([]expr.ScopeCol, len(t.Columns()))
	for i, c := range t.Columns() {
		cols[i] = expr.ScopeCol{Name: c.Name, Rel: rel, RelID: id, T: c.Type, TableOID: t.OID(), Attnum: int16(i + 1), Typmod: -1}
	}
	return w, cols, nil
}

// verbPhrase words a refused write as PostgreSQL words one on a view
// ("cannot insert into view").
var verbPhrase = map[string]string{"INSERT": "insert into", "UPDATE": "update", "DELETE": "delete from"}

func dmlBinder(s *bind.Planner, params *[]*value.Type, with *pg_query.WithClause, cols []expr.ScopeCol) (*bind.Binder, error) {
	var ctes *bind.CteScope
	if with != nil {
		var err error
		if ctes, err = s.PlanWith(nil, params, nil, with); err != nil {
			return nil, err
		}
	}
	return &bind.Binder{S: s, Params: params, Scope: &bind.Scope{Cols: cols}, Ctes: ctes, Query: &bind.QueryLevel{}}, nil
}

func bindInsert(s *bind.Planner, ins *pg_query.InsertStmt, params *[]*value.Type) (*DML, error) {
	table, cols, err := writableTable(s, ins.Relation, "INSERT")
	if err != nil {
		return nil, err
	}
	var arbiters []string
	if ins.OnConflictClause != nil {
		if arbiters, err = OnConflictArbiters(table, ins.OnConflictClause); err != nil {
			return nil, err
		}
	}
	b, err := dmlBinder(s, params, ins.WithClause, cols)
	if err != nil {
		return nil, err
	}
	p := &DML{Verb: "INSERT", Table: table, SkipConflicts: arbiters, AllColumns: len(ins.Cols) == 0}
	tcols := table.Columns()

	// The target columns: the list given, or every column in order.
	var targets []int
	seen := map[int]bool{}
	for _, n := range ins.Cols {
		rt := n.GetResTarget()
		if len(rt.Indirection) > 0 {
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "assigning to a part of column %q is not supported", rt.Name), rt.Location)
		}
		i := catalog.ColumnIndex(table, rt.Name)
		if i < 0 {
			return nil, pgerr.At(pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", rt.Name, table.Name()), rt.Location)
		}
		if seen[i] {
			return nil, pgerr.At(pgerr.New(pgerr.DuplicateColumn, "column %q specified more than once", tcols[i].Name), rt.Location)
		}
		seen[i] = true
		targets = append(targets, i)
	}
	fit := func(n int) error {
		if p.AllColumns {
			if n > len(tcols) {
				return pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns")
			}
			targets = targets[:0]
			for i := range n {
				targets = append(targets, i)
			}
			return nil
		}
		switch {
		case n > len(targets):
			return pgerr.New(pgerr.SyntaxError, "INSERT has more expressions than target columns")
		case n < len(targets):
			return pgerr.New(pgerr.SyntaxError, "INSERT has more target columns than expressions")
		}
		return nil
	}

	sel := ins.SelectStmt.GetSelectStmt()
	switch {
	case sel == nil: // DEFAULT VALUES
		if err := fit(0); err != nil {
			return nil, err
		}
		p.Values = [][]expr.Expr{{}}
	case isPlainValues(sel):
		for i, l := range sel.ValuesLists {
			items := l.GetList().GetItems()
			if i > 0 && len(items) != len(p.Values[0]) {
				return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "VALUES lists must all be the same length"), bind.ExprLocation(items[0]))
			}
			if err := fit(len(items)); err != nil {
				return nil, err
			}
			row := make([]expr.Expr, len(items))
			for j, item := range items {
				if item.GetSetToDefault() != nil {
					continue // DEFAULT: the column is not given
				}
				vb := &bind.Binder{S: s, Params: params, Scope: &bind.Scope{}, Ctes: b.Ctes, Query: &bind.QueryLevel{}}
				x, err := vb.Bind(item)
				if err != nil {
					return nil, err
				}
				if row[j], err = expr.AssignExpr(x, tcols[targets[j]], bind.ExprLocation(item)); err != nil {
					return nil, err
				}
			}
			p.Values = append(p.Values, row)
		}
	default:
		q, _, err := s.PlanQuery(nil, params, b.Ctes, sel)
		if err != nil {
			return nil, err
		}
		types := q.OutputTypes()
		if err := fit(len(types)); err != nil {
			return nil, err
		}
		for j, t := range types {
			if !expr.Assignable(t, tcols[targets[j]].Type) {
				return nil, expr.AssignMismatch(tcols[targets[j]], t, -1)
			}
		}
		p.Query = q
	}
	p.Targets = targets
	p.Written = map[int]bool{}
	for _, i := range targets {
		p.Written[i] = true
	}
	if err := p.bindReturning(b, ins.ReturningList); err != nil {
		return nil, err
	}
	return p, nil
}

// isPlainValues reports whether an INSERT's source is a bare VALUES list,
// whose items may be DEFAULT.
func isPlainValues(sel *pg_query.SelectStmt) bool {
	return len(sel.ValuesLists) > 0 && len(sel.SortClause) == 0 && sel.LimitCount == nil && sel.LimitOffset == nil && sel.WithClause == nil
}

func bindUpdate(s *bind.Planner, upd *pg_query.UpdateStmt, params *[]*value.Type) (*DML, error) {
	if len(upd.FromClause) > 0 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "UPDATE ... FROM is not supported")
	}
	table, cols, err := writableTable(s, upd.Relation, "UPDATE")
	if err != nil {
		return nil, err
	}
	b, err := dmlBinder(s, params, upd.WithClause, cols)
	if err != nil {
		return nil, err
	}
	p := &DML{Verb: "UPDATE", Table: table, Scan: &exec.TableScan{Table: table, Cols: cols}, Written: map[int]bool{}}
	if err := p.bindWhere(b, upd.WhereClause); err != nil {
		return nil, err
	}
	tcols := table.Columns()
	for _, n := range upd.TargetList {
		rt := n.GetResTarget()
		switch {
		case rt.Val.GetMultiAssignRef() != nil:
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "UPDATE SET (a, b) = (...) is not supported; assign each column"), rt.Location)
		case len(rt.Indirection) > 0:
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "assigning to a part of column %q is not supported; assign the whole value, e.g. SET %s = %s || '{...}'", rt.Name, rt.Name, rt.Name), rt.Location)
		case rt.Val.GetSetToDefault() != nil:
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "SET %s = DEFAULT is not supported: the columns have no defaults", rt.Name), rt.Location)
		}
		i := catalog.ColumnIndex(table, rt.Name)
		if i < 0 {
			return nil, pgerr.At(pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", rt.Name, table.Name()), rt.Location)
		}
		if p.Written[i] {
			return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "multiple assignments to same column %q", tcols[i].Name), rt.Location)
		}
		p.Written[i] = true
		x, err := b.Bind(rt.Val)
		if err != nil {
			return nil, err
		}
		if x, err = expr.AssignExpr(x, tcols[i], bind.ExprLocation(rt.Val)); err != nil {
			return nil, err
		}
		p.Sets = append(p.Sets, Assignment{Column: i, X: x})
	}
	if err := p.bindReturning(b, upd.ReturningList); err != nil {
		return nil, err
	}
	return p, nil
}

func bindDelete(s *bind.Planner, del *pg_query.DeleteStmt, params *[]*value.Type) (*DML, error) {
	if len(del.UsingClause) > 0 {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "DELETE ... USING is not supported")
	}
	table, cols, err := writableTable(s, del.Relation, "DELETE")
	if err != nil {
		return nil, err
	}
	b, err := dmlBinder(s, params, del.WithClause, cols)
	if err != nil {
		return nil, err
	}
	p := &DML{Verb: "DELETE", Table: table, Scan: &exec.TableScan{Table: table, Cols: cols}}
	if err := p.bindWhere(b, del.WhereClause); err != nil {
		return nil, err
	}
	if err := p.bindReturning(b, del.ReturningList); err != nil {
		return nil, err
	}
	return p, nil
}

// bindWhere binds the WHERE clause and pushes its conjuncts into the scan,
// so that only the rows it can match are read.
func (p *DML) bindWhere(b *bind.Binder, where *pg_query.Node) error {
	if where == nil {
		return nil
	}
	w, err := b.BindCondition(where, "WHERE")
	if err != nil {
		return err
	}
	p.Where, p.WhereText = w, b.ExplainText(where)
	plan.PushDownInto(p.Scan, w)
	return nil
}

// bindReturning binds RETURNING over the table's columns.
func (p *DML) bindReturning(b *bind.Binder, list []*pg_query.Node) error {
	if len(list) == 0 {
		return nil
	}
	targets, names, err := bind.ExpandTargets(list, b.Scope)
	if err != nil {
		return err
	}
	for i, t := range targets {
		x, err := b.Bind(t.Val)
		if err != nil {
			return err
		}
		if x.Type() == value.Unknown {
			if x, err = expr.CoerceTo(x, value.Text, bind.ExprLocation(t.Val)); err != nil {
				return err
			}
		}
		c := expr.Column{Name: names[i], TypeOID: x.Type().OID, TypeLen: x.Type().Len, TypeMod: -1}
		if ce, ok := x.(*expr.ColExpr); ok {
			sc := b.Scope.Cols[ce.Idx]
			c.TableOID, c.AttNum = sc.TableOID, sc.Attnum
		}
		p.Returning = append(p.Returning, x)
		p.Columns = append(p.Columns, c)
	}
	return nil
}
