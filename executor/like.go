package executor

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// LIKE and ILIKE match with PostgreSQL's own algorithm (like_match.c)
// rather than a translated regular expression, because its corner cases
// are part of the answer: 'a' LIKE 'a\' is false, while 'ab' LIKE 'a\'
// fails with "LIKE pattern must not end with escape character", since the
// escape is only examined when matching reaches it.

// likeExpr is [NOT] LIKE / ILIKE; escape is the ESCAPE clause's
// expression (nil for the default backslash).
func likeExpr(l, r, escape expr, ci, not bool) expr {
	args := []expr{l, r}
	if escape != nil {
		args = append(args, escape)
	}
	return &funcExpr{name: "like", args: args, t: value.Bool, strict: true, fn: func(_ *env, a []any) (any, error) {
		text, pattern := a[0].(string), a[1].(string)
		esc := '\\'
		if len(a) > 2 {
			e := []rune(a[2].(string))
			switch len(e) {
			case 0:
				esc = 0 // ESCAPE '' turns escaping off
			case 1:
				esc = e[0]
			default:
				return nil, pgerr.New(pgerr.InvalidEscapeSequence, "invalid escape string").WithHint("Escape string must be empty or one character.")
			}
		}
		if ci {
			text, pattern = strings.ToLower(text), strings.ToLower(pattern)
		}
		res, err := value.LikeMatch([]rune(text), []rune(pattern), esc)
		if err != nil {
			return nil, err
		}
		return (res == value.LikeTrue) != not, nil
	}}
}

// bindLike binds LIKE and ILIKE; the grammar wraps a pattern with an
// ESCAPE clause in like_escape(pattern, escape).
func (b *binder) bindLike(a *pg_query.A_Expr, op string) (expr, error) {
	l, err := b.bind(a.Lexpr)
	if err != nil {
		return nil, err
	}
	patNode := a.Rexpr
	var escNode *pg_query.Node
	if fc := a.Rexpr.GetFuncCall(); fc != nil && funcName(fc) == "like_escape" && len(fc.Args) == 2 {
		patNode, escNode = fc.Args[0], fc.Args[1]
	}
	r, err := b.bind(patNode)
	if err != nil {
		return nil, err
	}
	var esc expr
	if escNode != nil {
		if esc, err = b.bind(escNode); err != nil {
			return nil, err
		}
		if esc, err = coerceTo(esc, value.Text, a.Location); err != nil {
			return nil, err
		}
	}
	if l, r, err = unify(l, r, a.Location); err != nil {
		return nil, err
	}
	lt, rt := l.typ(), r.typ()
	if !lt.IsString() || !rt.IsString() || (esc != nil && !esc.typ().IsString()) {
		return nil, operatorMissing(op, lt, rt, a.Location)
	}
	return likeExpr(trimBPChar(l), r, esc, strings.Contains(op, "*"), strings.HasPrefix(op, "!")), nil
}
