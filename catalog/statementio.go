package catalog

import "sync/atomic"

// StatementIO is what a running statement's scans have done against AWS:
// sources (account and region pairs) finished out of those started, rows
// received, and whether a scan waits on the API now. vpnsql.progress and
// pg_stat_activity's wait_event read it while the statement runs. The
// zero value is ready; a nil *StatementIO ignores every call.
type StatementIO struct {
	sourcesTotal, sourcesDone, rows atomic.Int64
	waiting                         atomic.Int64
}

// Started adds n sources a scan will call.
func (io *StatementIO) Started(n int) {
	if io != nil {
		io.sourcesTotal.Add(int64(n))
	}
}

// Done notes a finished source and its rows.
func (io *StatementIO) Done(rows int) {
	if io != nil {
		io.sourcesDone.Add(1)
		io.rows.Add(int64(rows))
	}
}

// Wait marks a wait on the API; the returned function ends it.
func (io *StatementIO) Wait() func() {
	if io == nil {
		return func() {}
	}
	io.waiting.Add(1)
	return func() { io.waiting.Add(-1) }
}

// Snapshot reads the counters.
func (io *StatementIO) Snapshot() (sourcesDone, sourcesTotal, rows int64, waiting bool) {
	if io == nil {
		return 0, 0, 0, false
	}
	return io.sourcesDone.Load(), io.sourcesTotal.Load(), io.rows.Load(), io.waiting.Load() > 0
}
