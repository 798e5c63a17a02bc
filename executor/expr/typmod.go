package expr

import (
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Typmod is an expression's type modifier, -1 when it has none.
func Typmod(x Expr) int32 {
	if t, ok := x.(value.Typmodded); ok {
		return t.Typmod()
	}
	return -1
}

// ModExpr is a cast to a type with a modifier.
type ModExpr struct {
	X   Expr
	mod int32
}

func (m *ModExpr) Type() *value.Type { return m.X.Type() }

func (m *ModExpr) Typmod() int32 { return m.mod }

func (m *ModExpr) Eval(e *Env) (any, error) {
	v, err := m.X.Eval(e)
	if err != nil || v == nil {
		return v, err
	}
	return value.ApplyTypmod(v, m.X.Type(), m.mod)
}

// CastTypmod casts x to t with modifier mod; constants are converted at
// once, so their errors come from planning as in PostgreSQL.
func CastTypmod(x Expr, t *value.Type, mod int32, loc int32) (Expr, error) {
	c, err := CastExpr(x, t, true, loc)
	if err != nil || mod < 0 {
		return c, err
	}
	if t == value.Interval && mod>>16&value.IvFullRange != value.IvFullRange {
		if k, ok := x.(*ConstExpr); ok && k.T == value.Unknown && k.V != nil {
			// A bare number in an interval literal counts the field the
			// qualifier names: INTERVAL '1' DAY is one day.
			iv, err := value.ParseIntervalField(k.V.(string), mod>>16)
			if err != nil {
				return nil, pgerr.At(pgerr.From(err), k.Loc)
			}
			c = &ConstExpr{V: iv, T: t}
		}
	}
	m := &ModExpr{X: c, mod: mod}
	if k, ok := c.(*ConstExpr); ok {
		v, err := m.Eval(nil)
		if err != nil {
			return nil, err
		}
		return &ModExpr{X: &ConstExpr{V: v, T: k.T}, mod: mod}, nil
	}
	return m, nil
}
