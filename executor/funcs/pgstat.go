package funcs

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

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
