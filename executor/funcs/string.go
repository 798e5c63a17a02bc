package funcs

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

var (
	text1 = []*value.Type{value.Text}
	text2 = []*value.Type{value.Text, value.Text}
	text3 = []*value.Type{value.Text, value.Text, value.Text}
)

// stringFamily is the string functions.
func stringFamily() Family {
	int1 := []*value.Type{value.Int4}
	return Family{Name: "string", Scalars: map[string]ScalarFunc{
		"lower": strictFunc(value.Text, text1, func(_ *expr.Env, a []any) (any, error) {
			return strings.ToLower(a[0].(string)), nil
		}),
		"upper": strictFunc(value.Text, text1, func(_ *expr.Env, a []any) (any, error) {
			return strings.ToUpper(a[0].(string)), nil
		}),
		"length": overloads(
			strictFunc(value.Int4, text1, func(_ *expr.Env, a []any) (any, error) {
				return int64(utf8.RuneCountInString(a[0].(string))), nil
			}),
			strictFunc(value.Int4, []*value.Type{value.Bytea}, func(_ *expr.Env, a []any) (any, error) {
				return int64(len(a[0].([]byte))), nil
			})),
		"ascii": strictFunc(value.Int4, text1, func(_ *expr.Env, a []any) (any, error) {
			r, _ := utf8.DecodeRuneInString(str(a[0]))
			if str(a[0]) == "" {
				r = 0
			}
			return int64(r), nil
		}),
		"btrim": trimFunc(strings.Trim),

		"char_length":      strictFunc(value.Int4, text1, func(_ *expr.Env, a []any) (any, error) { return int64(utf8.RuneCountInString(str(a[0]))), nil }),
		"character_length": strictFunc(value.Int4, text1, func(_ *expr.Env, a []any) (any, error) { return int64(utf8.RuneCountInString(str(a[0]))), nil }),
		"chr": strictFunc(value.Text, int1, func(_ *expr.Env, a []any) (any, error) {
			switch n := a[0].(int64); {
			case n == 0:
				return nil, pgerr.New(pgerr.ProgramLimitExceeded, "null character not permitted")
			case n < 0:
				return nil, pgerr.New(pgerr.ProgramLimitExceeded, "character number must be positive")
			case n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF):
				return nil, pgerr.New(pgerr.ProgramLimitExceeded, "requested character too large for encoding: %d", n)
			}
			return string(rune(a[0].(int64))), nil
		}),
		"initcap": strictFunc(value.Text, text1, func(_ *expr.Env, a []any) (any, error) {
			prev := false
			return strings.Map(func(r rune) rune {
				alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
				defer func() { prev = alnum }()
				if !prev {
					return unicode.ToUpper(r)
				}
				return unicode.ToLower(r)
			}, str(a[0])), nil
		}),
		"left": strictFunc(value.Text, []*value.Type{value.Text, value.Int4}, func(_ *expr.Env, a []any) (any, error) {
			n := a[1].(int64)
			rs := []rune(str(a[0]))
			if n < 0 {
				n = max(int64(len(rs))+n, 0)
			}
			return string(rs[:min(n, int64(len(rs)))]), nil
		}),
		"lpad": overloads(
			strictFunc(value.Text, []*value.Type{value.Text, value.Int4}, func(e *expr.Env, a []any) (any, error) { return pad(e, str(a[0]), a[1].(int64), " ", true) }),
			strictFunc(value.Text, []*value.Type{value.Text, value.Int4, value.Text}, func(e *expr.Env, a []any) (any, error) { return pad(e, str(a[0]), a[1].(int64), str(a[2]), true) })),
		"ltrim":        trimFunc(strings.TrimLeft),
		"octet_length": strictFunc(value.Int4, text1, func(_ *expr.Env, a []any) (any, error) { return int64(len(str(a[0]))), nil }),
		"repeat": strictFunc(value.Text, []*value.Type{value.Text, value.Int4}, func(e *expr.Env, a []any) (any, error) {
			n := max(a[1].(int64), 0)
			if err := value.CheckTextSize(n * int64(len(str(a[0])))); err != nil {
				return nil, err
			}
			if err := e.Account().Check("repeat", n*int64(len(str(a[0])))); err != nil {
				return nil, err
			}
			return strings.Repeat(str(a[0]), int(n)), nil
		}),
		"replace": strictFunc(value.Text, text3, func(_ *expr.Env, a []any) (any, error) {
			if str(a[1]) == "" {
				return str(a[0]), nil // PostgreSQL replaces nothing; Go would insert between every rune
			}
			return strings.ReplaceAll(str(a[0]), str(a[1]), str(a[2])), nil
		}),
		"reverse": strictFunc(value.Text, text1, func(_ *expr.Env, a []any) (any, error) {
			rs := []rune(str(a[0]))
			for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
				rs[i], rs[j] = rs[j], rs[i]
			}
			return string(rs), nil
		}),
		"right": strictFunc(value.Text, []*value.Type{value.Text, value.Int4}, func(_ *expr.Env, a []any) (any, error) {
			n := a[1].(int64)
			rs := []rune(str(a[0]))
			if n < 0 {
				n = max(int64(len(rs))+n, 0)
			}
			return string(rs[int64(len(rs))-min(n, int64(len(rs))):]), nil
		}),
		"rpad": overloads(
			strictFunc(value.Text, []*value.Type{value.Text, value.Int4}, func(e *expr.Env, a []any) (any, error) { return pad(e, str(a[0]), a[1].(int64), " ", false) }),
			strictFunc(value.Text, []*value.Type{value.Text, value.Int4, value.Text}, func(e *expr.Env, a []any) (any, error) { return pad(e, str(a[0]), a[1].(int64), str(a[2]), false) })),
		"rtrim": trimFunc(strings.TrimRight),
		"split_part": strictFunc(value.Text, []*value.Type{value.Text, value.Text, value.Int4}, func(_ *expr.Env, a []any) (any, error) {
			n := a[2].(int64)
			if n == 0 {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "field position must not be zero")
			}
			parts := []string{str(a[0])}
			if str(a[1]) != "" {
				parts = strings.Split(str(a[0]), str(a[1]))
			}
			if n < 0 {
				n += int64(len(parts)) + 1
			}
			if n < 1 || n > int64(len(parts)) {
				return "", nil
			}
			return parts[n-1], nil
		}),
		"starts_with": strictFunc(value.Bool, text2, func(_ *expr.Env, a []any) (any, error) { return strings.HasPrefix(str(a[0]), str(a[1])), nil }),
		"strpos": strictFunc(value.Int4, text2, func(_ *expr.Env, a []any) (any, error) {
			i := strings.Index(str(a[0]), str(a[1]))
			if i < 0 {
				return int64(0), nil
			}
			return int64(utf8.RuneCountInString(str(a[0])[:i]) + 1), nil
		}),
		"substr": overloads(
			strictFunc(value.Text, []*value.Type{value.Text, value.Int4}, func(_ *expr.Env, a []any) (any, error) { return runeSlice(str(a[0]), a[1].(int64), -1), nil }),
			strictFunc(value.Text, []*value.Type{value.Text, value.Int4, value.Int4}, func(_ *expr.Env, a []any) (any, error) {
				if a[2].(int64) < 0 {
					return nil, pgerr.New(pgerr.SubstringError, "negative substring length not allowed")
				}
				return runeSlice(str(a[0]), a[1].(int64), a[2].(int64)), nil
			})),
		"bit_length": strictFunc(value.Int4, text1, func(_ *expr.Env, a []any) (any, error) {
			return int64(8 * len(str(a[0]))), nil
		}),
		"overlay": overloads(
			strictFunc(value.Text, []*value.Type{value.Text, value.Text, value.Int4, value.Int4}, func(_ *expr.Env, a []any) (any, error) {
				return overlay(str(a[0]), str(a[1]), a[2].(int64), a[3].(int64))
			}),
			strictFunc(value.Text, []*value.Type{value.Text, value.Text, value.Int4}, func(_ *expr.Env, a []any) (any, error) {
				return overlay(str(a[0]), str(a[1]), a[2].(int64), int64(utf8.RuneCountInString(str(a[1]))))
			})),
		"string_to_array": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) < 2 || len(args) > 3 {
				return nil, ErrNoFunction(name, args, loc)
			}
			for i := range args {
				x, err := expr.CoerceTo(args[i], value.Text, loc)
				if err != nil || !x.Type().IsString() {
					return nil, ErrNoFunction(name, args, loc)
				}
				args[i] = x
			}
			return &expr.FuncExpr{Name: name, Args: args, T: value.TextArray, Fn: func(_ *expr.Env, a []any) (any, error) {
				if a[0] == nil {
					return nil, nil
				}
				s := str(a[0])
				if s == "" {
					return []any{}, nil
				}
				var parts []string
				switch {
				case a[1] == nil: // every character on its own
					for _, r := range s {
						parts = append(parts, string(r))
					}
				case str(a[1]) == "":
					parts = []string{s}
				default:
					parts = strings.Split(s, str(a[1]))
				}
				out := make([]any, len(parts))
				for i, p := range parts {
					out[i] = p
					if len(a) > 2 && a[2] != nil && p == str(a[2]) {
						out[i] = nil
					}
				}
				return out, nil
			}}, nil
		},
		"translate": strictFunc(value.Text, text3, func(_ *expr.Env, a []any) (any, error) {
			from, to := []rune(str(a[1])), []rune(str(a[2]))
			return strings.Map(func(r rune) rune {
				for i, f := range from {
					if f == r {
						if i < len(to) {
							return to[i]
						}
						return -1
					}
				}
				return r
			}, str(a[0])), nil
		}),
		"concat":    concatFunc(false),
		"concat_ws": concatFunc(true),
		"position": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			// POSITION(a IN b) arrives as position(b, a).
			if len(args) != 2 {
				return nil, ErrNoFunction(name, args, loc)
			}
			return Builtin().Scalars["strpos"](c, name, []expr.Expr{args[0], args[1]}, loc)
		},
		"parse_ident": overloads(
			strictFunc(value.TextArray, text1, func(_ *expr.Env, a []any) (any, error) { return parseIdent(str(a[0]), true) }),
			strictFunc(value.TextArray, []*value.Type{value.Text, value.Bool}, func(_ *expr.Env, a []any) (any, error) {
				return parseIdent(str(a[0]), a[1].(bool))
			})),
	}}
}

