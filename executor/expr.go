package executor

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// evalSession is what evaluating an expression may ask of the session
// running it; Session implements it, and an expression sees no more.
type evalSession interface {
	statementStart() time.Time
	currentSchema() any
	searchPath() []string
	catalogSession() catalog.Session
	catalogTables() []catalog.Table
	snapshot() *pgcatalog.Snapshot
	statementTimeLeft() (time.Duration, bool)
	backendPID() int32
	settingValue(name string) (string, bool)
	RegIn(typeOID uint32, text string) (int64, error)
	RegOut(typeOID uint32, oid int64) string
	callMethod(e *env, m catalog.Method, args []any) ([][]any, error)
	checkWriteSites(e *env, sites []*writeSite) error
}

// env is what an expression is evaluated against: the current row and the
// statement's parameters.
type env struct {
	ctx    context.Context
	s      evalSession
	row    []any
	params []any
	outer  *env        // the enclosing query level's row, for correlated references
	exec   *execState  // shared by every level of one execution
	srf    map[any]any // current values of select-list SRFs
}

// execState is per execution of a statement: results of uncorrelated
// subqueries and CTEs are computed once and shared.
type execState struct {
	mem   memAccount // nil: unlimited
	cache map[any][][]any
	stats map[any]*scanRecord // EXPLAIN ANALYZE only
	// writeCalls, when set, collects the calls of write functions (EXPLAIN
	// of a query calling ec2.f(...)); with planWrites the calls are only
	// planned, not made.
	writeCalls *[]catalog.CallRecord
	planWrites bool
	// writeChecked: the write call sites whose rules were checked;
	// callsDone: the write calls made so far, for a later failure's DETAIL.
	writeChecked map[*writeSite]bool
	callsDone    []string
}

// newExecState starts an execution, charging the running statement's
// memory account (none outside Session.Execute).
func (s *Session) newExecState() *execState {
	st := &execState{cache: map[any][][]any{}}
	if s.mem != nil {
		st.mem = s.mem
	}
	return st
}

// nested returns an env one level down, whose outer context is e's row:
// for a subquery in an expression, or a LATERAL item.
func (e *env) nested() *env {
	return &env{ctx: e.ctx, s: e.s, params: e.params, outer: e, exec: e.exec}
}

// sibling returns a fresh env at e's level, sharing e's outer context.
func (e *env) sibling() *env {
	return &env{ctx: e.ctx, s: e.s, params: e.params, outer: e.outer, exec: e.exec}
}

type outerColExpr struct {
	depth, idx int
	t          *value.Type
}

func (c *outerColExpr) eval(e *env) (any, error) {
	o := e
	for i := 0; i < c.depth && o != nil; i++ {
		o = o.outer
	}
	if o == nil || c.idx >= len(o.row) {
		return nil, pgerr.New(pgerr.InternalError, "outer reference out of range")
	}
	return o.row[c.idx], nil
}

func (c *outerColExpr) typ() *value.Type { return c.t }

// Expr is a bound, typed expression.
type expr interface {
	eval(e *env) (any, error)
	typ() *value.Type
}

type colExpr struct {
	idx int
	t   *value.Type
}

func (c *colExpr) eval(e *env) (any, error) { return e.row[c.idx], nil }
func (c *colExpr) typ() *value.Type         { return c.t }

type constExpr struct {
	v any
	t *value.Type
	// loc is where a literal of the statement starts (located is false
	// for constants the binder made): PostgreSQL points an error reading
	// a literal at the literal itself.
	loc     int32
	located bool
}

func (c *constExpr) eval(*env) (any, error) { return c.v, nil }
func (c *constExpr) typ() *value.Type       { return c.t }

// paramExpr is $n; its type is settled when the statement is prepared.
type paramExpr struct {
	n     int // 1-based
	types *[]*value.Type
}

func (p *paramExpr) eval(e *env) (any, error) {
	if p.n > len(e.params) {
		return nil, pgerr.New(pgerr.UndefinedParameter, "there is no parameter $%d", p.n)
	}
	return e.params[p.n-1], nil
}

func (p *paramExpr) typ() *value.Type {
	t := (*p.types)[p.n-1]
	if t == nil {
		return value.Unknown
	}
	return t
}

// funcExpr applies a Go function to evaluated arguments. Unless lazy, a
// NULL argument makes the result NULL (a strict function).
type funcExpr struct {
	name   string
	args   []expr
	t      *value.Type
	strict bool
	fn     func(e *env, args []any) (any, error)
}

