package plan

import (
	"context"
	"fmt"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// The scaffolding of this package's tests: a catalog table that says which
// columns it can filter (its rows are never read: planning reads none),
// and FROM items over rows held in memory, to check that a placed plan
// answers as the written one.

// table is a resource table's shape: columns, the ones an API filter
// takes (pushable) and the jsonb ones it filters by key.
type table struct {
	cols     []catalog.Column
	pushable map[int]bool
	keys     map[int]bool
}

func (t *table) Schema() string                                             { return "public" }
func (t *table) Name() string                                               { return "t" }
func (t *table) OID() uint32                                                { return 90000 }
func (t *table) Columns() []catalog.Column                                  { return t.cols }
func (t *table) PrimaryKey() []int                                          { return nil }
func (t *table) Pushable(col int) bool                                      { return t.pushable[col] }
func (t *table) PushableKey(col int) bool                                   { return t.keys[col] }
func (t *table) Scan(context.Context, catalog.ScanRequest) ([][]any, error) { return nil, nil }
func (t *table) Explain(catalog.ScanRequest) []string                       { return nil }

// scanOf is a TableScan of t.
func scanOf(t *table) *exec.TableScan {
	cols := make([]expr.ScopeCol, len(t.cols))
	for i, c := range t.cols {
		cols[i] = expr.ScopeCol{Name: c.Name, T: c.Type}
	}
	return &exec.TableScan{Table: t, Cols: cols}
}

// rowsRel is a FROM item over rows.
type rowsRel struct {
	name string
	cols []expr.ScopeCol
	rows [][]any
}

func newRel(name string, width int, rows ...[]any) *rowsRel {
	cols := make([]expr.ScopeCol, width)
	for i := range cols {
		cols[i] = expr.ScopeCol{Name: fmt.Sprintf("%s%d", name, i), Rel: name, T: value.Int8}
	}
	return &rowsRel{name: name, cols: cols, rows: rows}
}

func (r *rowsRel) Columns() []expr.ScopeCol { return r.cols }

func (r *rowsRel) Open(*expr.Env) (exec.RowIter, error) { return exec.SliceRows(r.rows), nil }

// Expression shorthands.
func col(i int, t *value.Type) *expr.ColExpr { return &expr.ColExpr{Idx: i, T: t} }

func lit(v any, t *value.Type) *expr.ConstExpr { return &expr.ConstExpr{V: v, T: t} }

func cmp(op string, l, r expr.Expr) *expr.CmpOp {
	return &expr.CmpOp{Op: op, L: l, R: r, Test: expr.Comparisons[op]}
}

func and(xs ...expr.Expr) expr.Expr { return &expr.BoolExpr{Op: "and", Args: xs} }

// fn is a call of the named function; its value is v whatever the
// arguments (planning reads only the name).
func fn(name string, t *value.Type, v any, args ...expr.Expr) *expr.FuncExpr {
	return &expr.FuncExpr{Name: name, T: t, Args: args, Fn: func(*expr.Env, []any) (any, error) { return v, nil }}
}

func testEnv() *expr.Env {
	return &expr.Env{Ctx: context.Background(), Exec: &expr.ExecState{Cache: map[any][][]any{}}}
}