// overloads picks the first definition the arguments fit. While the
// binder counts overloads (TestFunctionSignaturesResolveOnce), it tries
// them all and counts those that accept, so two definitions of one
// signature show.
func overloads(fs ...ScalarFunc) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		var first expr.Expr
		var firstErr error
		for _, f := range fs {
			x, err := f(c, name, append([]expr.Expr(nil), args...), loc)
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			if c == nil || c.OverloadsAccepting == nil {
				return x, nil
			}
			*c.OverloadsAccepting++
			if first == nil {
				first = x
			}
		}
		if first != nil {
			return first, nil
		}
		return nil, firstErr
	}
}

func str(a any) string { return a.(string) }

func runeSlice(s string, from, count int64) string {
	rs := []rune(s)
	start := from - 1
	end := int64(len(rs))
	if count >= 0 {
		end = start + count
	}
	start = max(start, 0)
	end = min(end, int64(len(rs)))
	if start >= end {
		return ""
	}
	return string(rs[start:end])
}

func pad(e *expr.Env, s string, n int64, fill string, left bool) (string, error) {
	if err := value.CheckPadLength(n); err != nil {
		return "", err
	}
	op := "rpad"
	if left {
		op = "lpad"
	}
	if err := e.Account().Check(op, n); err != nil {
		return "", err
	}
	rs := []rune(s)
	if n <= int64(len(rs)) {
		return string(rs[:max(n, 0)]), nil
	}
	if fill == "" {
		return s, nil
	}
	fr := []rune(fill)
	var p []rune
	for int64(len(p)+len(rs)) < n {
		p = append(p, fr[len(p)%len(fr)])
	}
	if left {
		return string(p) + s, nil
	}
	return s + string(p), nil
}

