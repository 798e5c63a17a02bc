package funcs

import (
	"time"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// backendsFamily is what reaches other sessions of the server: the
// signalling functions (pg_cancel_backend, pg_terminate_backend) and the
// advisory locks (pg_advisory_*), as PostgreSQL 15 has them. The session
// (executor/backends.go) holds the rules; these only read arguments.
func backendsFamily() Family {
	i4 := []*value.Type{value.Int4}
	scalars := map[string]ScalarFunc{
		"pg_cancel_backend": strictFunc(value.Bool, i4, func(e *expr.Env, a []any) (any, error) {
			return e.Session.SignalBackend(e.Ctx, int32(a[0].(int64)), false, 0)
		}),
		"pg_terminate_backend": overloads(
			strictFunc(value.Bool, i4, func(e *expr.Env, a []any) (any, error) {
				return e.Session.SignalBackend(e.Ctx, int32(a[0].(int64)), true, 0)
			}),
			strictFunc(value.Bool, []*value.Type{value.Int4, value.Int8}, func(e *expr.Env, a []any) (any, error) {
				return e.Session.SignalBackend(e.Ctx, int32(a[0].(int64)), true, time.Duration(a[1].(int64))*time.Millisecond)
			})),
		"pg_advisory_unlock_all": strictFunc(value.Void, nil, func(e *expr.Env, _ []any) (any, error) {
			e.Session.AdvisoryUnlockAll()
			return "", nil
		}),
	}
	// Each lock function takes a bigint or two int4s.
	for _, f := range []struct {
		name              string
		shared, xact, try bool
		unlock            bool
	}{
		{name: "pg_advisory_lock"},
		{name: "pg_advisory_lock_shared", shared: true},
		{name: "pg_advisory_xact_lock", xact: true},
		{name: "pg_advisory_xact_lock_shared", shared: true, xact: true},
		{name: "pg_try_advisory_lock", try: true},
		{name: "pg_try_advisory_lock_shared", shared: true, try: true},
		{name: "pg_try_advisory_xact_lock", xact: true, try: true},
		{name: "pg_try_advisory_xact_lock_shared", shared: true, xact: true, try: true},
		{name: "pg_advisory_unlock", unlock: true},
		{name: "pg_advisory_unlock_shared", shared: true, unlock: true},
	} {
		result := value.Void
		if f.try || f.unlock {
			result = value.Bool
		}
		call := func(e *expr.Env, key expr.AdvisoryKey) (any, error) {
			if f.unlock {
				return e.Session.AdvisoryUnlock(key, f.shared), nil
			}
			ok, err := e.Session.AdvisoryLock(e.Ctx, key, f.shared, f.xact, f.try)
			if err != nil || f.try {
				return ok, err
			}
			return "", nil
		}
		scalars[f.name] = overloads(
			strictFunc(result, []*value.Type{value.Int8}, func(e *expr.Env, a []any) (any, error) {
				return call(e, expr.AdvisoryKey{A: a[0].(int64)})
			}),
			strictFunc(result, []*value.Type{value.Int4, value.Int4}, func(e *expr.Env, a []any) (any, error) {
				return call(e, expr.AdvisoryKey{A: a[0].(int64), B: a[1].(int64), Pair: true})
			}))
	}
	return Family{Name: "backends", Scalars: scalars}
}
