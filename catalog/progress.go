package catalog

import (
	"context"

	"github.com/vpnsql/vpnsql/value"
)

// NewProgress returns vpnsql.progress: one row per running statement of
// the server, with the memory its account holds (docs/design.md,
// "Memory"). Its rows come from the scanning session (Session.Progress).
func NewProgress(oid uint32) Table { return progressView{oid: oid} }

type progressView struct{ oid uint32 }

var progressColumns = []Column{
	{Name: "pid", Type: value.Int4, Comment: "The process ID of the session running the statement (pg_stat_activity.pid)."},
	{Name: "query", Type: value.Text, Comment: "The statement's text."},
	{Name: "started", Type: value.Timestamptz, Comment: "When the statement started."},
	{Name: "memoryBytes", Type: value.Int8, Comment: "Estimated bytes the statement holds now (rows, sort, hash and aggregate state)."},
	{Name: "memoryPeakBytes", Type: value.Int8, Comment: "The most the statement has held."},
	{Name: "memoryLimitBytes", Type: value.Int8, Comment: "Its vpnsql.statement_mem in bytes; NULL when it has no limit."},
	{Name: "sourcesDone", Type: value.Int8, Comment: "AWS sources (account and region pairs) that have answered."},
	{Name: "sourcesTotal", Type: value.Int8, Comment: "AWS sources its scans have started to call."},
	{Name: "rows", Type: value.Int8, Comment: "Rows received from AWS so far."},
}

// IsView makes vpnsql.progress a view in the catalogs (View).
func (progressView) IsView() {}

func (progressView) Schema() string    { return "vpnsql" }
func (progressView) Name() string      { return "progress" }
func (v progressView) OID() uint32     { return v.oid }
func (progressView) Columns() []Column { return progressColumns }
func (progressView) PrimaryKey() []int { return nil }
func (progressView) Pushable(int) bool { return false }
func (progressView) Explain(ScanRequest) []string {
	return []string{"API Calls: none (running statements, from the server's memory)"}
}

func (progressView) Scan(ctx context.Context, _ ScanRequest) ([][]any, error) {
	s, ok := SessionFrom(ctx)
	if !ok || s.Progress == nil {
		return nil, nil
	}
	stmts := s.Progress()
	rows := make([][]any, len(stmts))
	for i, p := range stmts {
		var limit any
		if p.MemoryLimit > 0 {
			limit = p.MemoryLimit
		}
		rows[i] = []any{int64(p.PID), p.Query, p.Started, p.MemoryBytes, p.MemoryPeak, limit, p.SourcesDone, p.SourcesTotal, p.Rows}
	}
	return rows, nil
}
