package expr

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// ScanRecord is what ANALYZE learned about one scan.
type ScanRecord struct {
	Stats catalog.ScanStats
	Rows  int
	Loops int
}

// Session is what evaluating an expression may ask of the session
// running it; Session implements it, and an expression sees no more.
type Session interface {
	// Clock is when the current statement and its transaction began.
	Clock() (statement, transaction time.Time)
	CurrentSchema() any
	SearchPath() []string
	CatalogSession() catalog.Session
	CatalogTables() []catalog.Table
	Snapshot() *pgcatalog.Snapshot
	StatementTimeLeft() (time.Duration, bool)
	BackendPID() int32
	SettingValue(name string) (string, bool)
	// SetConfig is set_config(): SET (or RESET when reset) from a query;
	// it returns the value in force after it.
	SetConfig(name, value string, reset, local bool) (string, error)
	RegIn(typeOID uint32, text string) (int64, error)
	RegOut(typeOID uint32, oid int64) string
	CallMethod(e *Env, m catalog.Method, args []any) ([][]any, error)
	CheckWriteSites(e *Env, sites []*WriteSite) error
	// SignalBackend is pg_cancel_backend and pg_terminate_backend.
	SignalBackend(ctx context.Context, pid int32, terminate bool, timeout time.Duration) (bool, error)
	// AdvisoryLock, AdvisoryUnlock and AdvisoryUnlockAll are the
	// pg_advisory_* functions.
	AdvisoryLock(ctx context.Context, key AdvisoryKey, shared, xact, try bool) (bool, error)
	AdvisoryUnlock(key AdvisoryKey, shared bool) bool
	AdvisoryUnlockAll()
}

// AdvisoryKey names an advisory lock: one bigint, or (Pair) two int4s,
// which PostgreSQL keeps apart from the bigint of the same bits.
type AdvisoryKey struct {
	A, B int64
	Pair bool
}

// String is the key as PostgreSQL's deadlock report shows an advisory
// lock's tag, [key1,key2,kind] without the database: a bigint is split
// into its high and low 32 bits (kind 1), a pair is itself (kind 2).
func (k AdvisoryKey) String() string {
	if k.Pair {
		return fmt.Sprintf("[%d,%d,2]", uint32(k.A), uint32(k.B))
	}
	return fmt.Sprintf("[%d,%d,1]", uint32(uint64(k.A)>>32), uint32(k.A))
}

// Env is what an expression is evaluated against: the current row and the
// statement's parameters.
type Env struct {
	Ctx     context.Context
	Session Session
	Row     []any
	Params  []any
	outer   *Env        // the enclosing query level's row, for correlated references
	Exec    *ExecState  // shared by every level of one execution
	SRF     map[any]any // current values of select-list SRFs
}

// ExecState is per execution of a statement: results of uncorrelated
// subqueries and CTEs are computed once and shared.
type ExecState struct {
	Mem memAccount // nil: unlimited
	// Cache holds rows a statement computes once and reads again (an
	// uncorrelated subquery's, a CTE's): Keep adds to it, made at the
	// first.
	Cache map[any][][]any
	Stats map[any]*ScanRecord // EXPLAIN ANALYZE only
	// WriteCalls, when set, collects the calls of write functions (EXPLAIN
	// of a query calling ec2.f(...)); with planWrites the calls are only
	// planned, not made.
	WriteCalls *[]catalog.CallRecord
	PlanWrites bool
	// WriteChecked: the write call sites whose rules were checked;
	// CallsDone: the write calls made so far, for a later failure's DETAIL.
	WriteChecked map[*WriteSite]bool
	CallsDone    []string
	// Statement and Transaction are the session's Clock when the
	// execution began: a portal read after other statements ran keeps
	// its own now() and statement_timestamp().
	Statement, Transaction time.Time
	// StatementID identifies this execution among every statement the
	// server runs: the scans of one statement share API answers by it
	// (catalog.Freshness).
	StatementID uint64
}

// Keep puts rows in the cache under key.
func (s *ExecState) Keep(key any, rows [][]any) {
	if s.Cache == nil {
		s.Cache = map[any][][]any{}
	}
	s.Cache[key] = rows
}

