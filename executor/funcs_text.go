package executor

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// More string functions: the regular-expression forms of substring,
// format, translate, overlay, regexp_matches and regexp_split_to_array,
// array_to_string and string_to_array, quoting, hashing and bytea.

func init() {
	for name, f := range map[string]scalarFunc{
		"substring": bindSubstring,
		"bit_length": strictFunc(catalog.Int4, text1, func(_ *env, a []any) (any, error) {
			return int64(8 * len(str(a[0]))), nil
		}),
		"to_hex": func(b *binder, name string, args []expr, loc int32) (expr, error) {
			// to_hex(integer) shows the 32-bit two's complement, to_hex(bigint) 64 bits.
			bits := 64
			t := catalog.Int8
			if len(args) == 1 && (args[0].typ() == catalog.Int4 || args[0].typ() == catalog.Int2 || args[0].typ() == catalog.Unknown) {
				bits, t = 32, catalog.Int4
			}
			return strictFunc(catalog.Text, []*catalog.Type{t}, func(_ *env, a []any) (any, error) {
				v := uint64(a[0].(int64))
				if bits == 32 {
					v = uint64(uint32(v))
				}
				return strconv.FormatUint(v, 16), nil
			})(b, name, args, loc)
		},
		"quote_literal": anyTextFunc(true, func(s string) any { return quoteLiteralText(s) }),
		"quote_nullable": func(b *binder, name string, args []expr, loc int32) (expr, error) {
			x, err := anyTextFunc(false, func(s string) any { return quoteLiteralText(s) })(b, name, args, loc)
			if err != nil {
				return nil, err
			}
			f := x.(*funcExpr)
			inner := f.fn
			f.fn = func(e *env, a []any) (any, error) {
				if a[0] == nil {
					return "NULL", nil
				}
				return inner(e, a)
			}
			return f, nil
		},
		"quote_ident": strictFunc(catalog.Text, text1, func(_ *env, a []any) (any, error) { return pgcatalog.QuoteIdent(str(a[0])), nil }),
		"translate": strictFunc(catalog.Text, text3, func(_ *env, a []any) (any, error) {
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
		"overlay": overloads(
			strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Text, catalog.Int4, catalog.Int4}, func(_ *env, a []any) (any, error) {
				return overlay(str(a[0]), str(a[1]), a[2].(int64), a[3].(int64))
			}),
			strictFunc(catalog.Text, []*catalog.Type{catalog.Text, catalog.Text, catalog.Int4}, func(_ *env, a []any) (any, error) {
				return overlay(str(a[0]), str(a[1]), a[2].(int64), int64(utf8.RuneCountInString(str(a[1]))))
			})),
		"regexp_split_to_array": overloads(
			strictFunc(catalog.TextArray, text2, func(e *env, a []any) (any, error) { return regexpSplit(e, str(a[0]), str(a[1]), "") }),
			strictFunc(catalog.TextArray, text3, func(e *env, a []any) (any, error) { return regexpSplit(e, str(a[0]), str(a[1]), str(a[2])) })),
		"string_to_array": func(b *binder, name string, args []expr, loc int32) (expr, error) {
			if len(args) < 2 || len(args) > 3 {
				return nil, errNoFunction(name, args, loc)
			}
			for i := range args {
				x, err := coerceTo(args[i], catalog.Text, loc)
				if err != nil || !x.typ().IsString() {
					return nil, errNoFunction(name, args, loc)
				}
				args[i] = x
			}
			return &funcExpr{name: name, args: args, t: catalog.TextArray, fn: func(_ *env, a []any) (any, error) {
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
		"format": bindFormat,
		"md5": overloads(
			strictFunc(catalog.Text, text1, func(_ *env, a []any) (any, error) {
				sum := md5.Sum([]byte(str(a[0])))
				return hex.EncodeToString(sum[:]), nil
			}),
			strictFunc(catalog.Text, []*catalog.Type{catalog.Bytea}, func(_ *env, a []any) (any, error) {
				sum := md5.Sum(a[0].([]byte))
				return hex.EncodeToString(sum[:]), nil
			})),
		"sha224": hashFunc(func(b []byte) []byte { s := sha256.Sum224(b); return s[:] }),
		"sha256": hashFunc(func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }),
		"sha384": hashFunc(func(b []byte) []byte { s := sha512.Sum384(b); return s[:] }),
		"sha512": hashFunc(func(b []byte) []byte { s := sha512.Sum512(b); return s[:] }),
		"encode": strictFunc(catalog.Text, []*catalog.Type{catalog.Bytea, catalog.Text}, func(_ *env, a []any) (any, error) {
			b := a[0].([]byte)
			switch strings.ToLower(str(a[1])) {
			case "hex":
				return hex.EncodeToString(b), nil
			case "base64":
				return wrapBase64(base64.StdEncoding.EncodeToString(b)), nil
			case "escape":
				return byteaEscape(b), nil
			}
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unrecognized encoding: %q", str(a[1]))
		}),
		"decode": strictFunc(catalog.Bytea, []*catalog.Type{catalog.Text, catalog.Text}, func(_ *env, a []any) (any, error) {
			s := str(a[0])
			switch strings.ToLower(str(a[1])) {
			case "hex":
				b, err := hex.DecodeString(s)
				if err != nil {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
				}
				return b, nil
			case "base64":
				b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
				if err != nil {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid base64 end sequence").WithHint("Input data is missing padding, is truncated, or is otherwise corrupted.")
				}
				return b, nil
			case "escape":
				return parseByteaEscape(s)
			}
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unrecognized encoding: %q", str(a[1]))
		}),
		"convert_to": strictFunc(catalog.Bytea, text2, func(_ *env, a []any) (any, error) {
			enc := strings.ToUpper(strings.ReplaceAll(str(a[1]), "-", ""))
			if enc != "UTF8" && enc != "SQLASCII" {
				return nil, pgerr.New(pgerr.UndefinedObject, "conversion from UTF8 to %s is not supported", str(a[1]))
			}
			return []byte(str(a[0])), nil
		}),
		"convert_from": strictFunc(catalog.Text, []*catalog.Type{catalog.Bytea, catalog.Text}, func(_ *env, a []any) (any, error) {
			b := a[0].([]byte)
			if !utf8.Valid(b) {
				return nil, pgerr.New(pgerr.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"")
			}
			return string(b), nil
		}),
	} {
		scalarFuncs[name] = f
	}
	setFuncs["regexp_matches"] = setFunc{
		resolve: func(args []expr) ([]scopeCol, error) {
			if len(args) < 2 || len(args) > 3 {
				return nil, errArgs
			}
			for i := range args {
				x, err := coerceTo(args[i], catalog.Text, -1)
				if err != nil || !x.typ().IsString() {
					return nil, errArgs
				}
				args[i] = x
			}
			return []scopeCol{{name: "regexp_matches", t: catalog.TextArray}}, nil
		},
		rows: func(e *env, a []any, _ []*catalog.Type) ([][]any, error) {
			flags := ""
			if len(a) > 2 {
				flags = str(a[2])
			}
			re, err := compileRegex(str(a[1]), flags)
			if err != nil {
				return nil, err
			}
			n := 1
			if strings.Contains(flags, "g") {
				n = -1
			}
			ms, err := re.findAll(e, str(a[0]), n)
			if err != nil {
				return nil, err
			}
			var out [][]any
			for _, m := range ms {
				out = append(out, []any{groups(str(a[0]), m)})
			}
			return out, nil
		},
	}
}

// bindSubstring is substring(text, int [, int]) and, with a text second
// argument, the regular-expression form substring(text FROM pattern) and
// the SQL form substring(text SIMILAR pattern ESCAPE escape).
func bindSubstring(b *binder, name string, args []expr, loc int32) (expr, error) {
	if len(args) >= 2 && (args[1].typ() == catalog.Unknown || args[1].typ().IsString()) {
		if len(args) == 2 {
			return strictFunc(catalog.Text, text2, func(e *env, a []any) (any, error) {
				re, err := compileRegex(str(a[1]), "")
				if err != nil {
					return nil, err
				}
				s := str(a[0])
				ms, err := re.findAll(e, s, 1)
				if err != nil || len(ms) == 0 {
					return nil, err
				}
				m := ms[0]
				switch {
				case len(m) == 2:
					return s[m[0]:m[1]], nil
				case m[2] < 0: // the first group took no part
					return nil, nil
				}
				return s[m[2]:m[3]], nil
			})(b, name, args, loc)
		}
		return strictFunc(catalog.Text, text3, func(_ *env, a []any) (any, error) {
			return similarSubstring(str(a[0]), str(a[1]), str(a[2]))
		})(b, name, args, loc)
	}
	return scalarFuncs["substr"](b, name, args, loc)
}

// similarSubstring is substring(s SIMILAR pattern ESCAPE esc): the part
// between the two escaped double quotes, or the whole match.
func similarSubstring(s, pattern, esc string) (any, error) {
	sep := esc + `"`
	parts := strings.Split(pattern, sep)
	conv := func(p string) string { return similarToRegexp(p) }
	var re *regexp.Regexp
	var err error
	switch len(parts) {
	case 1:
		re, err = regexp.Compile("^(?:" + conv(parts[0]) + ")$")
	case 3:
		re, err = regexp.Compile("^(?:" + conv(parts[0]) + ")(" + conv(parts[1]) + ")(?:" + conv(parts[2]) + ")$")
	default:
		return nil, pgerr.New(pgerr.InvalidUseOfEscapeCharacter, "SQL regular expression may not contain more than two escape-double-quote separators")
	}
	if err != nil {
		return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: %v", err)
	}
	m := re.FindStringSubmatch(s)
	switch {
	case m == nil:
		return nil, nil
	case len(m) > 1:
		return m[1], nil
	}
	return m[0], nil
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

func regexpSplit(e *env, s, pattern, flags string) (any, error) {
	re, err := compileRegex(pattern, flags)
	if err != nil {
		return nil, err
	}
	parts, err := re.split(e, s)
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, p := range parts {
		out = append(out, p)
	}
	return out, nil
}

// anyTextFunc binds a one-argument function of any type whose argument is
// converted by its output function.
func anyTextFunc(strict bool, f func(string) any) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		if len(args) != 1 {
			return nil, errNoFunction(name, args, loc)
		}
		x, err := coerceTo(args[0], catalog.Text, loc)
		if err != nil {
			return nil, err
		}
		t := x.typ()
		return &funcExpr{name: name, args: []expr{x}, t: catalog.Text, strict: strict, fn: func(_ *env, a []any) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			return f(outputText(a[0], t)), nil
		}}, nil
	}
}