func uint64Bytes(v uint64) []byte {
	b := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

func trimFunc(trim func(string, string) string) ScalarFunc {
	return overloads(
		strictFunc(value.Text, text1, func(_ *expr.Env, a []any) (any, error) { return trim(str(a[0]), " "), nil }),
		strictFunc(value.Text, text2, func(_ *expr.Env, a []any) (any, error) { return trim(str(a[0]), str(a[1])), nil }))
}

func overlay(s, repl string, from, count int64) (any, error) {
	if from < 1 || count < 0 {
		return nil, pgerr.New(pgerr.SubstringError, "negative substring length not allowed")
	}
	rs := []rune(s)
	start := min(from-1, int64(len(rs)))
	end := min(start+count, int64(len(rs)))
	return string(rs[:start]) + repl + string(rs[end:]), nil
}

// concatFunc is concat (NULLs skipped) and concat_ws (first argument is
// the separator).
func concatFunc(ws bool) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) == 0 || (ws && len(args) < 2) {
			return nil, ErrNoFunction(name, args, loc)
		}
		types := make([]*value.Type, len(args))
		for i, a := range args {
			types[i] = a.Type()
		}
		return &expr.FuncExpr{Name: name, Args: args, T: value.Text, Fn: func(_ *expr.Env, vals []any) (any, error) {
			sep, argTypes := "", types
			if ws {
				if vals[0] == nil {
					return nil, nil
				}
				sep, vals, argTypes = vals[0].(string), vals[1:], types[1:]
			}
			var parts []string
			for i, v := range vals {
				if v == nil {
					continue
				}
				parts = append(parts, value.OutputText(v, argTypes[i]))
			}
			return strings.Join(parts, sep), nil
		}}, nil
	}
}

