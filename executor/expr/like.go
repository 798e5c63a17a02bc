package expr

import (
	"strings"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// LikeExpr is [NOT] LIKE / ILIKE; escape is the ESCAPE clause's
// expression (nil for the default backslash).
func LikeExpr(l, r, escape Expr, ci, not bool) Expr {
	args := []Expr{l, r}
	if escape != nil {
		args = append(args, escape)
	}
	return &FuncExpr{Name: "like", Args: args, T: value.Bool, Strict: true, Fn: func(_ *Env, a []any) (any, error) {
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
