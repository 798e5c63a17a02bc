package executor

import (
	"context"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/bind"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/stmt"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func (s *Session) prepare(ctx context.Context, st *Statement, paramOIDs []uint32, noParams bool) (*Prepared, error) {
	return (&stmtPlanner{Planner: &bind.Planner{BindSession: s, NoParams: noParams}, Session: s}).planStatement(ctx, st, paramOIDs)
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
	tree := st.tree
	switch tree.Kind {
	case stmt.KindSelect:
		var q exec.QueryPlan
		if q, err = stmt.PlanSelect(s.Planner, tree, &params); err == nil {
			p.plan, p.Columns = &queryStatement{q: q, sites: s.WriteSites}, q.OutputColumns()
		}
		p.writes = len(s.WriteSites) > 0
	case stmt.KindExplain:
		var ep *explainPlan
		if ep, err = s.planExplain(tree, &params); err == nil {
			p.plan, p.Columns = ep, ep.columns()
			// Plain EXPLAIN calls nothing; EXPLAIN ANALYZE runs the statement.
			p.writes = ep.analyze && (ep.dml != nil || len(s.WriteSites) > 0)
		}
	case stmt.KindInsert, stmt.KindUpdate, stmt.KindDelete:
		var d *dmlPlan
		if d, err = s.planDML(tree, &params); err == nil {
			p.plan, p.Columns = d, d.Columns
		}
		p.writes = true
	case stmt.KindSet:
		var v stmt.Set
		if v, err = stmt.BindSet(tree); err == nil {
			p.plan = s.planSet(v)
		}
	case stmt.KindShow:
		p.plan = s.planShow(stmt.ShowName(tree))
		if c, _ := p.plan.(utilityPlan)(s.Session); c != nil {
			p.Columns = c.Columns()
		}
	case stmt.KindTransaction:
		p.plan, err = s.planTransaction(stmt.BindTransaction(tree))
	case stmt.KindCopy:
		p.plan, p.Copy, err = s.planCopy(tree, &params)
		p.writes = len(s.WriteSites) > 0
	case stmt.KindDiscard:
		p.plan = utilityPlan(func(s *Session) (Cursor, error) { return tagCursor("DISCARD ALL"), nil })
	case stmt.KindDeallocate:
		p.plan = utilityPlan(func(s *Session) (Cursor, error) { return tagCursor("DEALLOCATE ALL"), nil })
	default:
		e := pgerr.New(pgerr.FeatureNotSupported, "statement not supported: %s", tree.Name())
		switch tree.Name() {
		case "PrepareStmt", "ExecuteStmt":
			e = e.WithHint("PREPARE and EXECUTE run as statements of a simple Query; through the extended protocol, use its own prepared statements (Parse, Bind and Execute).")
		case "DeclareCursorStmt", "FetchStmt", "ClosePortalStmt":
			e = e.WithHint("DECLARE, FETCH, MOVE and CLOSE run as statements of a simple Query; through the extended protocol, use its portals (Bind, and Execute with a row limit).")
		}
		err = e
	}
	if err != nil {
		return nil, err
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
	// A constant that failed to fold fails the statement after the whole
	// of it is analysed, as in PostgreSQL (bind/fold.go).
	if err := s.FoldErr(); err != nil {
		return nil, err
	}
	return p, nil
}

// stmtPlanner plans the statements that need the Session itself (COPY,
// EXPLAIN, INSERT, UPDATE, DELETE) around a planner.
type stmtPlanner struct {
	*bind.Planner
	*Session
}
