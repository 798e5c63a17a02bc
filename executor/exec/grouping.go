package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/value"
)

// AnyValue is the internal aggregate that reads a column functionally
// dependent on the grouping: every row of the group has the same value.
var AnyValue = funcs.AggregateDef{
	Result: func(args []expr.Expr) (*value.Type, error) { return args[0].Type(), nil },
	Final: func(rows [][]any, _ *value.Type) (any, error) {
		if len(rows) == 0 {
			return nil, nil
		}
		return rows[0][0], nil
	},
}