// Now is now() and current_timestamp: the start of the transaction, as
// the statement's execution saw it.
func (e *Env) Now() time.Time {
	if e.Exec != nil && !e.Exec.Transaction.IsZero() {
		return e.Exec.Transaction
	}
	_, tx := e.Session.Clock()
	return tx
}

// StatementTime is statement_timestamp(): the start of the statement.
func (e *Env) StatementTime() time.Time {
	if e.Exec != nil && !e.Exec.Statement.IsZero() {
		return e.Exec.Statement
	}
	st, _ := e.Session.Clock()
	return st
}

// Nested returns an env one level down, whose outer context is e's row:
// for a subquery in an expression, or a LATERAL item.
func (e *Env) Nested() *Env {
	return &Env{Ctx: e.Ctx, Session: e.Session, Params: e.Params, outer: e, Exec: e.Exec}
}

// Sibling returns a fresh env at e's level, sharing e's outer context.
func (e *Env) Sibling() *Env {
	return &Env{Ctx: e.Ctx, Session: e.Session, Params: e.Params, outer: e.outer, Exec: e.Exec}
}

type OuterColExpr struct {
	Depth, Idx int
	T          *value.Type
}

func (c *OuterColExpr) Eval(e *Env) (any, error) {
	o := e
	for i := 0; i < c.Depth && o != nil; i++ {
		o = o.outer
	}
	if o == nil || c.Idx >= len(o.Row) {
		return nil, pgerr.New(pgerr.InternalError, "outer reference out of range")
	}
	return o.Row[c.Idx], nil
}

func (c *OuterColExpr) Type() *value.Type { return c.T }

// Expr is a bound, typed expression.
type Expr interface {
	Eval(e *Env) (any, error)
	Type() *value.Type
}

type ColExpr struct {
	Idx int
	T   *value.Type
}

func (c *ColExpr) Eval(e *Env) (any, error) { return e.Row[c.Idx], nil }

func (c *ColExpr) Type() *value.Type { return c.T }

type ConstExpr struct {
	V any
	T *value.Type
	// Loc is where a literal of the statement starts (located is false
	// for constants the binder made): PostgreSQL points an error reading
	// a literal at the literal itself.
	Loc     int32
	Located bool
}

func (c *ConstExpr) Eval(*Env) (any, error) { return c.V, nil }

func (c *ConstExpr) Type() *value.Type { return c.T }

// ParamExpr is $n; its type is settled when the statement is prepared.
type ParamExpr struct {
	N     int // 1-based
	Types *[]*value.Type
}

func (p *ParamExpr) Eval(e *Env) (any, error) {
	if p.N > len(e.Params) {
		return nil, pgerr.New(pgerr.UndefinedParameter, "there is no parameter $%d", p.N)
	}
	return e.Params[p.N-1], nil
}

func (p *ParamExpr) Type() *value.Type {
	t := (*p.Types)[p.N-1]
	if t == nil {
		return value.Unknown
	}
	return t
}

// FuncExpr applies a Go function to evaluated arguments. Unless lazy, a
// NULL argument makes the result NULL (a strict function).
type FuncExpr struct {
	Name   string
	Args   []Expr
	T      *value.Type
	Strict bool
	// FirstNonNull evaluates the arguments in order only until one is
	// not NULL, and returns it (COALESCE: a later argument is never
	// evaluated, so coalesce(1, 1/0) is 1); Fn is not called.
	FirstNonNull bool
	Fn           func(e *Env, args []any) (any, error)
}

func (f *FuncExpr) Type() *value.Type { return f.T }

func (f *FuncExpr) Eval(e *Env) (any, error) {
	if f.FirstNonNull {
		for _, a := range f.Args {
			if v, err := a.Eval(e); err != nil || v != nil {
				return v, err
			}
		}
		return nil, nil
	}
	vals := make([]any, len(f.Args))
	for i, a := range f.Args {
		v, err := a.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil && f.Strict {
			return nil, nil
		}
		vals[i] = v
	}
	return f.Fn(e, vals)
}

