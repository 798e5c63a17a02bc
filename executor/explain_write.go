package executor

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// EXPLAIN of INSERT, UPDATE and DELETE: plan before apply. The write runs
// through the same code as its execution (dmlPlan.write and the table's
// Insert/Update/Delete) with catalog.WriteOptions.Plan: it reads what it
// needs (the rows an UPDATE or DELETE matches, the unique index check of
// an INSERT) and lists each changing call it would make, with region,
// Account and parameters (pre-shared keys redacted), without making it.
// Plain EXPLAIN changes nothing, so it is allowed in a transaction block
// and on a --read-only server. EXPLAIN ANALYZE runs the write, through
// every write rule, and lists the calls made with their outcome and
// request id.

func (p *explainPlan) openWrite(ctx context.Context, s *Session, params []any) (Cursor, error) {
	d := p.dml
	var (
		res catalog.WriteResult
		e   *expr.Env
		err error
	)
	start := time.Now()
	if p.analyze {
		if err := s.checkWrite(d.Verb, d.Table, d.Scan != nil && d.Where == nil); err != nil {
			return nil, err
		}
		opt, err := s.writeOptions(len(d.Returning) > 0)
		if err != nil {
			return nil, err
		}
		if res, e, err = d.write(ctx, s, params, opt); err != nil {
			return nil, err
		}
	} else if res, e, err = d.write(ctx, s, params, catalog.WriteOptions{Plan: true}); err != nil {
		return nil, err
	}
	execTime := time.Since(start)
	root := explainWrite(d, p.verbose)
	root.calls = res.Calls
	if p.analyze {
		root.rows = len(res.Rows)
	}
	annotate(root, e, false)
	return p.render(root, execTime), nil
}

// explainWrite is the plan tree of a write: the table node holding the
// Calls, over the rows' source.
func explainWrite(d *dmlPlan, verbose bool) *planNode {
	verb := strings.ToUpper(d.Verb[:1]) + strings.ToLower(d.Verb[1:])
	root := &planNode{name: verb + " on " + d.Table.Name(), rows: -1}
	var child *planNode
	switch {
	case d.Scan != nil:
		child = explainRelation(d.Scan, verbose)
		if d.WhereText != "" {
			child.props = append(child.props, planProp{"Filter", d.WhereText})
		}
	case d.Query != nil:
		child = explainQuery(d.Query, verbose)
	case len(d.Values) > 1:
		child = &planNode{name: `Values Scan on "*VALUES*"`, rows: -1}
	default:
		child = &planNode{name: "Result", rows: -1}
	}
	root.children = []*planNode{child}
	return root
}

// callText is one call in the text format: action, where, the row, the
// parameters as JSON, and with ANALYZE the outcome.
func callText(c catalog.CallRecord, analyze bool) string {
	row := c.Key
	if row == "" {
		row = fmt.Sprintf("row %d", c.Row+1)
	}
	var params strings.Builder
	enc := json.NewEncoder(&params)
	enc.SetEscapeHTML(false) // "<redacted>" as it is
	enc.Encode(c.Params)
	out := fmt.Sprintf("%s in %s (account %s) for %s: %s", c.Action, c.Region, c.Account, row, strings.TrimSpace(params.String()))
	if analyze {
		out += " -> " + c.Result
		if c.RequestID != "" {
			out += ", request id " + c.RequestID
		}
	}
	return out
}

// callsJSON is the calls in the JSON format.
func callsJSON(calls []catalog.CallRecord) []any {
	out := make([]any, len(calls))
	for i, c := range calls {
		m := map[string]any{"Action": c.Action, "Region": c.Region, "Account": c.Account,
			"Row": json.Number(fmt.Sprint(c.Row + 1)), "Parameters": value.JSONNumbers(c.Params), "Result": c.Result}
		if c.Key != "" {
			m["Key"] = c.Key
		}
		if c.RequestID != "" {
			m["Request Id"] = c.RequestID
		}
		out[i] = m
	}
	return out
}

// writeScan finds the first scan of a write function in a plan tree.
func writeScan(n *planNode) *planNode {
	if n.writes {
		return n
	}
	for _, c := range n.children {
		if w := writeScan(c); w != nil {
			return w
		}
	}
	return nil
}
