package catalog

import (
	"reflect"
	"sync"
)

// A table's statistics, as PostgreSQL's ANALYZE would leave them: the row
// count of its last complete scan, one that sent no constraint (every
// region and account, no filter) and read to the end. pg_class.reltuples
// and pg_stat_*_tables.n_live_tup show it, so BI tools' row estimates are
// real; before the first such scan they say -1 and 0, as for a table
// never analysed.

// completeScans maps a table (by identity: each engine's catalog has its
// own) to its last complete scan's row count.
var completeScans sync.Map

// RecordCompleteScan records a complete scan of t that returned rows rows.
func RecordCompleteScan(t Table, rows int) {
	if t == nil || reflect.TypeOf(t).Kind() != reflect.Pointer {
		return // only a table with identity can be told apart from another engine's
	}
	if v, ok := completeScans.Load(t); !ok || v.(int64) != int64(rows) {
		completeScans.Store(t, int64(rows)) // a write only when it changes: every dashboard scan records one
	}
}

// LastCompleteScan is the row count of t's last complete scan; ok is
// false when it has had none.
func LastCompleteScan(t Table) (rows int64, ok bool) {
	if t == nil || reflect.TypeOf(t).Kind() != reflect.Pointer {
		return 0, false
	}
	v, ok := completeScans.Load(t)
	if !ok {
		return 0, false
	}
	return v.(int64), true
}