// BoolExpr is AND, OR or NOT with SQL's three-valued logic.
type BoolExpr struct {
	Op   string // "and", "or", "not"
	Args []Expr
}

func (b *BoolExpr) Type() *value.Type { return value.Bool }

func (b *BoolExpr) Eval(e *Env) (any, error) {
	if b.Op == "not" {
		v, err := b.Args[0].Eval(e)
		if err != nil || v == nil {
			return nil, err
		}
		return !v.(bool), nil
	}
	sawNull := false
	for _, a := range b.Args {
		v, err := a.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		if v.(bool) == (b.Op == "or") {
			return v, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return b.Op == "and", nil
}

// InExpr is x [NOT] IN (list): true if any element equals, else NULL if x
// or any element is NULL, else false.
type InExpr struct {
	X    Expr
	List []Expr
	Not  bool
}

func (in *InExpr) Type() *value.Type { return value.Bool }

func (in *InExpr) Eval(e *Env) (any, error) {
	x, err := in.X.Eval(e)
	if err != nil || x == nil {
		return nil, err
	}
	sawNull := false
	for _, el := range in.List {
		v, err := el.Eval(e)
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		c, err := CompareValues(x, v)
		if err != nil {
			return nil, err
		}
		if c == 0 {
			return !in.Not, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return in.Not, nil
}

type NullTest struct {
	X      Expr
	IsNull bool
}

func (n *NullTest) Type() *value.Type { return value.Bool }

func (n *NullTest) Eval(e *Env) (any, error) {
	v, err := n.X.Eval(e)
	if err != nil {
		return nil, err
	}
	if rec, ok := v.([]any); ok && n.X.Type().Fields != nil {
		// A row IS NULL when every field is, IS NOT NULL when none is.
		for _, f := range rec {
			if (f == nil) != n.IsNull {
				return false, nil
			}
		}
		return true, nil
	}
	return (v == nil) == n.IsNull, nil
}

// CompareValues orders two non-NULL values of comparable types. Strings
// compare by bytes, which for UTF-8 is code point order: the C collation.
func CompareValues(a, b any) (int, error) {
	_, an := a.(pgtype.Numeric)
	_, bn := b.(pgtype.Numeric)
	if an || bn {
		return NumericCompare(a, b)
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
				c, err := CompareValues(x[i], y[i])
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

// NumericCompare compares exactly when both sides are numeric or integer,
// through float64 when one side is a float.
func NumericCompare(a, b any) (int, error) {
	x, _ := value.ToNumeric(a)
	y, _ := value.ToNumeric(b)
	if x.Valid && y.Valid {
		// numeric_cmp: exact, and NaN and the infinities in their places.
		return value.NumericCmp(x, y), nil
	}
	return cmpFloat(value.ToFloat(a), value.ToFloat(b)), nil
}

// CheckProgress is called in long loops: it stops work for a cancelled
// statement (CancelRequest, statement_timeout). What the loop holds is
// charged to the statement's memory account (memory.go) where it is kept.
func CheckProgress(e *Env, i int) error {
	if i%1024 == 0 {
		return e.Ctx.Err()
	}
	return nil
}

// Snapshot is what exists for the session now.
func (e *Env) Snapshot() *pgcatalog.Snapshot { return e.Session.Snapshot() }

// Extreme is the greatest (sign 1) or least (sign -1) of the non-NULL
// values, NULL when there are none: GREATEST, LEAST, max and min.
//
// On a tie (0 and -0, 1.0 and 1.00, '1 mon' and '30 days') GREATEST and
// LEAST keep the first value, as ExecEvalMinMax does; the min and max
// aggregates (laterWins) take the later one, as float8smaller,
// numeric_smaller and interval_smaller return their second argument
// unless the first is strictly smaller.
func Extreme(vals []any, sign int, laterWins bool) (any, error) {
	var best any
	for _, v := range vals {
		if v == nil {
			continue
		}
		if best == nil {
			best = v
			continue
		}
		c, err := CompareValues(v, best)
		if err != nil {
			return nil, err
		}
		if c*sign > 0 || (c == 0 && laterWins) {
			best = v
		}
	}
	return best, nil
}