// parseIdent is parse_ident: a qualified name split into its parts;
// Strict refuses anything after the name.
func parseIdent(s string, strict bool) (any, error) {
	bad := func() error {
		return pgerr.New(pgerr.InvalidParameterValue, "string is not a valid identifier: %q", s)
	}
	var out []any
	rest := strings.TrimSpace(s)
	for {
		var part string
		if strings.HasPrefix(rest, `"`) {
			// A quoted part keeps its case; "" is a quote.
			var sb strings.Builder
			i := 1
			for {
				j := strings.IndexByte(rest[i:], '"')
				if j < 0 {
					return nil, bad()
				}
				sb.WriteString(rest[i : i+j])
				i += j + 1
				if i < len(rest) && rest[i] == '"' {
					sb.WriteByte('"')
					i++
					continue
				}
				break
			}
			part, rest = sb.String(), rest[i:]
			if part == "" {
				return nil, bad()
			}
		} else {
			end := strings.IndexAny(rest, ". ")
			if end < 0 {
				end = len(rest)
			}
			part, rest = strings.ToLower(rest[:end]), rest[end:]
			if part == "" {
				return nil, bad()
			}
		}
		out = append(out, part)
		rest = strings.TrimLeft(rest, " ")
		if rest == "" {
			return out, nil
		}
		if rest[0] != '.' {
			if strict {
				return nil, bad()
			}
			return out, nil
		}
		rest = strings.TrimLeft(rest[1:], " ")
	}
}