func hashFunc(h func([]byte) []byte) scalarFunc {
	return strictFunc(catalog.Bytea, []*catalog.Type{catalog.Bytea}, func(_ *env, a []any) (any, error) {
		return h(a[0].([]byte)), nil
	})
}

// wrapBase64 breaks base64 text into lines of 76 characters, as encode does.
func wrapBase64(s string) string {
	var lines []string
	for len(s) > 76 {
		lines = append(lines, s[:76])
		s = s[76:]
	}
	return strings.Join(append(lines, s), "\n")
}

// byteaEscape is bytea's escape format: printable ASCII as is, backslash
// doubled, other bytes as \ooo.
func byteaEscape(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c == '\\':
			sb.WriteString(`\\`)
		case c < 0x20 || c > 0x7e:
			fmt.Fprintf(&sb, `\%03o`, c)
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// bindFormat is format(formatstr, args...): %s (output text, NULL as
// empty), %I (identifier), %L (literal, NULL as NULL), %%, with optional
// argument positions (%2$s) and widths (%-10s, %*s).
func bindFormat(b *binder, name string, args []expr, loc int32) (expr, error) {
	if len(args) == 0 {
		return nil, errNoFunction(name, args, loc)
	}
	f, err := coerceTo(args[0], catalog.Text, loc)
	if err != nil || !f.typ().IsString() {
		return nil, errNoFunction(name, args, loc)
	}
	args[0] = f
	types := make([]*catalog.Type, len(args))
	for i := 1; i < len(args); i++ {
		if args[i], err = coerceTo(args[i], catalog.Text, loc); err != nil {
			return nil, err
		}
		types[i] = args[i].typ()
	}
	return &funcExpr{name: name, args: args, t: catalog.Text, fn: func(_ *env, a []any) (any, error) {
		if a[0] == nil {
			return nil, nil
		}
		return formatString(str(a[0]), a[1:], types[1:])
	}}, nil
}

func formatString(f string, vals []any, types []*catalog.Type) (any, error) {
	var sb strings.Builder
	next := 0
	rs := []rune(f)
	tooFew := pgerr.New(pgerr.InvalidParameterValue, "too few arguments for format()")
	readNum := func(i int) (int, int) {
		n, j := 0, i
		for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
			n = n*10 + int(rs[j]-'0')
			j++
		}
		return n, j
	}
	for i := 0; i < len(rs); i++ {
		if rs[i] != '%' {
			sb.WriteRune(rs[i])
			continue
		}
		i++
		if i >= len(rs) {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unterminated format() type specifier").WithHint("For a single \"%%\" use \"%%%%\".")
		}
		if rs[i] == '%' {
			sb.WriteRune('%')
			continue
		}
		// [position$][flags][width]type
		arg := -1
		if n, j := readNum(i); j > i && j < len(rs) && rs[j] == '$' {
			if n == 0 {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "format specifies argument 0, but arguments are numbered from 1")
			}
			arg, i = n-1, j+1
		}
		left := false
		for i < len(rs) && rs[i] == '-' {
			left, i = true, i+1
		}
		width := 0
		if i < len(rs) && rs[i] == '*' {
			i++
			if next >= len(vals) {
				return nil, tooFew
			}
			if vals[next] != nil {
				w, _ := strconv.Atoi(outputText(vals[next], types[next]))
				if w < 0 {
					left, w = true, -w
				}
				width = w
			}
			next++
		} else {
			width, i = readNum(i)
		}
		if i >= len(rs) {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unterminated format() type specifier").WithHint("For a single \"%%\" use \"%%%%\".")
		}
		if arg < 0 {
			arg = next
		}
		next = arg + 1
		if arg >= len(vals) {
			return nil, tooFew
		}
		v := vals[arg]
		var s string
		switch rs[i] {
		case 's':
			if v != nil {
				s = outputText(v, types[arg])
			}
		case 'I':
			if v == nil {
				return nil, pgerr.New(pgerr.NullValueNotAllowed, "null values cannot be formatted as an SQL identifier")
			}
			s = pgcatalog.QuoteIdent(outputText(v, types[arg]))
		case 'L':
			s = "NULL"
			if v != nil {
				s = quoteLiteralText(outputText(v, types[arg]))
			}
		default:
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unrecognized format() type specifier \"%c\"", rs[i]).WithHint("For a single \"%%\" use \"%%%%\".")
		}
		if pad := width - utf8.RuneCountInString(s); pad > 0 {
			if left {
				s += strings.Repeat(" ", pad)
			} else {
				s = strings.Repeat(" ", pad) + s
			}
		}
		sb.WriteString(s)
	}
	return sb.String(), nil
}
