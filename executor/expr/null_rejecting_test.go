package expr

import (
	"testing"

	"github.com/vpnsql/vpnsql/value"
)

// TestNullRejecting: which conditions cannot be true with columns [1, 2)
// NULL, checked against evaluation with them NULL: a case said to reject
// NULLs must not be true there.
func TestNullRejecting(t *testing.T) {
	c := func(i int) Expr { return &ColExpr{Idx: i, T: value.Int8} }
	n := func(v int64) Expr { return &ConstExpr{V: v, T: value.Int8} }
	eq := func(l, r Expr) Expr { return &CmpOp{Op: "=", L: l, R: r, Test: Comparisons["="]} }
	strict := func(args ...Expr) Expr {
		return &FuncExpr{Name: "f", Args: args, T: value.Int8, Strict: true, Fn: func(_ *Env, a []any) (any, error) { return a[0], nil }}
	}
	coalesce := &FuncExpr{Name: "coalesce", Args: []Expr{c(1), n(3)}, T: value.Int8, FirstNonNull: true}
	distinct, _ := DistinctFrom(c(1), n(3), false, -1)
	for _, tc := range []struct {
		name string
		x    Expr
		want bool
	}{
		{"comparison of the column", eq(c(1), n(3)), true},
		{"comparison of another column", eq(c(0), n(3)), false},
		{"strict function of the column", eq(strict(c(1)), n(3)), true},
		{"COALESCE of the column", eq(coalesce, n(3)), false},
		{"IS DISTINCT FROM", distinct, false},
		{"IS NULL", &NullTest{X: c(1), IsNull: true}, false},
		{"IN list", &InExpr{X: c(1), List: []Expr{n(1), n(2)}}, true},
		{"NOT IN list", &InExpr{X: c(1), List: []Expr{n(1)}, Not: true}, true},
		{"NOT of a comparison", &BoolExpr{Op: "not", Args: []Expr{eq(c(1), n(3))}}, true},
		{"NOT of IS NULL", &BoolExpr{Op: "not", Args: []Expr{&NullTest{X: c(1), IsNull: true}}}, false},
		{"AND with one rejecting arm", &BoolExpr{Op: "and", Args: []Expr{eq(c(0), n(1)), eq(c(1), n(3))}}, true},
		{"OR with one rejecting arm", &BoolExpr{Op: "or", Args: []Expr{eq(c(0), n(1)), eq(c(1), n(3))}}, false},
		{"OR of rejecting arms", &BoolExpr{Op: "or", Args: []Expr{eq(c(1), n(1)), eq(c(1), n(3))}}, true},
		{"CASE", &CaseExpr{Whens: []Expr{eq(c(1), n(3))}, Thens: []Expr{&ConstExpr{V: true, T: value.Bool}}, Els: &ConstExpr{V: true, T: value.Bool}}, false},
	} {
		got := NullRejecting(tc.x, 1, 2)
		if got != tc.want {
			t.Errorf("%s: NullRejecting = %v, want %v", tc.name, got, tc.want)
		}
		// With c1 NULL (c0 = 1), a rejecting condition is not true.
		v, err := tc.x.Eval(&Env{Row: []any{int64(1), nil}})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got && v == true {
			t.Errorf("%s: said to reject NULLs, but is true with the column NULL", tc.name)
		}
	}
}
