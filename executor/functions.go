package executor

import (
	"fmt"
	"strings"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// scalarFunc binds a call of a built-in function to its arguments.
// A callSite is what a function's binding needs to know of the call
// beyond its arguments; nil binds as usual.
type callSite struct {
	// overloadsAccepting, when set, counts the definitions of an
	// overloaded function that accept the arguments
	// (TestFunctionSignaturesResolveOnce).
	overloadsAccepting *int
}

type scalarFunc func(c *callSite, name string, args []expr, loc int32) (expr, error)

// strictFunc makes a scalarFunc for a function with fixed argument types.
func strictFunc(ret *value.Type, argTypes []*value.Type, fn func(e *env, a []any) (any, error)) scalarFunc {
	return func(c *callSite, name string, args []expr, loc int32) (expr, error) {
		if len(args) != len(argTypes) {
			return nil, errNoFunction(name, args, loc)
		}
		coerced := make([]expr, len(args))
		for i := range args {
			a, err := coerceTo(args[i], argTypes[i], loc)
			if err != nil {
				return nil, err
			}
			if a.typ() != argTypes[i] && !(a.typ().IsString() && argTypes[i].IsString()) {
				return nil, errNoFunction(name, args, loc)
			}
			coerced[i] = a
		}
		return &funcExpr{name: name, args: coerced, t: ret, strict: true, fn: fn}, nil
	}
}

func errNoFunction(name string, args []expr, loc int32) *pgerr.Error {
	return pgerr.At(pgerr.New(pgerr.UndefinedFunction, "function %s does not exist", signatureOf(name, args)).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), loc)
}

func funcName(fc *pg_query.FuncCall) string {
	name := fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()
	return strings.ToLower(name)
}

func (b *binder) bindFuncCall(fc *pg_query.FuncCall) (expr, error) {
	name := funcName(fc)
	if schema := fc.Funcname[0].GetString_().GetSval(); len(fc.Funcname) == 2 && schema != "pg_catalog" && schema != "information_schema" && schema != "ec2" {
		return nil, pgerr.At(pgerr.New(pgerr.InvalidSchemaName, "schema %q does not exist", fc.Funcname[0].GetString_().GetSval()), fc.Location)
	}
	if fc.Over != nil {
		return b.bindWindow(fc)
	}
	l := lib()
	if l.windows[name] {
		return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "window function %s requires an OVER clause", name), fc.Location)
	}
	if _, ok := l.aggregates[name]; ok {
		if b.agg == nil {
			return nil, pgerr.At(pgerr.New(pgerr.GroupingError, "%s", b.notAllowed("aggregate functions")), fc.Location)
		}
		return b.agg.aggregate(b, fc)
	}
	args, err := b.bindArgs(name, fc)
	if err != nil {
		return nil, err
	}
	if sf, ok := l.sets[name]; ok {
		return b.bindSetFunc(name, sf, args, fc.Location)
	}
	if fc.AggWithinGroup {
		return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", name), fc.Location)
	}
	fn, ok := l.scalars[name]
	if ok && fc.FuncVariadic && len(args) > 0 && value.ElemType(args[len(args)-1].typ()) != nil {
		return bindVariadic(b, name, fn, args, fc.Location)
	}
	if !ok || fc.AggStar || fc.AggDistinct {
		if len(fc.Funcname) == 2 {
			name = fc.Funcname[0].GetString_().GetSval() + "." + name // as the call spelled it
		}
		return nil, errNoFunction(name, args, fc.Location)
	}
	return fn(nil, name, args, fc.Location)
}

// bindArgs binds a call's arguments; named ones go to their parameter's
// position, and a parameter nobody passed is a nil expr the function
// fills with its default.
func (b *binder) bindArgs(name string, fc *pg_query.FuncCall) ([]expr, error) {
	var args []expr
	for _, a := range fc.Args {
		na := a.GetNamedArgExpr()
		if na == nil {
			if len(args) > 0 && args[len(args)-1] == nil {
				return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "positional argument cannot follow named argument"), exprLocation(a))
			}
			x, err := b.bind(a)
			if err != nil {
				return nil, err
			}
			args = append(args, x)
			continue
		}
		x, err := b.bind(na.Arg)
		if err != nil {
			return nil, err
		}
		pos := -1
		for i, n := range lib().namedArgs[name] {
			if n == na.Name {
				pos = i
			}
		}
		if pos < 0 {
			return nil, pgerr.At(pgerr.New(pgerr.UndefinedFunction, "function %s does not exist", signatureOf(name, append(args, x))).
				WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), fc.Location)
		}
		for len(args) <= pos {
			args = append(args, nil)
		}
		args[pos] = x
	}
	return args, nil
}

