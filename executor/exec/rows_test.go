package exec

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// The scaffolding of this package's tests: operators read in-memory rows
// through rowsIter, which records how it was driven, so a test can check
// the RowIter contract (no Next after the answer is known, Close passed
// down) as well as the rows.

// rowsIter yields a slice of rows and counts the calls made to it.
type rowsIter struct {
	rows   [][]any
	i      int
	nexts  int // calls of Next
	closes int // calls of Close
	// nextAfterClose counts calls of Next once closed: an operator that
	// closed its input must not read it again.
	nextAfterClose int
	err            error // returned by Next after the rows, when set
}

func (r *rowsIter) Next() ([]any, error) {
	r.nexts++
	if r.closes > 0 {
		r.nextAfterClose++
		return nil, nil
	}
	if r.i >= len(r.rows) {
		return nil, r.err
	}
	row := r.rows[r.i]
	r.i++
	return row, nil
}

func (r *rowsIter) Close() { r.closes++ }

// rowsRel is a FROM item over rows; each Open makes a new rowsIter, kept
// in opened.
type rowsRel struct {
	cols   []expr.ScopeCol
	rows   [][]any
	opened []*rowsIter
}

func newRel(types []*value.Type, rows ...[]any) *rowsRel {
	cols := make([]expr.ScopeCol, len(types))
	for i, t := range types {
		cols[i] = expr.ScopeCol{Name: fmt.Sprintf("c%d", i), T: t}
	}
	return &rowsRel{cols: cols, rows: rows}
}

func (r *rowsRel) Columns() []expr.ScopeCol { return r.cols }

func (r *rowsRel) Open(*expr.Env) (RowIter, error) {
	it := &rowsIter{rows: r.rows}
	r.opened = append(r.opened, it)
	return it, nil
}

// rowsPlan is a query over rows, for set operations and subqueries.
type rowsPlan struct {
	types  []*value.Type
	rows   [][]any
	opened []*rowsIter
}

func (p *rowsPlan) OutputColumns() []expr.Column {
	out := make([]expr.Column, len(p.types))
	for i, t := range p.types {
		out[i] = expr.Column{Name: fmt.Sprintf("c%d", i), TypeOID: t.OID}
	}
	return out
}

func (p *rowsPlan) OutputTypes() []*value.Type { return p.types }

func (p *rowsPlan) Open(*expr.Env) (RowIter, error) {
	it := &rowsIter{rows: p.rows}
	p.opened = append(p.opened, it)
	return it, nil
}

// testEnv is a statement's env with an empty cache and no memory limit.
func testEnv() *expr.Env {
	return &expr.Env{Ctx: context.Background(), Exec: &expr.ExecState{Cache: map[any][][]any{}}}
}

// limitedEnv is testEnv with a statement memory limit of limit bytes.
func limitedEnv(t *testing.T, limit int64) *expr.Env {
	t.Helper()
	acc, err := (&expr.MemoryPool{}).Open(limit, 1, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(acc.Close)
	e := testEnv()
	e.Exec.Mem = acc
	return e
}

// drain reads it to the end and closes it.
// rowsOf opens an operator on a fresh environment and reads all its
// rows; an error fails the test.
func rowsOf(t *testing.T, op interface {
	Open(*expr.Env) (RowIter, error)
}) [][]any {
	t.Helper()
	it, err := op.Open(testEnv())
	if err != nil {
		t.Fatal(err)
	}
	rows, err := drain(t, it)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func drain(t *testing.T, it RowIter) ([][]any, error) {
	t.Helper()
	defer it.Close()
	var out [][]any
	for {
		r, err := it.Next()
		if err != nil {
			return out, err
		}
		if r == nil {
			return out, nil
		}
		out = append(out, r)
	}
}

// Expression shorthands.
func col(i int, t *value.Type) *expr.ColExpr { return &expr.ColExpr{Idx: i, T: t} }

func lit(v any, t *value.Type) *expr.ConstExpr { return &expr.ConstExpr{V: v, T: t} }

func cmp(op string, l, r expr.Expr) *expr.CmpOp {
	return &expr.CmpOp{Op: op, L: l, R: r, Test: expr.Comparisons[op]}
}

func and(xs ...expr.Expr) expr.Expr { return &expr.BoolExpr{Op: "and", Args: xs} }

func ints(n ...int64) [][]any {
	out := make([][]any, len(n))
	for i, x := range n {
		out[i] = []any{x}
	}
	return out
}

// sameRows compares rows in order.
func sameRows(t *testing.T, got, want [][]any) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n got %v\nwant %v", got, want)
	}
}

// wantCode checks err is a pgerr.Error with code.
func wantCode(t *testing.T, err error, code pgerr.Code) *pgerr.Error {
	t.Helper()
	var pe *pgerr.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want SQLSTATE %s", err, code)
	}
	if pe.Code != code {
		t.Fatalf("SQLSTATE %s (%s), want %s", pe.Code, pe.Message, code)
	}
	return pe
}
