package executor

import (
	"context"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
)

// DefaultMaxAPICalls is vpnsql.max_api_calls' default: generous for any
// statement that means what it says (a scan of every region of a few
// accounts is tens of calls), small enough that a cross join feeding a
// write function stops before it fans out.
const DefaultMaxAPICalls = 1000

// resultLimits are vpnsql.max_result_rows and vpnsql.max_result_bytes for
// one statement's result, and what it has produced so far. Bytes are the
// rows' size as vpnsql holds them (expr.RowSize), about their text size.
type resultLimits struct {
	maxRows, maxBytes int64 // 0: no limit
	rows, bytes       int64
}

// count adds a row and refuses the one that crosses a limit.
func (l *resultLimits) count(row []any) error {
	l.rows++
	if l.maxRows > 0 && l.rows > l.maxRows {
		return pgerr.New(pgerr.ProgramLimitExceeded, "result exceeds vpnsql.max_result_rows (%d rows)", l.maxRows).
			WithHint("Add a LIMIT or a narrower WHERE, or raise vpnsql.max_result_rows for this session (0 is no limit).")
	}
	if l.maxBytes > 0 {
		l.bytes += expr.RowSize(row)
		if l.bytes > l.maxBytes {
			return pgerr.New(pgerr.ProgramLimitExceeded, "result exceeds vpnsql.max_result_bytes (%s)", FormatMemory(l.maxBytes)).
				WithHint("Select fewer columns or rows, or raise vpnsql.max_result_bytes for this session (0 is no limit).")
		}
	}
	return nil
}

// limitedContext charges ctx's API calls to budget.
func limitedContext(ctx context.Context, budget *catalog.CallBudget) context.Context {
	return catalog.WithCallBudget(ctx, budget)
}