// signatureOf spells a call for "function f(integer) does not exist".
func signatureOf(name string, args []expr) string {
	types := make([]string, len(args))
	for i, a := range args {
		types[i] = "unknown"
		if a != nil {
			types[i] = a.typ().String()
		}
	}
	return fmt.Sprintf("%s(%s)", name, strings.Join(types, ", "))
}

func (b *binder) bindSQLValueFunction(f *pg_query.SQLValueFunction) (expr, error) {
	s := b.s
	switch f.Op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER, pg_query.SQLValueFunctionOp_SVFOP_USER,
		pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE, pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:
		return &constExpr{v: s.info.User, t: value.Name}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return &constExpr{v: catalog.Database, t: value.Name}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return &funcExpr{name: "current_schema", t: value.Name, fn: func(e *env, _ []any) (any, error) { return e.s.currentSchema(), nil }}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		return &funcExpr{name: "current_timestamp", t: value.Timestamptz, fn: func(e *env, _ []any) (any, error) { return e.s.statementStart(), nil }}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return &funcExpr{name: "localtimestamp", t: value.Timestamp, fn: func(e *env, _ []any) (any, error) { return e.s.statementStart(), nil }}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		return &funcExpr{name: "current_date", t: value.Date, fn: func(e *env, _ []any) (any, error) {
			return e.s.statementStart().Truncate(24 * time.Hour), nil
		}}, nil
	}
	return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "%s is not supported", f.Op), f.Location)
}

func (b *binder) bindCoalesce(c *pg_query.CoalesceExpr) (expr, error) {
	var args []expr
	for _, a := range c.Args {
		x, err := b.bind(a)
		if err != nil {
			return nil, err
		}
		args = append(args, x)
	}
	t, err := resultType(args, c.Args, "COALESCE")
	if err != nil {
		return nil, err
	}
	for i := range args {
		if args[i], err = castExpr(args[i], t, false, c.Location); err != nil {
			return nil, err
		}
	}
	return &funcExpr{name: "coalesce", args: args, t: t, fn: func(_ *env, a []any) (any, error) {
		for _, v := range a {
			if v != nil {
				return v, nil
			}
		}
		return nil, nil
	}}, nil
}

// statementStart is now(): the start of the current statement.
func (s *Session) statementStart() time.Time {
	if s.stmtStart.IsZero() {
		return time.Now().UTC()
	}
	return s.stmtStart
}

// currentSchema is the first schema of search_path that exists.
func (s *Session) currentSchema() any {
	for _, sc := range s.searchPath() {
		if sc == "ec2" || sc == "public" || sc == "pg_catalog" || sc == "information_schema" {
			return sc
		}
	}
	return nil
}

func (s *Session) searchPath() []string {
	raw, _ := s.settings.get("search_path")
	var out []string
	for _, p := range strings.Split(raw, ",") {
		p = strings.Trim(strings.TrimSpace(p), `"`)
		if p == "$user" {
			p = s.info.User
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// variadicExpr is f(a, VARIADIC arr): the call f(a, arr[1], arr[2], ...),
// bound per element count when the array's length is known.
type variadicExpr struct {
	name  string
	fn    scalarFunc
	fixed []expr
	array expr
	t     *value.Type
	loc   int32
}

func (v *variadicExpr) typ() *value.Type { return v.t }

func (v *variadicExpr) eval(e *env) (any, error) {
	arr, err := v.array.eval(e)
	if err != nil || arr == nil {
		return nil, err
	}
	elems := arr.([]any)
	et := value.ElemType(v.array.typ())
	args := append([]expr(nil), v.fixed...)
	for _, el := range elems {
		args = append(args, &constExpr{v: el, t: et})
	}
	x, err := v.fn(nil, v.name, args, v.loc)
	if err != nil {
		return nil, err
	}
	return x.eval(e)
}

func bindVariadic(b *binder, name string, fn scalarFunc, args []expr, loc int32) (expr, error) {
	last := args[len(args)-1]
	probe := append(append([]expr(nil), args[:len(args)-1]...), &constExpr{t: value.ElemType(last.typ())})
	x, err := fn(nil, name, probe, loc)
	if err != nil {
		return nil, err
	}
	return &variadicExpr{name: name, fn: fn, fixed: args[:len(args)-1], array: last, t: x.typ(), loc: loc}, nil
}
