package exec

import (
	"testing"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// TestSubqueryExpr: each sublink form's value with PostgreSQL's NULL rules,
// and how far it reads the subquery: EXISTS stops at the first row, ANY
// at the first match, ALL at the first mismatch.
func TestSubqueryExpr(t *testing.T) {
	one := lit(int64(1), value.Int8)
	null := lit(nil, value.Int8)
	tests := []struct {
		name  string
		kind  Sublink
		x     expr.Expr // ANY/ALL's left operand
		op    string    // ANY/ALL's comparison
		rows  [][]any
		want  any
		nexts int // calls of the subquery's Next
	}{
		{"EXISTS, rows", Exists, nil, "", ints(1, 2, 3), true, 1},
		{"EXISTS, no row", Exists, nil, "", nil, false, 1},
		{"EXISTS, a NULL row is a row", Exists, nil, "", [][]any{{nil}}, true, 1},
		{"1 IN (1, 2, 3) stops at the match", AnySublink, one, "=", ints(1, 2, 3), true, 1},
		{"1 IN (2, 3)", AnySublink, one, "=", ints(2, 3), false, 3},
		{"1 IN (2, NULL) is NULL", AnySublink, one, "=", [][]any{{int64(2)}, {nil}}, nil, 3},
		{"1 IN (NULL, 1) is true", AnySublink, one, "=", [][]any{{nil}, {int64(1)}}, true, 2},
		{"NULL IN (1) is NULL", AnySublink, null, "=", ints(1), nil, 1},
		{"NULL IN (empty) is false", AnySublink, null, "=", nil, false, 1},
		{"1 < ALL (2, 0, 3) stops at the mismatch", AllSublink, one, "<", ints(2, 0, 3), false, 2},
		{"1 < ALL (2, 3)", AllSublink, one, "<", ints(2, 3), true, 3},
		{"1 < ALL (empty) is true", AllSublink, one, "<", nil, true, 1},
		{"1 < ALL (2, NULL) is NULL", AllSublink, one, "<", [][]any{{int64(2)}, {nil}}, nil, 3},
		{"1 < ALL (NULL, 0) is false", AllSublink, one, "<", [][]any{{nil}, {int64(0)}}, false, 2},
		{"NULL < ALL (empty) is true", AllSublink, null, "<", nil, true, 1},
		{"scalar, no row is NULL", ScalarSublink, nil, "", nil, nil, 1},
		{"scalar, one row", ScalarSublink, nil, "", ints(7), int64(7), 2},
		{"ARRAY(...)", ArraySublink, nil, "", [][]any{{int64(1)}, {nil}}, []any{int64(1), nil}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := &rowsPlan{types: []*value.Type{value.Int8}, rows: tt.rows}
			s := &SubqueryExpr{Kind: tt.kind, Plan: plan, X: tt.x, T: value.Bool}
			if tt.op != "" {
				s.Test = cmp(tt.op, col(0, value.Int8), col(1, value.Int8))
			}
			got, err := s.Eval(testEnv())
			if err != nil {
				t.Fatal(err)
			}
			if a, ok := tt.want.([]any); ok {
				sameRows(t, [][]any{got.([]any)}, [][]any{a})
			} else if got != tt.want {
				t.Errorf("= %v, want %v", got, tt.want)
			}
			src := plan.opened[0]
			if src.nexts != tt.nexts || src.closes == 0 || src.nextAfterClose > 0 {
				t.Errorf("subquery: %d Next (want %d), %d Close, %d Next after Close", src.nexts, tt.nexts, src.closes, src.nextAfterClose)
			}
		})
	}
}

// TestSubqueryExpr_ScalarCardinality: a scalar subquery of more than one
// row is PostgreSQL's 21000 with its message.
func TestSubqueryExpr_ScalarCardinality(t *testing.T) {
	s := &SubqueryExpr{Kind: ScalarSublink, Plan: &rowsPlan{types: []*value.Type{value.Int8}, rows: ints(1, 2)}, T: value.Int8}
	_, err := s.Eval(testEnv())
	if pe := wantCode(t, err, pgerr.CardinalityViolation); pe.Message != "more than one row returned by a subquery used as an expression" {
		t.Errorf("message %q", pe.Message)
	}
}

// TestSubqueryExpr_Uncorrelated: an uncorrelated subquery evaluated for
// many outer rows runs at most twice (streamed the first time, collected
// once after), and a correlated one runs every time.
func TestSubqueryExpr_Uncorrelated(t *testing.T) {
	for _, tt := range []struct {
		kind       Sublink
		correlated bool
		opens      int
	}{
		{Exists, false, 2},
		{AnySublink, false, 2},
		{ScalarSublink, false, 1},
		{Exists, true, 5},
		{ScalarSublink, true, 5},
	} {
		plan := &rowsPlan{types: []*value.Type{value.Int8}, rows: ints(1)}
		s := &SubqueryExpr{Kind: tt.kind, Plan: plan, Correlated: tt.correlated, X: lit(int64(1), value.Int8),
			Test: cmp("=", col(0, value.Int8), col(1, value.Int8)), T: value.Bool}
		e := testEnv()
		for i := 0; i < 5; i++ {
			if _, err := s.Eval(e); err != nil {
				t.Fatal(err)
			}
		}
		if len(plan.opened) != tt.opens {
			t.Errorf("kind %d correlated %v: opened %d times, want %d", tt.kind, tt.correlated, len(plan.opened), tt.opens)
		}
	}
}
