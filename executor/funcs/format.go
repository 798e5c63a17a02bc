package funcs

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// formatFamily is the functions that spell values as SQL text.
func formatFamily() Family {
	return Family{Name: "format", Scalars: map[string]ScalarFunc{
		"format":        bindFormat,
		"quote_ident":   strictFunc(value.Text, text1, func(_ *expr.Env, a []any) (any, error) { return pgcatalog.QuoteIdent(str(a[0])), nil }),
		"quote_literal": anyTextFunc(true, func(s string) any { return quoteLiteralText(s) }),
		"quote_nullable": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			x, err := anyTextFunc(false, func(s string) any { return quoteLiteralText(s) })(c, name, args, loc)
			if err != nil {
				return nil, err
			}
			f := x.(*expr.FuncExpr)
			inner := f.Fn
			f.Fn = func(e *expr.Env, a []any) (any, error) {
				if a[0] == nil {
					return "NULL", nil
				}
				return inner(e, a)
			}
			return f, nil
		},
		"to_hex": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			// to_hex(integer) shows the 32-bit two's complement, to_hex(bigint) 64 bits.
			bits := 64
			t := value.Int8
			if len(args) == 1 && (args[0].Type() == value.Int4 || args[0].Type() == value.Int2 || args[0].Type() == value.Unknown) {
				bits, t = 32, value.Int4
			}
			return strictFunc(value.Text, []*value.Type{t}, func(_ *expr.Env, a []any) (any, error) {
				v := uint64(a[0].(int64))
				if bits == 32 {
					v = uint64(uint32(v))
				}
				return strconv.FormatUint(v, 16), nil
			})(c, name, args, loc)
		},
	}}
}

// anyTextFunc binds a one-argument function of any type whose argument is
// converted by its output function.
func anyTextFunc(strict bool, f func(string) any) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) != 1 {
			return nil, ErrNoFunction(name, args, loc)
		}
		x, err := expr.CoerceTo(args[0], value.Text, loc)
		if err != nil {
			return nil, err
		}
		t := x.Type()
		return &expr.FuncExpr{Name: name, Args: []expr.Expr{x}, T: value.Text, Strict: strict, Fn: func(_ *expr.Env, a []any) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			return f(value.OutputText(a[0], t)), nil
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

// bindFormat is format(formatstr, args...): %s (output text, NULL as
// empty), %I (identifier), %L (literal, NULL as NULL), %%, with optional
// argument positions (%2$s) and widths (%-10s, %*s).
func bindFormat(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
	if len(args) == 0 {
		return nil, ErrNoFunction(name, args, loc)
	}
	f, err := expr.CoerceTo(args[0], value.Text, loc)
	if err != nil || !f.Type().IsString() {
		return nil, ErrNoFunction(name, args, loc)
	}
	args[0] = f
	types := make([]*value.Type, len(args))
	for i := 1; i < len(args); i++ {
		if args[i], err = expr.CoerceTo(args[i], value.Text, loc); err != nil {
			return nil, err
		}
		types[i] = args[i].Type()
	}
	return &expr.FuncExpr{Name: name, Args: args, T: value.Text, Fn: func(_ *expr.Env, a []any) (any, error) {
		if a[0] == nil {
			return nil, nil
		}
		return formatString(str(a[0]), a[1:], types[1:])
	}}, nil
}

func formatString(f string, vals []any, types []*value.Type) (any, error) {
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
				w, _ := strconv.Atoi(value.OutputText(vals[next], types[next]))
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
				s = value.OutputText(v, types[arg])
			}
		case 'I':
			if v == nil {
				return nil, pgerr.New(pgerr.NullValueNotAllowed, "null values cannot be formatted as an SQL identifier")
			}
			s = pgcatalog.QuoteIdent(value.OutputText(v, types[arg]))
		case 'L':
			s = "NULL"
			if v != nil {
				s = quoteLiteralText(value.OutputText(v, types[arg]))
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
