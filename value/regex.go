package value

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"github.com/dlclark/regexp2/v2"

	"github.com/vpnsql/vpnsql/pgerr"
)

// pgRegex is a compiled PostgreSQL regular expression: exactly one of re2
// and bt is set.
type pgRegex struct {
	re2 *regexp.Regexp
	bt  *regexp2.Regexp
}

// CompileRegex compiles a pattern with the flags of the regexp_ functions
// (i, n, x, ...; g is the caller's), caching by both.
func CompileRegex(p string, flags string) (*pgRegex, error) {
	key := flags + "\x00" + p
	if re, ok := RegexCache.Get(key); ok {
		return re, nil
	}
	syn, err := translateRegex(p, strings.ReplaceAll(flags, "g", ""))
	if err != nil {
		return nil, err
	}
	re := &pgRegex{}
	if syn.backtrack {
		re.bt, err = compileBacktracking(syn)
		if err != nil {
			return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: %s", backtrackMessage(err))
		}
	} else if re.re2, err = regexp.Compile(syn.re2); err != nil {
		return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: %s", regexMessage(err))
	}
	RegexCache.Put(key, re)
	return re, nil
}

// CompiledCacheSize bounds the regex and jsonpath caches: each keeps the
// 256 patterns most recently used (docs/sql.md).
const CompiledCacheSize = 256

// RegexCache keeps compiled patterns, keyed by flags and pattern: a
// pattern usually repeats for every row.
var RegexCache = NewLRU[string, *pgRegex](CompiledCacheSize)

// Match reports whether s holds a match.
func (r *pgRegex) Match(b MatchBudget, s string) (bool, error) {
	if r.re2 != nil {
		return r.re2.MatchString(s), nil
	}
	m, err := r.FindAll(b, s, 1)
	return len(m) > 0, err
}

// FindAll returns up to n matches (n < 0: all), each as the byte offsets
// of the match and its groups, -1 for a group that took no part.
func (r *pgRegex) FindAll(b MatchBudget, s string, n int) ([][]int, error) {
	if r.re2 != nil {
		return r.re2.FindAllStringSubmatchIndex(s, n), nil
	}
	return backtrackFindAll(b, r.bt, s, n)
}

// Groups is regexp_match's array for one match: the parenthesized groups
// (NULL for one that took no part), or the whole match when there are
// none.
func Groups(s string, m []int) []any {
	if len(m) == 2 {
		return []any{s[m[0]:m[1]]}
	}
	out := make([]any, len(m)/2-1)
	for i := range out {
		if m[2*i+2] >= 0 {
			out[i] = s[m[2*i+2]:m[2*i+3]]
		}
	}
	return out
}

// Replace is regexp_replace: the first match, or every one with global,
// replaced by repl, in which \N is group N, \& the match and \\ a
// backslash.
func (r *pgRegex) Replace(b MatchBudget, s, repl string, global bool) (string, error) {
	n := 1
	if global {
		n = -1
	}
	ms, err := r.FindAll(b, s, n)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	last := 0
	for _, m := range ms {
		sb.WriteString(s[last:m[0]])
		for i := 0; i < len(repl); i++ {
			c := repl[i]
			if c != '\\' || i+1 == len(repl) {
				sb.WriteByte(c)
				continue
			}
			i++
			switch d := repl[i]; {
			case d >= '0' && d <= '9':
				if g := int(d-'0') * 2; g+1 < len(m) && m[g] >= 0 {
					sb.WriteString(s[m[g]:m[g+1]])
				}
			case d == '&':
				sb.WriteString(s[m[0]:m[1]])
			case d == '\\':
				sb.WriteByte('\\')
			default:
				sb.WriteByte('\\')
				sb.WriteByte(d)
			}
		}
		last = m[1]
	}
	sb.WriteString(s[last:])
	return sb.String(), nil
}

// Split is regexp_split_to_array's pieces.
func (r *pgRegex) Split(b MatchBudget, s string) ([]string, error) {
	if r.re2 != nil {
		return r.re2.Split(s, -1), nil
	}
	ms, err := r.FindAll(b, s, -1)
	if err != nil {
		return nil, err
	}
	var out []string
	beg, end := 0, 0
	for _, m := range ms {
		end = m[0]
		if m[1] != 0 {
			out = append(out, s[beg:end])
		}
		beg = m[1]
	}
	if end != len(s) {
		out = append(out, s[beg:])
	}
	return out, nil
}

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

// SimilarToRegexp translates a SIMILAR TO pattern with the default
// escape, backslash.
func SimilarToRegexp(p string) string { return SimilarToRegexpEsc(p, `\`) }

func SimilarToRegexpEsc(p, escape string) string {
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
