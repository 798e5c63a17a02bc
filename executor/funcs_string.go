package executor

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

var (
	text1 = []*catalog.Type{catalog.Text}
	text2 = []*catalog.Type{catalog.Text, catalog.Text}
	text3 = []*catalog.Type{catalog.Text, catalog.Text, catalog.Text}
)

// overloads picks the first strictFunc signature the arguments fit.
func overloads(fs ...scalarFunc) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		var firstErr error
		for _, f := range fs {
			x, err := f(b, name, append([]expr(nil), args...), loc)
			if err == nil {
				return x, nil
			}
			if firstErr == nil {
				firstErr = err
			}
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

func pad(e *env, s string, n int64, fill string, left bool) (string, error) {
	if err := checkPadLength(n); err != nil {
		return "", err
	}
	op := "rpad"
	if left {
		op = "lpad"
	}
	if err := e.account().check(op, n); err != nil {
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

func init() {
	int1 := []*catalog.Type{catalog.Int4}
	for name, f := range map[string]scalarFunc{
		"char_length":      strictFunc(catalog.Int4, text1, func(_ *env, a []any) (any, error) { return int64(utf8.RuneCountInString(str(a[0]))), nil }),
		"character_length": strictFunc(catalog.Int4, text1, func(_ *env, a []any) (any, error) { return int64(utf8.RuneCountInString(str(a[0]))), nil }),
		"octet_length":     strictFunc(catalog.Int4, text1, func(_ *env, a []any) (any, error) { return int64(len(str(a[0]))), nil }),
		"reverse": strictFunc(catalog.Text, text1, func(_ *env, a []any) (any, error) {
			rs := []rune(str(a[0]))
			for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
				rs[i], rs[j] = rs[j], rs[i]
			}
			return string(rs), nil
		}),
		"initcap": strictFunc(catalog.Text, text1, func(_ *env, a []any) (any, error) {
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
		"md5": strictFunc(catalog.Text, text1, func(_ *env, a []any) (any, error) {
			sum := md5.Sum([]byte(str(a[0])))
			return hex.EncodeToString(sum[:]), nil
		}),
		"replace": strictFunc(catalog.Text, text3, func(_ *env, a []any) (any, error) {
			if str(a[1]) == "" {
				return str(a[0]), nil // PostgreSQL replaces nothing; Go would insert between every rune
			}
			return strings.ReplaceAll(str(a[0]), str(a[1]), str(a[2])), nil
		}),
		"strpos": strictFunc(catalog.Int4, text2, func(_ *env, a []any) (any, error) {
			i := strings.Index(str(a[0]), str(a[1]))
			if i < 0 {
				return int64(0), nil
			}
			return int64(utf8.RuneCountInString(str(a[0])[:i]) + 1), nil
		}),
		"starts_with": strictFunc(catalog.Bool, text2, func(_ *env, a []any) (any, error) { return strings.HasPrefix(str(a[0]), str(a[1])), nil }),
		"split_part": strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Text, catalog.Int4}, func(_ *env, a []any) (any, error) {
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
		"repeat": strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Int4}, func(e *env, a []any) (any, error) {
			n := max(a[1].(int64), 0)
			if err := checkTextSize(n * int64(len(str(a[0])))); err != nil {
				return nil, err
			}
			if err := e.account().check("repeat", n*int64(len(str(a[0])))); err != nil {
				return nil, err
			}
			return strings.Repeat(str(a[0]), int(n)), nil
		}),
		"left": strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Int4}, func(_ *env, a []any) (any, error) {
			n := a[1].(int64)
			rs := []rune(str(a[0]))
			if n < 0 {
				n = max(int64(len(rs))+n, 0)
			}
			return string(rs[:min(n, int64(len(rs)))]), nil
		}),
		"right": strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Int4}, func(_ *env, a []any) (any, error) {
			n := a[1].(int64)
			rs := []rune(str(a[0]))
			if n < 0 {
				n = max(int64(len(rs))+n, 0)
			}
			return string(rs[int64(len(rs))-min(n, int64(len(rs))):]), nil
		}),
		"substr": overloads(
			strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Int4}, func(_ *env, a []any) (any, error) { return runeSlice(str(a[0]), a[1].(int64), -1), nil }),
			strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Int4, catalog.Int4}, func(_ *env, a []any) (any, error) {
				if a[2].(int64) < 0 {
					return nil, pgerr.New(pgerr.SubstringError, "negative substring length not allowed")
				}
				return runeSlice(str(a[0]), a[1].(int64), a[2].(int64)), nil
			})),
		"lpad": overloads(
			strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Int4}, func(e *env, a []any) (any, error) { return pad(e, str(a[0]), a[1].(int64), " ", true) }),
			strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Int4, catalog.Text}, func(e *env, a []any) (any, error) { return pad(e, str(a[0]), a[1].(int64), str(a[2]), true) })),
		"rpad": overloads(
			strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Int4}, func(e *env, a []any) (any, error) { return pad(e, str(a[0]), a[1].(int64), " ", false) }),
			strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Int4, catalog.Text}, func(e *env, a []any) (any, error) { return pad(e, str(a[0]), a[1].(int64), str(a[2]), false) })),
		"btrim": trimFunc(strings.Trim),
		"ltrim": trimFunc(strings.TrimLeft),
		"rtrim": trimFunc(strings.TrimRight),
		"chr": strictFunc(catalog.Text, int1, func(_ *env, a []any) (any, error) {
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
		"ascii": strictFunc(catalog.Int4, text1, func(_ *env, a []any) (any, error) {
			r, _ := utf8.DecodeRuneInString(str(a[0]))
			if str(a[0]) == "" {
				r = 0
			}
			return int64(r), nil
		}),
		"regexp_replace": overloads(
			strictFunc(catalog.Text, text3, func(e *env, a []any) (any, error) { return regexpReplace(e, str(a[0]), str(a[1]), str(a[2]), "") }),
			strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Text, catalog.Text, catalog.Text}, func(e *env, a []any) (any, error) {
				return regexpReplace(e, str(a[0]), str(a[1]), str(a[2]), str(a[3]))
			})),
		"regexp_match": overloads(
			strictFunc(catalog.TextArray, text2, func(e *env, a []any) (any, error) { return regexpMatch(e, str(a[0]), str(a[1]), "") }),
			strictFunc(catalog.TextArray, text3, func(e *env, a []any) (any, error) { return regexpMatch(e, str(a[0]), str(a[1]), str(a[2])) })),
		"quote_ident": strictFunc(catalog.Text, text1, func(_ *env, a []any) (any, error) { return pgcatalog.QuoteIdent(str(a[0])), nil }),
	} {
		scalarFuncs[name] = f
	}
	scalarFuncs["concat"] = concatFunc(false)
	scalarFuncs["concat_ws"] = concatFunc(true)
	scalarFuncs["position"] = func(b *binder, name string, args []expr, loc int32) (expr, error) {
		// POSITION(a IN b) arrives as position(b, a).
		if len(args) != 2 {
			return nil, errNoFunction(name, args, loc)
		}
		return scalarFuncs["strpos"](b, name, []expr{args[0], args[1]}, loc)
	}
}

