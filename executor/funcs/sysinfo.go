package funcs

import (
	"math"
	"math/big"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// More of PostgreSQL's system information functions that clients reach
// (DBeaver's and pgAdmin's schema lists, psql's \db): answered as a
// PostgreSQL 15 server with no temporary schemas, triggers, row security,
// transaction IDs assigned or JIT would answer.
func sysinfoFamily() Family {
	oid := []*value.Type{value.OIDType}
	constant := func(v any) func(*expr.Env, []any) (any, error) {
		return func(*expr.Env, []any) (any, error) { return v, nil }
	}
	return Family{Name: "sysinfo", Scalars: map[string]ScalarFunc{
		"pg_my_temp_schema":              strictFunc(value.OIDType, nil, constant(int64(0))),
		"pg_is_other_temp_schema":        strictFunc(value.Bool, oid, constant(false)),
		"pg_jit_available":               strictFunc(value.Bool, nil, constant(false)),
		"pg_trigger_depth":               strictFunc(value.Int4, nil, constant(int64(0))),
		"txid_current_if_assigned":       strictFunc(value.Int8, nil, constant(nil)),
		"pg_current_xact_id_if_assigned": strictFunc(value.XID8, nil, constant(nil)),
		// pg_default and pg_global live in the data directory: "".
		"pg_tablespace_location": strictFunc(value.Text, oid, constant("")),
		"row_security_active":    strictFunc(value.Bool, []*value.Type{value.Regclass}, constant(false)),
		// The configuration was loaded when the server started.
		"pg_conf_load_time": strictFunc(value.Timestamptz, nil, func(*expr.Env, []any) (any, error) { return postmasterStart, nil }),
		"pg_size_bytes":     strictFunc(value.Int8, []*value.Type{value.Text}, func(_ *expr.Env, a []any) (any, error) { return sizeBytes(a[0].(string)) }),
		// Sizes on disk: vpnsql stores nothing (as pg_relation_size).
		"pg_database_size": catalogFunc(value.Int8, true, func(_ *expr.Env, a []any, _ []*value.Type) (any, error) {
			if name, ok := a[0].(string); ok {
				if name != catalog.Database {
					return nil, pgerr.New(pgerr.InvalidCatalogName, "database %q does not exist", name)
				}
				return int64(0), nil
			}
			if o := oidArg(a[0]); o != catalog.OIDDatabase {
				// The privilege check finds no database (no role is a superuser).
				return nil, pgerr.New(pgerr.InvalidCatalogName, "database with OID %d does not exist", o)
			}
			return int64(0), nil
		}, sig(argObj)),
		// psql's \sf and \ef, DBeaver's function source.
		"pg_get_functiondef": catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			def, ok, err := e.Snapshot().FunctionDef(oidArg(a[0]))
			if !ok || err != nil {
				return nil, err
			}
			return def, nil
		}, sig(argOID)),
		"pg_describe_object": catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			d, ok, err := e.Snapshot().DescribeObject(oidArg(a[0]), oidArg(a[1]), a[2].(int64))
			if !ok || err != nil {
				return nil, err
			}
			return d, nil
		}, sig(argOID, argOID, argInt)),
		"pg_index_column_has_property": catalogFunc(value.Bool, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			return boolOrNull(e.Snapshot().IndexColumnProperty(oidArg(a[0]), a[1].(int64), a[2].(string)))
		}, sig(argOID, argInt, argText)),
		"pg_index_has_property": catalogFunc(value.Bool, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			return boolOrNull(e.Snapshot().IndexProperty(oidArg(a[0]), a[1].(string)))
		}, sig(argOID, argText)),
		"pg_indexam_has_property": catalogFunc(value.Bool, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			return boolOrNull(e.Snapshot().IndexAMProperty(oidArg(a[0]), a[1].(string)))
		}, sig(argOID, argText)),
		// The text of the statement the client sent (the whole Query
		// message, or the prepared statement's), as pg_stat_activity.query
		// shows it: with pre-shared keys removed.
		"current_query": strictFunc(value.Text, nil, func(e *expr.Env, _ []any) (any, error) {
			cs := e.Session.CatalogSession()
			if cs.Activity == nil {
				return nil, nil
			}
			for _, a := range cs.Activity() {
				if a.PID == e.Session.BackendPID() {
					return a.Query, nil
				}
			}
			return nil, nil
		}),
		// Resetting statistics and reloading the configuration are for
		// superusers, and no vpnsql role is one: as PostgreSQL refuses an
		// ordinary user (vpnsql keeps no counters to reset; serve reloads
		// its configuration on SIGHUP).
		"pg_stat_reset":  strictFunc(value.Void, nil, denied("pg_stat_reset")),
		"pg_reload_conf": strictFunc(value.Bool, nil, denied("pg_reload_conf")),
		"pg_tablespace_size": catalogFunc(value.Int8, true, func(_ *expr.Env, a []any, _ []*value.Type) (any, error) {
			if name, ok := a[0].(string); ok {
				if name != "pg_default" && name != "pg_global" {
					return nil, pgerr.New(pgerr.UndefinedObject, "tablespace %q does not exist", name)
				}
				return int64(0), nil
			}
			if o := oidArg(a[0]); o != 1663 && o != 1664 {
				return nil, pgerr.New(pgerr.UndefinedObject, "tablespace with OID %d does not exist", o)
			}
			return int64(0), nil
		}, sig(argObj)),
	}}
}

