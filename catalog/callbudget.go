package catalog

import (
	"context"
	"sync/atomic"

	"github.com/vpnsql/vpnsql/pgerr"
)

// CallBudget bounds the API calls one statement makes
// (vpnsql.max_api_calls), so a statement that fans out by accident (a
// cross join feeding a write function, a correlated subquery over many
// regions) stops with 54000 instead of making thousands of calls. Calls
// the read cache answers are free; concurrent scans share the budget.
type CallBudget struct {
	Limit int64 // 0: no limit
	used  atomic.Int64
}

type callBudgetKey struct{}

// WithCallBudget returns a context whose API calls b counts.
func WithCallBudget(ctx context.Context, b *CallBudget) context.Context {
	return context.WithValue(ctx, callBudgetKey{}, b)
}

// TakeCall counts one API call against ctx's budget, if any, and refuses
// it once the budget is spent.
func TakeCall(ctx context.Context) error {
	b, _ := ctx.Value(callBudgetKey{}).(*CallBudget)
	if b == nil || b.Limit <= 0 {
		return nil
	}
	if n := b.used.Add(1); n > b.Limit {
		return pgerr.New(pgerr.ProgramLimitExceeded, "statement exceeds vpnsql.max_api_calls (%d API calls)", b.Limit).
			WithHint("Narrow the statement with conditions on vpnConnectionId, region or accountId, or raise vpnsql.max_api_calls for this session (0 is no limit).")
	}
	return nil
}

// Used is the calls counted so far.
func (b *CallBudget) Used() int64 { return b.used.Load() }
