package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// SubqueryExpr is a subquery used as an expression: EXISTS, IN/ANY/ALL,
// a scalar subquery or ARRAY(subquery). An uncorrelated subquery runs

// Sublink is the form of a subquery in an expression.
type Sublink int

// The sublink forms.
const (
	Exists        Sublink = iota + 1 // EXISTS (...)
	AnySublink                       // x op ANY (...), x IN (...)
	AllSublink                       // x op ALL (...)
	ScalarSublink                    // (SELECT ...)
	ArraySublink                     // ARRAY(SELECT ...)
)

// once per execution.
type SubqueryExpr struct {
	Kind       Sublink
	Plan       QueryPlan
	Correlated bool
	Test       expr.Expr // ANY/ALL: the comparison, over (testexpr value, subquery column)
	X          expr.Expr // ANY/ALL: the left operand
	T          *value.Type
}

func (s *SubqueryExpr) Type() *value.Type { return s.T }

func (s *SubqueryExpr) rows(e *expr.Env) ([][]any, error) {
	if !s.Correlated {
		if rows, ok := e.Exec.Cache[s]; ok {
			return rows, nil
		}
	}
	rows, err := PlanRows(e.Nested(), s.Plan)
	if err != nil {
		return nil, err
	}
	if !s.Correlated {
		e.Exec.Keep(s, rows)
	}
	return rows, nil
}

func (s *SubqueryExpr) Eval(e *expr.Env) (any, error) {
	switch s.Kind {
	case Exists, AnySublink, AllSublink:
		return s.evalEarly(e)
	}
	rows, err := s.rows(e)
	if err != nil {
		return nil, err
	}
	switch s.Kind {
	case ScalarSublink:
		switch len(rows) {
		case 0:
			return nil, nil
		case 1:
			return rows[0][0], nil
		}
		return nil, pgerr.New(pgerr.CardinalityViolation, "more than one row returned by a subquery used as an expression")
	}
	// ARRAY(subquery)
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r[0]
	}
	return out, nil
}

// evalEarly evaluates EXISTS, IN/ANY and ALL reading the subquery only
// until the answer is known: EXISTS stops at the first row, ANY at the
// first match, ALL at the first mismatch; closing the subquery cancels its
// API calls still in flight. An uncorrelated subquery streams the first
// time; evaluated again (for another outer row) it is collected once and
// kept, as a rerun per row would repeat its API calls.
func (s *SubqueryExpr) evalEarly(e *expr.Env) (any, error) {
	var it RowIter
	if !s.Correlated {
		if rows, ok := e.Exec.Cache[s]; ok {
			it = SliceRows(rows)
		} else if _, again := e.Exec.Cache[openedKey{s}]; again {
			rows, err := s.rows(e)
			if err != nil {
				return nil, err
			}
			it = SliceRows(rows)
		} else {
			e.Exec.Keep(openedKey{s}, nil)
		}
	}
	if it == nil {
		var err error
		if it, err = s.Plan.Open(e.Nested()); err != nil {
			return nil, err
		}
	}
	defer it.Close()
	if s.Kind == Exists {
		r, err := it.Next()
		return r != nil, err
	}
	all := s.Kind == AllSublink
	x, err := s.X.Eval(e)
	if err != nil {
		return nil, err
	}
	sawNull := false
	for i := 0; ; i++ {
		if err := expr.CheckProgress(e, i); err != nil {
			return nil, err
		}
		r, err := it.Next()
		if err != nil {
			return nil, err
		}
		if r == nil {
			break
		}
		if x == nil {
			return nil, nil // NULL against any row is NULL
		}
		if r[0] == nil {
			sawNull = true
			continue
		}
		v, err := s.Test.Eval(&expr.Env{Ctx: e.Ctx, Session: e.Session, Row: []any{x, r[0]}, Exec: e.Exec})
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		if v.(bool) != all {
			return !all, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return all, nil
}