func boolOrNull(v, ok bool) (any, error) {
	if !ok {
		return nil, nil
	}
	return v, nil
}

// denied is a function's body that a role without EXECUTE may not run.
func denied(name string) func(*expr.Env, []any) (any, error) {
	return func(*expr.Env, []any) (any, error) {
		return nil, pgerr.New(pgerr.InsufficientPrivilege, "permission denied for function %s", name)
	}
}

// sizeUnits are pg_size_bytes' units, case-insensitive.
var sizeUnits = map[string]int64{"bytes": 1, "kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30, "tb": 1 << 40, "pb": 1 << 50}

// sizeBytes is pg_size_bytes: a number (a decimal, with an exponent if
// wanted), then optionally a unit; the bytes rounded to an integer.
func sizeBytes(s string) (any, error) {
	invalid := func() error {
		return pgerr.New(pgerr.InvalidParameterValue, "invalid size: %q", s)
	}
	t := strings.TrimSpace(s)
	end := 0
	for end < len(t) && strings.ContainsRune("+-0123456789.", rune(t[end])) {
		end++
	}
	if end < len(t) && (t[end] == 'e' || t[end] == 'E') {
		if e := end + 1; e < len(t) && strings.ContainsRune("+-0123456789", rune(t[e])) {
			end = e + 1
			for end < len(t) && t[end] >= '0' && t[end] <= '9' {
				end++
			}
		}
	}
	num, ok := new(big.Float).SetPrec(200).SetString(t[:end])
	if !ok || end == 0 {
		return nil, invalid()
	}
	unit := strings.TrimSpace(t[end:])
	mult := int64(1)
	if unit != "" {
		m, ok := sizeUnits[strings.ToLower(unit)]
		if !ok {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid size: %q", s).
				WithDetail("Invalid size unit: %q.", unit).
				WithHint(`Valid units are "bytes", "kB", "MB", "GB", "TB", and "PB".`)
		}
		mult = m
	}
	num.Mul(num, new(big.Float).SetInt64(mult))
	// Round half away from zero, as numeric's conversion to bigint does.
	half := big.NewFloat(0.5)
	if num.Sign() < 0 {
		half.Neg(half)
	}
	num.Add(num, half)
	n, acc := num.Int64()
	if (acc != big.Exact && (n == math.MaxInt64 || n == math.MinInt64)) || num.IsInf() {
		return nil, pgerr.New(pgerr.NumericValueOutOfRange, "bigint out of range")
	}
	return n, nil
}

// The pg_stat_get_* functions of one relation or function, which
// PostgreSQL's statistics views are built on and which clients call
// directly (DBeaver's index list calls pg_stat_get_numscans). vpnsql
// keeps no activity counters, so they agree with its statistics views
// (catalog/pgcatalog/pg_views.go): a relation's counters are 0 (but live
// tuples, the rows of its last complete scan) and its
// times NULL, as after pg_stat_reset(), for any OID, as PostgreSQL
// answers for a relation it has no statistics of; a function's are NULL,
// as PostgreSQL's are for a function it has not tracked.
func pgStatFamily() Family {
	zero := func(*expr.Env, []any) (any, error) { return int64(0), nil }
	null := func(*expr.Env, []any) (any, error) { return nil, nil }
	oid := []*value.Type{value.OIDType}
	f := Family{Name: "pgstat", Scalars: map[string]ScalarFunc{}}
	for _, name := range []string{"numscans", "tuples_returned", "tuples_fetched", "tuples_inserted",
		"tuples_updated", "tuples_deleted", "tuples_hot_updated", "dead_tuples", "mod_since_analyze", "ins_since_vacuum", "blocks_fetched", "blocks_hit", "vacuum_count",
		"autovacuum_count", "analyze_count", "autoanalyze_count"} {
		f.Scalars["pg_stat_get_"+name] = strictFunc(value.Int8, oid, zero)
	}
	// n_live_tup: the last complete scan's rows (catalog/stats.go).
	f.Scalars["pg_stat_get_live_tuples"] = strictFunc(value.Int8, oid, func(e *expr.Env, a []any) (any, error) {
		return e.Snapshot().LiveTuples(uint32(a[0].(int64))), nil
	})
	for _, name := range []string{"numscans", "tuples_returned", "tuples_fetched", "tuples_inserted",
		"tuples_updated", "tuples_deleted", "tuples_hot_updated", "blocks_fetched", "blocks_hit"} {
		f.Scalars["pg_stat_get_xact_"+name] = strictFunc(value.Int8, oid, zero)
	}
	for _, name := range []string{"last_vacuum_time", "last_autovacuum_time", "last_analyze_time", "last_autoanalyze_time"} {
		f.Scalars["pg_stat_get_"+name] = strictFunc(value.Timestamptz, oid, null)
	}
	for _, prefix := range []string{"pg_stat_get_", "pg_stat_get_xact_"} {
		f.Scalars[prefix+"function_calls"] = strictFunc(value.Int8, oid, null)
		f.Scalars[prefix+"function_self_time"] = strictFunc(value.Float8, oid, null)
		f.Scalars[prefix+"function_total_time"] = strictFunc(value.Float8, oid, null)
	}
	return f
}