func (f *funcExpr) typ() *value.Type { return f.t }

func (f *funcExpr) eval(e *env) (any, error) {
	vals := make([]any, len(f.args))
	for i, a := range f.args {
		v, err := a.eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil && f.strict {
			return nil, nil
		}
		vals[i] = v
	}
	return f.fn(e, vals)
}

// boolExpr is AND, OR or NOT with SQL's three-valued logic.
type boolExpr struct {
	op   string // "and", "or", "not"
	args []expr
}

func (b *boolExpr) typ() *value.Type { return value.Bool }

func (b *boolExpr) eval(e *env) (any, error) {
	if b.op == "not" {
		v, err := b.args[0].eval(e)
		if err != nil || v == nil {
			return nil, err
		}
		return !v.(bool), nil
	}
	sawNull := false
	for _, a := range b.args {
		v, err := a.eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		if v.(bool) == (b.op == "or") {
			return v, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return b.op == "and", nil
}

// inExpr is x [NOT] IN (list): true if any element equals, else NULL if x
// or any element is NULL, else false.
type inExpr struct {
	x    expr
	list []expr
	not  bool
}

func (in *inExpr) typ() *value.Type { return value.Bool }

func (in *inExpr) eval(e *env) (any, error) {
	x, err := in.x.eval(e)
	if err != nil || x == nil {
		return nil, err
	}
	sawNull := false
	for _, el := range in.list {
		v, err := el.eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		c, err := compareValues(x, v)
		if err != nil {
			return nil, err
		}
		if c == 0 {
			return !in.not, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return in.not, nil
}

type nullTest struct {
	x      expr
	isNull bool
}

func (n *nullTest) typ() *value.Type { return value.Bool }

func (n *nullTest) eval(e *env) (any, error) {
	v, err := n.x.eval(e)
	if err != nil {
		return nil, err
	}
	if rec, ok := v.([]any); ok && n.x.typ().Fields != nil {
		// A row IS NULL when every field is, IS NOT NULL when none is.
		for _, f := range rec {
			if (f == nil) != n.isNull {
				return false, nil
			}
		}
		return true, nil
	}
	return (v == nil) == n.isNull, nil
}

// compareValues orders two non-NULL values of comparable types. Strings
// compare by bytes, which for UTF-8 is code point order: the C collation.
func compareValues(a, b any) (int, error) {
	_, an := a.(pgtype.Numeric)
	_, bn := b.(pgtype.Numeric)
	if an || bn {
		return numericCompare(a, b)
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), nil
		}
	case int64:
		switch y := b.(type) {
		case int64:
			return value.CmpOrdered(x, y), nil
		case float64:
			return cmpFloat(float64(x), y), nil
		}
	case float64:
		switch y := b.(type) {
		case float64:
			return cmpFloat(x, y), nil
		case int64:
			return cmpFloat(x, float64(y)), nil
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0, nil
			case !x:
				return -1, nil
			default:
				return 1, nil
			}
		}
	case value.JSON:
		if y, ok := b.(value.JSON); ok {
			return value.CompareJSON(x.V, y.V), nil
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), nil
		}
	case pgtype.Interval:
		if y, ok := b.(pgtype.Interval); ok {
			return value.CmpOrdered(value.IntervalMicros(x), value.IntervalMicros(y)), nil
		}
	case []any:
		if y, ok := b.([]any); ok {
			for i := 0; i < len(x) && i < len(y); i++ {
				if x[i] == nil || y[i] == nil {
					if (x[i] == nil) != (y[i] == nil) {
						if x[i] == nil {
							return 1, nil
						}
						return -1, nil
					}
					continue
				}
				c, err := compareValues(x[i], y[i])
				if err != nil || c != 0 {
					return c, err
				}
			}
			return value.CmpOrdered(int64(len(x)), int64(len(y))), nil
		}
	case []byte:
		if y, ok := b.([]byte); ok {
			return strings.Compare(string(x), string(y)), nil
		}
	}
	return 0, pgerr.New(pgerr.InternalError, "cannot compare %T with %T", a, b)
}

// cmpFloat orders NaN above every other value, as PostgreSQL does.
func cmpFloat(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// numericCompare compares exactly when both sides are numeric or integer,
// through float64 when one side is a float.
func numericCompare(a, b any) (int, error) {
	ra, okA := value.ToRat(a)
	rb, okB := value.ToRat(b)
	if okA && okB {
		return ra.Cmp(rb), nil
	}
	return cmpFloat(value.ToFloat(a), value.ToFloat(b)), nil
}
