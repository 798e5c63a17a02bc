package executor

import (
	"context"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/bind"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func (s *Session) prepare(ctx context.Context, st *Statement, paramOIDs []uint32) (*Prepared, error) {
	return (&stmtPlanner{Planner: &bind.Planner{BindSession: s}, Session: s}).planStatement(ctx, st, paramOIDs)
}

// planStatement plans one statement with a planner of its own.
func (s *stmtPlanner) planStatement(_ context.Context, st *Statement, paramOIDs []uint32) (*Prepared, error) {
	params := make([]*value.Type, len(paramOIDs))
	for i, oid := range paramOIDs {
		if oid == 0 || oid == value.Unknown.OID {
			continue
		}
		t, ok := value.Types[oid]
		if !ok {
			if name, builtin := pgcatalog.BuiltinType("", oid); builtin {
				return nil, bind.UnsupportedType(name)
			}
			return nil, pgerr.New(pgerr.UndefinedObject, "type with OID %d does not exist", oid)
		}
		params[i] = t
	}
	p := &Prepared{Statement: st}
	var err error
	n := st.node
	dml := isDML(n)
	if dml || (n.GetExplainStmt() != nil && isDML(n.GetExplainStmt().Query)) {
		// The rows of a write come from API reads, never from another
		// write (write_calls.go).
		defer s.WriteBarrier("an INSERT, UPDATE or DELETE statement")()
	}
	switch {
	case n.GetSelectStmt() != nil:
		var q exec.QueryPlan
		q, _, err = s.PlanQuery(nil, &params, nil, n.GetSelectStmt())
		if err == nil {
			p.plan, p.Columns = &queryStatement{q: q, sites: s.WriteSites}, q.OutputColumns()
		}
	case n.GetExplainStmt() != nil:
		var ep *explainPlan
		ep, err = s.planExplain(st, n.GetExplainStmt(), &params)
		if err == nil {
			p.plan, p.Columns = ep, ep.columns()
		}
	case n.GetInsertStmt() != nil:
		p.plan, p.Columns, err = s.planInsert(st, n.GetInsertStmt(), &params)
	case n.GetUpdateStmt() != nil:
		p.plan, p.Columns, err = s.planUpdate(st, n.GetUpdateStmt(), &params)
	case n.GetDeleteStmt() != nil:
		p.plan, p.Columns, err = s.planDelete(st, n.GetDeleteStmt(), &params)
	case n.GetVariableSetStmt() != nil:
		p.plan, err = s.planSet(n.GetVariableSetStmt())
	case n.GetVariableShowStmt() != nil:
		p.plan, err = s.planShow(n.GetVariableShowStmt())
		if err == nil {
			c, _ := p.plan.(utilityPlan)(s.Session)
			if c != nil {
				p.Columns = c.Columns()
			}
		}
	case n.GetTransactionStmt() != nil:
		p.plan, err = s.planTransaction(n.GetTransactionStmt())
	case n.GetCopyStmt() != nil:
		p.plan, p.Copy, err = s.planCopy(n.GetCopyStmt(), &params)
	case n.GetDiscardStmt() != nil:
		p.plan = utilityPlan(func(s *Session) (Cursor, error) { return tagCursor("DISCARD ALL"), nil })
	case n.GetDeallocateStmt() != nil:
		p.plan = utilityPlan(func(s *Session) (Cursor, error) { return tagCursor("DEALLOCATE ALL"), nil })
	default:
		err = pgerr.New(pgerr.FeatureNotSupported, "statement not supported: %s", bind.NodeName(n))
	}
	if err != nil {
		return nil, err
	}
	p.writes = dml || len(s.WriteSites) > 0
	if ep, ok := p.plan.(*explainPlan); ok {
		// Plain EXPLAIN calls nothing; EXPLAIN ANALYZE runs the statement.
		p.writes = ep.analyze && (isDML(n.GetExplainStmt().Query) || len(s.WriteSites) > 0)
	}
	p.perRowWrites = s.PerRowWrites > 0
	p.ParamOIDs = make([]uint32, len(params))
	for i, t := range params {
		switch t {
		case nil: // declared without a type and never used
			return nil, pgerr.New(pgerr.IndeterminateDatatype, "could not determine data type of parameter $%d", i+1)
		case value.Unknown:
			// A parameter nothing gave a type is text, as in SELECT $1.
			t = value.Text
			params[i] = t
		}
		p.ParamOIDs[i] = t.OID
	}
	return p, nil
}

// isDML reports whether a statement is an INSERT, UPDATE or DELETE.
func isDML(n *pg_query.Node) bool {
	return n.GetInsertStmt() != nil || n.GetUpdateStmt() != nil || n.GetDeleteStmt() != nil
}

// stmtPlanner plans the statements that need the Session itself (COPY,
// EXPLAIN, INSERT, UPDATE, DELETE) around a planner.
type stmtPlanner struct {
	*bind.Planner
	*Session
}