func uint64Bytes(v uint64) []byte {
	b := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

func trimFunc(trim func(string, string) string) scalarFunc {
	return overloads(
		strictFunc(catalog.Text, text1, func(_ *env, a []any) (any, error) { return trim(str(a[0]), " "), nil }),
		strictFunc(catalog.Text, text2, func(_ *env, a []any) (any, error) { return trim(str(a[0]), str(a[1])), nil }))
}

func regexpReplace(e *env, s, pattern, repl, flags string) (any, error) {
	re, err := compileRegex(pattern, flags)
	if err != nil {
		return nil, err
	}
	return re.replace(e.matchBudget(), s, repl, strings.Contains(flags, "g"))
}

// regexpMatch is regexp_match: the first match's groups, NULL for none.
func regexpMatch(e *env, s, pattern, flags string) (any, error) {
	if strings.Contains(flags, "g") {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "regexp_match() does not support the \"global\" option").
			WithHint("Use the regexp_matches function instead.")
	}
	re, err := compileRegex(pattern, flags)
	if err != nil {
		return nil, err
	}
	ms, err := re.findAll(e.matchBudget(), s, 1)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return groups(s, ms[0]), nil
}

// concatFunc is concat (NULLs skipped) and concat_ws (first argument is
// the separator).
func concatFunc(ws bool) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		if len(args) == 0 || (ws && len(args) < 2) {
			return nil, errNoFunction(name, args, loc)
		}
		types := make([]*catalog.Type, len(args))
		for i, a := range args {
			types[i] = a.typ()
		}
		return &funcExpr{name: name, args: args, t: catalog.Text, fn: func(_ *env, vals []any) (any, error) {
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
				parts = append(parts, outputText(v, argTypes[i]))
			}
			return strings.Join(parts, sep), nil
		}}, nil
	}
}

func quoteLiteralText(s string) string {
	q := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if strings.Contains(s, `\`) {
		return "E" + strings.ReplaceAll(q, `\`, `\\`)
	}
	return q
}

func init() {
	parse := func(s string, strict bool) (any, error) {
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
	scalarFuncs["parse_ident"] = overloads(
		strictFunc(catalog.TextArray, text1, func(_ *env, a []any) (any, error) { return parse(str(a[0]), true) }),
		strictFunc(catalog.TextArray, []*catalog.Type{catalog.Text, catalog.Bool}, func(_ *env, a []any) (any, error) {
			return parse(str(a[0]), a[1].(bool))
		}))
}
