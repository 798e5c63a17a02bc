package stmt

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/bind"
)

// SQLPrepare is a PREPARE statement's parts as SQL text, which the session
// parses and plans like any statement: the server runs PREPARE, as
// prepared statements are protocol state.
type SQLPrepare struct {
	Name string
	// Types selects a NULL cast to each declared parameter type, so that
	// planning it resolves them as a cast does ("" when none is declared).
	Types string
	Query string // the statement prepared
}

// SQLExecute is an EXECUTE statement's parts as SQL text.
type SQLExecute struct {
	Name string
	Args string // selects the arguments, in order ("" when there are none)
	N    int    // how many arguments
}

// Prepare reports whether the statement is PREPARE, and its parts.
func (st *Statement) Prepare() (p SQLPrepare, ok bool, err error) {
	n := st.node.GetPrepareStmt()
	if n == nil {
		return p, false, nil
	}
	p.Name = n.Name
	if p.Query, err = bind.DeparseStatement(n.Query); err != nil {
		return p, true, err
	}
	if len(n.Argtypes) > 0 {
		targets := make([]*pg_query.Node, len(n.Argtypes))
		for i, t := range n.Argtypes {
			null := &pg_query.Node{Node: &pg_query.Node_AConst{AConst: &pg_query.A_Const{Isnull: true}}}
			cast := &pg_query.Node{Node: &pg_query.Node_TypeCast{TypeCast: &pg_query.TypeCast{Arg: null, TypeName: t.GetTypeName(), Location: -1}}}
			targets[i] = pg_query.MakeResTargetNodeWithVal(cast, -1)
		}
		p.Types, err = bind.DeparseStatement(selectOf(targets))
	}
	return p, true, err
}

// Execute reports whether the statement is EXECUTE, and its parts.
func (st *Statement) Execute() (e SQLExecute, ok bool, err error) {
	n := st.node.GetExecuteStmt()
	if n == nil {
		return e, false, nil
	}
	e.Name, e.N = n.Name, len(n.Params)
	if e.N > 0 {
		targets := make([]*pg_query.Node, e.N)
		for i, a := range n.Params {
			targets[i] = pg_query.MakeResTargetNodeWithVal(a, -1)
		}
		e.Args, err = bind.DeparseStatement(selectOf(targets))
	}
	return e, true, err
}

func selectOf(targets []*pg_query.Node) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: &pg_query.SelectStmt{
		TargetList: targets, Op: pg_query.SetOperation_SETOP_NONE, LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT}}}
}
