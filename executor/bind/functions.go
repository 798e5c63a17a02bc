package bind

import (
	"strings"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func (b *Binder) bindFuncCall(fc *pg_query.FuncCall) (expr.Expr, error) {
	name := funcName(fc)
	if schema := fc.Funcname[0].GetString_().GetSval(); len(fc.Funcname) == 2 && schema != "pg_catalog" && schema != "information_schema" && schema != "ec2" && schema != "vpnsql" {
		return nil, pgerr.At(pgerr.New(pgerr.InvalidSchemaName, "schema %q does not exist", fc.Funcname[0].GetString_().GetSval()), fc.Location)
	}
	if fc.Over != nil {
		return b.bindWindow(fc)
	}
	l := funcs.Builtin()
	if l.Windows[name] {
		return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "window function %s requires an OVER clause", name), fc.Location)
	}
	if _, ok := l.Aggregates[name]; ok {
		if b.agg == nil {
			return nil, pgerr.At(pgerr.New(pgerr.GroupingError, "%s", b.notAllowed("aggregate functions")), fc.Location)
		}
		return b.agg.aggregate(b, fc)
	}
	if sf, ok := b.S.setFunc(name); ok {
		if col, ok := b.srfColumnOf(fc); ok {
			return col, nil // computed below the aggregation (srf.go)
		}
		if !sf.SideEffects && b.collectSRFs == nil && (b.Query == nil || !b.Query.allowSRF) {
			// Where it stands is checked before its arguments, as PostgreSQL
			// reports it before any grouping error they hold.
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "%s", b.notAllowed("set-returning functions")), fc.Location)
		}
		args, err := b.bindArgs(name, fc)
		if err != nil {
			return nil, err
		}
		if b.collectSRFs != nil {
			return b.collectSetFunc(fc, sf, args)
		}
		return b.bindSetFunc(name, sf, args, fc.Location)
	}
	args, err := b.bindArgs(name, fc)
	if err != nil {
		return nil, err
	}
	if fc.AggWithinGroup {
		return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "%s is not an ordered-set aggregate, so it cannot have WITHIN GROUP", name), fc.Location)
	}
	fn, ok := l.Scalars[name]
	if ok && fc.FuncVariadic && len(args) > 0 && value.ElemType(args[len(args)-1].Type()) != nil {
		return bindVariadic(b, name, fn, args, fc.Location)
	}
	if !ok || fc.AggStar || fc.AggDistinct {
		if len(fc.Funcname) == 2 {
			name = fc.Funcname[0].GetString_().GetSval() + "." + name // as the call spelled it
		}
		return nil, funcs.ErrNoFunction(name, args, fc.Location)
	}
	return fn(nil, name, args, fc.Location)
}

// bindArgs binds a call's arguments; named ones go to their parameter's
// position, and a parameter nobody passed is a nil expr the function
// fills with its default.
func (b *Binder) bindArgs(name string, fc *pg_query.FuncCall) ([]expr.Expr, error) {
	var args []expr.Expr
	for _, a := range fc.Args {
		na := a.GetNamedArgExpr()
		if na == nil {
			if len(args) > 0 && args[len(args)-1] == nil {
				return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "positional argument cannot follow named argument"), ExprLocation(a))
			}
			x, err := b.Bind(a)
			if err != nil {
				return nil, err
			}
			args = append(args, x)
			continue
		}
		x, err := b.Bind(na.Arg)
		if err != nil {
			return nil, err
		}
		pos := -1
		for i, n := range funcs.Builtin().NamedArgs[name] {
			if n == na.Name {
				pos = i
			}
		}
		if pos < 0 {
			return nil, pgerr.At(pgerr.New(pgerr.UndefinedFunction, "function %s does not exist", funcs.SignatureOf(name, append(args, x))).
				WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), fc.Location)
		}
		for len(args) <= pos {
			args = append(args, nil)
		}
		args[pos] = x
	}
	return args, nil
}

func (b *Binder) bindSQLValueFunction(f *pg_query.SQLValueFunction) (expr.Expr, error) {
	s := b.S
	switch f.Op {
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER, pg_query.SQLValueFunctionOp_SVFOP_USER,
		pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE, pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER:
		return &expr.ConstExpr{V: s.UserName(), T: value.Name}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:
		return &expr.ConstExpr{V: catalog.Database, T: value.Name}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:
		return &expr.FuncExpr{Name: "current_schema", T: value.Name, Fn: func(e *expr.Env, _ []any) (any, error) { return e.Session.CurrentSchema(), nil }}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N:
		return &expr.FuncExpr{Name: "current_timestamp", T: value.Timestamptz, Fn: func(e *expr.Env, _ []any) (any, error) { return e.Now(), nil }}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP, pg_query.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:
		return &expr.FuncExpr{Name: "localtimestamp", T: value.Timestamp, Fn: func(e *expr.Env, _ []any) (any, error) { return e.Now(), nil }}, nil
	case pg_query.SQLValueFunctionOp_SVFOP_CURRENT_DATE:
		return &expr.FuncExpr{Name: "current_date", T: value.Date, Fn: func(e *expr.Env, _ []any) (any, error) {
			return e.Now().Truncate(24 * time.Hour), nil
		}}, nil
	}
	return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "%s is not supported", f.Op), f.Location)
}

func (b *Binder) bindCoalesce(c *pg_query.CoalesceExpr) (expr.Expr, error) {
	var args []expr.Expr
	saved := b.noFold
	defer func() { b.noFold = saved }()
	for _, a := range c.Args {
		x, err := b.Bind(a)
		if err != nil {
			return nil, err
		}
		if k, ok := x.(*expr.ConstExpr); ok && k.V != nil && b.noFold == saved {
			b.noFold++ // PostgreSQL drops the arguments after a non-NULL constant unsimplified
		}
		args = append(args, x)
	}
	t, err := resultType(args, c.Args, "COALESCE")
	if err != nil {
		return nil, err
	}
	return &expr.FuncExpr{Name: "coalesce", Args: args, T: t, FirstNonNull: true}, nil
}

func bindVariadic(b *Binder, name string, fn funcs.ScalarFunc, args []expr.Expr, loc int32) (expr.Expr, error) {
	last := args[len(args)-1]
	probe := append(append([]expr.Expr(nil), args[:len(args)-1]...), &expr.ConstExpr{T: value.ElemType(last.Type())})
	x, err := fn(nil, name, probe, loc)
	if err != nil {
		return nil, err
	}
	return &funcs.VariadicExpr{Name: name, Fn: fn, Fixed: args[:len(args)-1], Array: last, T: x.Type(), Loc: loc}, nil
}

func funcName(fc *pg_query.FuncCall) string {
	name := fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()
	return strings.ToLower(name)
}
