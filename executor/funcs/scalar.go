package funcs

import (
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// ScalarFunc binds a call of a built-in function to its arguments.
// A callSite is what a function's binding needs to know of the call
// beyond its arguments; nil binds as usual.
type CallSite struct {
	// OverloadsAccepting, when set, counts the definitions of an
	// overloaded function that accept the arguments
	// (TestFunctionSignaturesResolveOnce).
	OverloadsAccepting *int
}

type ScalarFunc func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error)

// strictFunc makes a scalarFunc for a function with fixed argument types.
func strictFunc(ret *value.Type, argTypes []*value.Type, fn func(e *expr.Env, a []any) (any, error)) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) != len(argTypes) {
			return nil, ErrNoFunction(name, args, loc)
		}
		coerced := make([]expr.Expr, len(args))
		for i := range args {
			a, err := expr.CoerceTo(args[i], argTypes[i], loc)
			if err != nil {
				return nil, err
			}
			if a.Type() != argTypes[i] && !(a.Type().IsString() && argTypes[i].IsString()) {
				return nil, ErrNoFunction(name, args, loc)
			}
			coerced[i] = a
		}
		return &expr.FuncExpr{Name: name, Args: coerced, T: ret, Strict: true, Fn: fn}, nil
	}
}

func ErrNoFunction(name string, args []expr.Expr, loc int32) *pgerr.Error {
	return pgerr.At(pgerr.New(pgerr.UndefinedFunction, "function %s does not exist", SignatureOf(name, args)).
		WithHint("No function matches the given name and argument types. You might need to add explicit type casts."), loc)
}

// SignatureOf spells a call for "function f(integer) does not exist".
func SignatureOf(name string, args []expr.Expr) string {
	types := make([]string, len(args))
	for i, a := range args {
		types[i] = "unknown"
		if a != nil {
			types[i] = a.Type().String()
		}
	}
	return fmt.Sprintf("%s(%s)", name, strings.Join(types, ", "))
}

// VariadicExpr is f(a, VARIADIC arr): the call f(a, arr[1], arr[2], ...),
// bound per element count when the array's length is known.
type VariadicExpr struct {
	Name  string
	Fn    ScalarFunc
	Fixed []expr.Expr
	Array expr.Expr
	T     *value.Type
	Loc   int32
}

func (v *VariadicExpr) Type() *value.Type { return v.T }

func (v *VariadicExpr) Eval(e *expr.Env) (any, error) {
	arr, err := v.Array.Eval(e)
	if err != nil || arr == nil {
		return nil, err
	}
	elems := arr.([]any)
	et := value.ElemType(v.Array.Type())
	args := append([]expr.Expr(nil), v.Fixed...)
	for _, el := range elems {
		args = append(args, &expr.ConstExpr{V: el, T: et})
	}
	x, err := v.Fn(nil, v.Name, args, v.Loc)
	if err != nil {
		return nil, err
	}
	return x.Eval(e)
}
