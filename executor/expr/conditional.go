package expr

import (
	"github.com/vpnsql/vpnsql/value"
)

// CaseExpr is CASE [x] WHEN ... THEN ... [ELSE ...] END.
type CaseExpr struct {
	Whens []Expr // conditions (the simple form's comparisons are bound as x = value)
	Thens []Expr
	Els   Expr
	T     *value.Type
}

func (c *CaseExpr) Type() *value.Type { return c.T }

func (c *CaseExpr) Eval(e *Env) (any, error) {
	for i, w := range c.Whens {
		v, err := w.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == true {
			return c.Thens[i].Eval(e)
		}
	}
	if c.Els == nil {
		return nil, nil
	}
	return c.Els.Eval(e)
}
