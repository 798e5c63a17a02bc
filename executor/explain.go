package executor

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/bind"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/stmt"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// EXPLAIN shows the plan as PostgreSQL's text (or JSON) format does, with
// costs left out (there are none to estimate: every scan is an API call).
// A scan of a resource table lists the regions, accounts and exact API
// parameters it sends; ANALYZE runs the statement and adds, per scan, the
// Calls made, cache hits, API time and rows.

type explainPlan struct {
	query   exec.QueryPlan
	dml     *dmlPlan // EXPLAIN of INSERT, UPDATE, DELETE (explain_write.go)
	analyze bool
	verbose bool
	json    bool
	planned time.Duration
}

// planNode is one line of the plan tree with its properties.
type planNode struct {
	name     string
	props    []planProp
	children []*planNode
	rows     int // actual rows, with ANALYZE (-1 unknown)
	scan     *exec.TableScan
	calls    []catalog.CallRecord // API calls of a write (explain_write.go)
	writes   bool                 // a scan of a write function (ec2.f(...))
}

type planProp struct{ key, value string }

func (s *stmtPlanner) planExplain(st *stmt.Statement, params *[]*value.Type) (*explainPlan, error) {
	ex, err := stmt.BindExplain(st)
	if err != nil {
		return nil, err
	}
	p := &explainPlan{analyze: ex.Analyze, verbose: ex.Verbose, json: ex.JSON}
	s.Explain = true
	if ex.Target.IsWrite() {
		p.dml, err = s.planDML(ex.Target, params)
		return p, err
	}
	if ex.Target.Kind != stmt.KindSelect {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "EXPLAIN supports SELECT, INSERT, UPDATE and DELETE only")
	}
	start := time.Now()
	q, err := stmt.PlanSelect(s.Planner, ex.Target, params)
	if err != nil {
		return nil, err
	}
	p.query, p.planned = q, time.Since(start)
	return p, nil
}

func (p *explainPlan) columns() []expr.Column {
	t := value.Text
	if p.json {
		t = value.JSONType
	}
	return []expr.Column{{Name: "QUERY PLAN", TypeOID: t.OID, TypeLen: t.Len, TypeMod: -1}}
}

func (p *explainPlan) Open(ctx context.Context, s *Session, params []any) (Cursor, error) {
	if p.dml != nil {
		return p.openWrite(ctx, s, params)
	}
	e := &expr.Env{Ctx: ctx, Session: s, Params: params, Exec: s.newExecState()}
	root := explainQuery(p.query, p.verbose)
	var execTime time.Duration
	var calls []catalog.CallRecord
	fn := writeScan(root)
	if fn != nil {
		e.Exec.WriteCalls = &calls
	}
	if fn != nil && !p.analyze {
		// The write functions' calls, planned: the query runs (its reads
		// are made) with every call of a write function only listed.
		e.Exec.PlanWrites = true
		if _, err := exec.PlanRows(e, p.query); err != nil {
			return nil, err
		}
	}
	if p.analyze {
		e.Exec.Stats = map[any]*expr.ScanRecord{}
		start := time.Now()
		rows, err := exec.PlanRows(e, p.query)
		if err != nil {
			return nil, err
		}
		execTime = time.Since(start)
		root.rows = len(rows)
	}
	annotate(root, e, p.analyze)
	if fn != nil {
		fn.calls = calls
	}
	return p.render(root, execTime), nil
}

// render writes the plan tree in the requested format.
func (p *explainPlan) render(root *planNode, execTime time.Duration) Cursor {
	if p.json {
		return explainCursor(p.columns(), [][]any{{p.jsonPlan(root, execTime)}})
	}
	var lines []string
	renderText(root, 0, true, &lines, p.analyze)
	if p.analyze {
		lines = append(lines, fmt.Sprintf("Planning Time: %.3f ms", ms(p.planned)), fmt.Sprintf("Execution Time: %.3f ms", ms(execTime)))
	}
	rows := make([][]any, len(lines))
	for i, l := range lines {
		rows[i] = []any{l}
	}
	return explainCursor(p.columns(), rows)
}

