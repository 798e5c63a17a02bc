package exec

import (
	"strings"

	"github.com/vpnsql/vpnsql/executor/expr"
)

// PushedConstraint is a WHERE conjunct a table turns into API parameters:
// column equals one of values (evaluated at execution, so parameters
// work).
type PushedConstraint struct {
	Column int
	Values []expr.Expr
	Array  expr.Expr // = ANY(array) form
	Key    expr.Expr // column->>key = value form (a text expression)
	// Contains is the right side of jsonArrayColumn @> '[{"key": k,
	// "value": v}, ...]': each element becomes a key constraint.
	Contains expr.Expr
	// Pattern is the right side of column ~ pattern: a constraint only
	// when its value is an anchored literal.
	Pattern expr.Expr
}

// anchoredLiteral reads a pattern ^(text)$ or ^text$ whose text has no
// regular expression metacharacter: it matches exactly that text.
func anchoredLiteral(v any) (string, bool) {
	p, ok := v.(string)
	if !ok || !strings.HasPrefix(p, "^") || !strings.HasSuffix(p, "$") {
		return "", false
	}
	p = p[1 : len(p)-1]
	if strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")") {
		p = p[1 : len(p)-1]
	}
	return p, p != "" && !strings.ContainsAny(p, `\.^$|?*+()[]{}`)
}

// Conjuncts lists the operands of the top-level ANDs of x.
func Conjuncts(x expr.Expr) []expr.Expr {
	if b, ok := x.(*expr.BoolExpr); ok && b.Op == "and" {
		var out []expr.Expr
		for _, a := range b.Args {
			out = append(out, Conjuncts(a)...)
		}
		return out
	}
	return []expr.Expr{x}
}
