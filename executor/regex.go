package executor

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Regular expressions: ~ ~* !~ !~*, SIMILAR TO and the regexp_ functions
// run on Go's RE2 engine, which reads PostgreSQL's syntax for classes,
// anchors, quantifiers and groups; its errors are reworded as
// PostgreSQL's regex library words them.

func regexExpr(l, r expr, ci, not bool) expr {
	name := "regex"
	if !ci && !not {
		name = "~" // pushdown reads an anchored literal pattern as equality
	}
	return &funcExpr{name: name, args: []expr{l, r}, t: catalog.Bool, strict: true, fn: func(_ *env, a []any) (any, error) {
		re, err := compileRegex(a[1].(string), ci)
		if err != nil {
			return nil, err
		}
		return re.MatchString(a[0].(string)) != not, nil
	}}
}

// compileRegex compiles a POSIX-style pattern with Go's RE2, which covers
// the syntax clients use in catalog queries (^, $, anchors, classes).
func compileRegex(p string, ci bool) (*regexp.Regexp, error) {
	if ci {
		p = "(?i)" + p
	}
	if re, ok := regexCache.Load(p); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: %s", regexMessage(err))
	}
	regexCache.Store(p, re)
	return re, nil
}

// regexCache keeps compiled patterns: a pattern usually repeats for every
// row.
var regexCache sync.Map

// regexMessage words an RE2 error as PostgreSQL's regex library does.
func regexMessage(err error) string {
	var se *syntax.Error
	if !errors.As(err, &se) {
		return err.Error()
	}
	switch se.Code {
	case syntax.ErrMissingParen, syntax.ErrUnexpectedParen:
		return "parentheses () not balanced"
	case syntax.ErrMissingBracket:
		return "brackets [] not balanced"
	case syntax.ErrMissingRepeatArgument, syntax.ErrInvalidRepeatOp:
		return "quantifier operand invalid"
	case syntax.ErrInvalidRepeatSize:
		return "invalid repetition count(s)"
	case syntax.ErrInvalidEscape, syntax.ErrTrailingBackslash:
		return "invalid escape \\ sequence"
	case syntax.ErrInvalidCharRange:
		return "invalid character range"
	case syntax.ErrInvalidCharClass:
		return "invalid character class"
	}
	return err.Error()
}

// similarExpr is SIMILAR TO: SQL's pattern language (% _ | * + ? {} ()
// [] with an escape character) translated to a regular expression
// anchored at both ends.
func similarExpr(l, r, esc expr, not bool) expr {
	args := []expr{l, r}
	if esc != nil {
		args = append(args, esc)
	}
	return &funcExpr{name: "similar", args: args, t: catalog.Bool, strict: true, fn: func(_ *env, a []any) (any, error) {
		escape := `\`
		if len(a) > 2 {
			escape = a[2].(string)
			if utf8.RuneCountInString(escape) > 1 {
				return nil, pgerr.New(pgerr.InvalidEscapeSequence, "invalid escape string").WithHint("Escape string must be empty or one character.")
			}
		}
		re, err := regexp.Compile("^(?:" + similarToRegexpEsc(a[1].(string), escape) + ")$")
		if err != nil {
			return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: %v", err)
		}
		return re.MatchString(a[0].(string)) != not, nil
	}}
}

// similarToRegexp translates a SIMILAR TO pattern with the default
// escape, backslash.
func similarToRegexp(p string) string { return similarToRegexpEsc(p, `\`) }

func similarToRegexpEsc(p, escape string) string {
	var esc rune = -1
	if escape != "" {
		esc, _ = utf8.DecodeRuneInString(escape)
	}
	var sb strings.Builder
	rs := []rune(p)
	inClass := false
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == esc:
			if i+1 < len(rs) {
				i++
				sb.WriteString(regexp.QuoteMeta(string(rs[i])))
			}
		case inClass:
			if c == ']' {
				inClass = false
			}
			if c == '\\' {
				sb.WriteString(`\\`)
			} else {
				sb.WriteRune(c)
			}
		case c == '%':
			sb.WriteString(".*")
		case c == '_':
			sb.WriteString(".")
		case c == '[':
			inClass = true
			sb.WriteRune(c)
		case strings.ContainsRune("|*+?{}()", c):
			sb.WriteRune(c)
		default:
			sb.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return sb.String()
}