// explainCursor's command tag is plain EXPLAIN, as PostgreSQL's.
func explainCursor(cols []expr.Column, rows [][]any) Cursor {
	c := newRowsCursor(cols, rows, "EXPLAIN")
	c.fixed = true
	return c
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// annotate adds each scan's API description (and, with ANALYZE, what it
// did) to its node.
func annotate(n *planNode, e *expr.Env, analyze bool) {
	if n.scan != nil {
		req, err := n.scan.ScanRequest(e)
		if err == nil {
			for _, line := range n.scan.Table.Explain(req) {
				k, v, _ := strings.Cut(line, ": ")
				n.props = append(n.props, planProp{k, v})
			}
		}
		if analyze {
			if r := e.Exec.Stats[n.scan]; r != nil {
				n.rows = r.Rows
				if n.scan.Table.Explain(req) != nil {
					n.props = append(n.props,
						planProp{"API Calls Made", fmt.Sprint(r.Stats.Calls)},
						planProp{"Cache Hits", fmt.Sprint(r.Stats.CacheHits)},
						planProp{"API Time", fmt.Sprintf("%.3f ms", ms(r.Stats.APITime))})
				}
			} else {
				n.rows = 0
			}
		}
	}
	for _, c := range n.children {
		annotate(c, e, analyze)
	}
}

func renderText(n *planNode, depth int, root bool, lines *[]string, analyze bool) {
	indent := strings.Repeat(" ", depth)
	head := indent + n.name
	if !root {
		head = indent + "->  " + n.name
	}
	if analyze && n.rows >= 0 {
		head += fmt.Sprintf("  (actual rows=%d loops=1)", n.rows)
	}
	*lines = append(*lines, head)
	propIndent := indent + "  "
	if !root {
		propIndent = indent + "      "
	}
	for _, p := range n.props {
		*lines = append(*lines, propIndent+p.key+": "+p.value)
	}
	for i, c := range n.calls {
		*lines = append(*lines, propIndent+fmt.Sprintf("API Call %d: %s", i+1, callText(c, analyze)))
	}
	childDepth := depth + 2
	if !root {
		childDepth = depth + 6
	}
	for _, c := range n.children {
		renderText(c, childDepth, false, lines, analyze)
	}
}

func (p *explainPlan) jsonPlan(root *planNode, execTime time.Duration) value.JSON {
	var conv func(n *planNode) map[string]any
	conv = func(n *planNode) map[string]any {
		m := map[string]any{"Node Type": n.name}
		if kind, rel, ok := strings.Cut(n.name, " on "); ok {
			m["Node Type"] = kind
			m["Relation Name"] = rel
		}
		for _, pr := range n.props {
			m[pr.key] = pr.value
		}
		if p.analyze && n.rows >= 0 {
			m["Actual Rows"] = json.Number(fmt.Sprint(n.rows))
			m["Actual Loops"] = json.Number("1")
		}
		if len(n.calls) > 0 {
			m["API Calls"] = callsJSON(n.calls)
		}
		if len(n.children) > 0 {
			var kids []any
			for _, c := range n.children {
				kids = append(kids, conv(c))
			}
			m["Plans"] = kids
		}
		return m
	}
	top := map[string]any{"Plan": conv(root)}
	if p.analyze {
		top["Planning Time"] = json.Number(fmt.Sprintf("%.3f", ms(p.planned)))
		top["Execution Time"] = json.Number(fmt.Sprintf("%.3f", ms(execTime)))
	}
	return value.JSON{V: []any{top}}
}

// explainQuery builds the plan tree of a query.
func explainQuery(q exec.QueryPlan, verbose bool) *planNode {
	switch q := q.(type) {
	case *exec.SelectPlan:
		return explainSelect(q, verbose)
	case *exec.SetOpPlan:
		name := map[exec.SetOp]string{
			exec.Union:     "Append",
			exec.Intersect: "HashSetOp Intersect",
			exec.Except:    "HashSetOp Except",
		}[q.Op]
		n := &planNode{name: name, rows: -1, children: []*planNode{explainQuery(q.Left, verbose), explainQuery(q.Right, verbose)}}
		if q.Op == exec.Union && !q.All {
			n = &planNode{name: "HashAggregate", rows: -1, children: []*planNode{n}}
		}
		return wrapLimitSort(n, q.SortKeys, q.Limit != nil || q.Offset != nil)
	case *exec.RecursivePlan:
		return &planNode{name: "Recursive Union", rows: -1, children: []*planNode{explainQuery(q.Base, verbose), explainQuery(q.Step, verbose)}}
	}
	return &planNode{name: "Result", rows: -1}
}

func wrapLimitSort(n *planNode, keys []expr.SortKey, limit bool) *planNode {
	if len(keys) > 0 {
		n = &planNode{name: "Sort", rows: -1, children: []*planNode{n}}
	}
	if limit {
		n = &planNode{name: "Limit", rows: -1, children: []*planNode{n}}
	}
	return n
}

func explainSelect(p *exec.SelectPlan, verbose bool) *planNode {
	n := explainRelation(p.From, verbose)
	if p.WhereText != "" {
		if n.scan != nil || n.name == "Result" {
			n.props = append(n.props, planProp{"Filter", p.WhereText})
		} else {
			n = &planNode{name: "Result", rows: -1, props: []planProp{{"Filter", p.WhereText}}, children: []*planNode{n}}
		}
	}
	if p.Agg != nil {
		name := "Aggregate"
		var props []planProp
		if len(p.Agg.Groups) > 0 {
			name = "HashAggregate"
			props = append(props, planProp{"Group Key", strings.Join(p.GroupText, ", ")})
		}
		if p.HavingText != "" {
			props = append(props, planProp{"Filter", p.HavingText})
		}
		n = &planNode{name: name, rows: -1, props: props, children: []*planNode{n}}
	}
	if p.Windows != nil {
		n = &planNode{name: "WindowAgg", rows: -1, children: []*planNode{n}}
	}
	if len(p.Srfs) > 0 {
		n = &planNode{name: "ProjectSet", rows: -1, children: []*planNode{n}}
	}
	if verbose {
		var out []string
		for _, c := range p.Columns {
			out = append(out, c.Name)
		}
		n.props = append([]planProp{{"Output", strings.Join(out, ", ")}}, n.props...)
	}
	if p.Distinct {
		n = &planNode{name: "HashAggregate", rows: -1, props: []planProp{{"Group Key", "(all output columns)"}}, children: []*planNode{n}}
	}
	if len(p.SortKeys) > 0 {
		n = &planNode{name: "Sort", rows: -1, props: []planProp{{"Sort Key", strings.Join(p.SortText, ", ")}}, children: []*planNode{n}}
	}
	if p.DistinctOn != nil {
		n = &planNode{name: "Unique", rows: -1, children: []*planNode{n}}
	}
	if p.Limit != nil || p.Offset != nil {
		n = &planNode{name: "Limit", rows: -1, children: []*planNode{n}}
	}
	return n
}

func explainRelation(r exec.Relation, verbose bool) *planNode {
	switch r := r.(type) {
	case exec.OneRow:
		return &planNode{name: "Result", rows: -1}
	case *exec.TableScan:
		name := "Seq Scan on " + r.Table.Name()
		if r.Table.Explain(catalog.ScanRequest{}) != nil {
			name = "Foreign Scan on " + r.Table.Schema() + "." + r.Table.Name()
		}
		if len(r.Cols) > 0 && r.Cols[0].Rel != r.Table.Name() {
			name += " " + r.Cols[0].Rel
		}
		return &planNode{name: name, rows: -1, scan: r}
	case *exec.JoinRel:
		name := "Nested Loop"
		if lk, _ := exec.HashKeys(r.Cond, exec.Width(r.Left)); len(lk) > 0 && !r.Lateral && !exec.LookupJoin(r) {
			name = "Hash Join"
		}
		n := &planNode{name: name, rows: -1, children: []*planNode{explainRelation(r.Left, verbose), explainRelation(r.Right, verbose)}}
		if r.Kind != "inner" && r.Kind != "cross" {
			n.name += " " + strings.ToUpper(r.Kind[:1]) + r.Kind[1:] + " Join"
		}
		if r.CondText != "" {
			n.props = append(n.props, planProp{"Join Filter", r.CondText})
		}
		if by := exec.NarrowedBy(r); by != nil {
			n.props = append(n.props, planProp{"Inner Scan Narrowed By", fmt.Sprintf("%s (outer side of at most %d rows)", strings.Join(by, ", "), exec.NarrowLimit)})
		}
		return n
	case *exec.SubqueryRel:
		alias := ""
		if len(r.Cols) > 0 {
			alias = r.Cols[0].Rel
		}
		if _, ok := r.CacheKey.(*bind.CteDef); ok {
			return &planNode{name: "CTE Scan on " + alias, rows: -1, children: []*planNode{explainQuery(r.Plan, verbose)}}
		}
		return &planNode{name: "Subquery Scan on " + alias, rows: -1, children: []*planNode{explainQuery(r.Plan, verbose)}}
	case *exec.FunctionRel:
		alias := ""
		if len(r.Cols) > 0 {
			alias = r.Cols[0].Rel
		}
		return &planNode{name: "Function Scan on " + alias, rows: -1, writes: r.Fn.SideEffects}
	case *exec.ValuesRel:
		return &planNode{name: `Values Scan on "*VALUES*"`, rows: -1}
	case *exec.UsingRel:
		return explainRelation(r.Join, verbose)
	case *exec.FilterRel:
		// The WHERE clause shown above lists the condition applied here,
		// unless it was moved below a write call (write_calls.go).
		n := explainRelation(r.Rel, verbose)
		if r.Text != "" {
			n.props = append(n.props, planProp{"Filter", r.Text})
		}
		return n
	case *exec.WorkTable:
		return &planNode{name: "WorkTable Scan", rows: -1}
	}
	return &planNode{name: "Result", rows: -1}
}
