package stmt

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/pgerr"
)

// The utility statements that touch only session state (SET, RESET,
// SHOW, the transaction statements) bind to plain descriptions; the
// executor applies them to the session.

// SetKind is the form of a SET or RESET.
type SetKind uint8

const (
	SetValue       SetKind = iota // SET name = value
	SetDefault                    // SET name TO DEFAULT
	Reset                         // RESET name
	ResetAll                      // RESET ALL
	SetTransaction                // SET TRANSACTION ..., SET SESSION CHARACTERISTICS ...
)

// Set is a bound SET or RESET.
type Set struct {
	Kind  SetKind
	Name  string // SetTransaction: TRANSACTION, SESSION CHARACTERISTICS or TRANSACTION SNAPSHOT
	Value string // SetValue: the arguments as PostgreSQL flattens them
	Local bool   // SET LOCAL
	Modes []TxMode
}

// TxMode is one transaction characteristic of BEGIN, SET TRANSACTION or
// SET SESSION CHARACTERISTICS: the setting it sets (transaction_read_only,
// transaction_isolation, transaction_deferrable) and its value as SET
// takes it (on, off, an isolation level).
type TxMode struct{ Name, Value string }

// txModes reads the characteristics PostgreSQL's grammar gives as DefElems.
func txModes(nodes []*pg_query.Node) []TxMode {
	var out []TxMode
	for _, n := range nodes {
		d := n.GetDefElem()
		if d == nil {
			continue
		}
		m := TxMode{Name: d.Defname}
		switch v := d.Arg.GetAConst().GetVal().(type) {
		case *pg_query.A_Const_Sval:
			m.Value = v.Sval.Sval
		case *pg_query.A_Const_Ival:
			m.Value = "off"
			if v.Ival.Ival != 0 {
				m.Value = "on"
			}
		}
		out = append(out, m)
	}
	return out
}

// BindSet binds a SET or RESET statement.
func BindSet(st *Statement) (Set, error) {
	v := st.node.GetVariableSetStmt()
	out := Set{Name: v.Name, Local: v.IsLocal}
	switch v.Kind {
	case pg_query.VariableSetKind_VAR_SET_MULTI:
		out.Kind, out.Modes = SetTransaction, txModes(v.Args)
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		out.Kind = ResetAll
	case pg_query.VariableSetKind_VAR_RESET:
		out.Kind = Reset
	case pg_query.VariableSetKind_VAR_SET_DEFAULT:
		out.Kind = SetDefault
	case pg_query.VariableSetKind_VAR_SET_VALUE:
		val, err := settingValue(v.Args)
		if err != nil {
			return out, err
		}
		out.Kind, out.Value = SetValue, val
	default:
		return out, pgerr.New(pgerr.FeatureNotSupported, "SET form not supported")
	}
	return out, nil
}

// settingValue joins SET's arguments as PostgreSQL flattens them:
// SET search_path = a, b becomes "a, b".
func settingValue(args []*pg_query.Node) (string, error) {
	var parts []string
	for _, a := range args {
		switch {
		case a.GetAConst() != nil:
			switch v := a.GetAConst().Val.(type) {
			case *pg_query.A_Const_Sval:
				parts = append(parts, v.Sval.Sval)
			case *pg_query.A_Const_Ival:
				parts = append(parts, strconv.Itoa(int(v.Ival.Ival)))
			case *pg_query.A_Const_Fval:
				parts = append(parts, v.Fval.Fval)
			case *pg_query.A_Const_Boolval:
				parts = append(parts, strconv.FormatBool(v.Boolval.Boolval))
			}
		case a.GetTypeCast() != nil && a.GetTypeCast().Arg.GetAConst() != nil:
			// SET TIME ZONE INTERVAL '...' and similar.
			v, err := settingValue([]*pg_query.Node{a.GetTypeCast().Arg})
			if err != nil {
				return "", err
			}
			parts = append(parts, v)
		default:
			return "", pgerr.New(pgerr.SyntaxError, "unsupported SET value")
		}
	}
	return strings.Join(parts, ", "), nil
}

// ShowName is the parameter a SHOW names ("all" for SHOW ALL).
func ShowName(st *Statement) string { return st.node.GetVariableShowStmt().Name }

// TxKind is the kind of a transaction statement.
type TxKind uint8

const (
	TxBegin TxKind = iota // BEGIN, START TRANSACTION
	TxCommit
	TxRollback
	TxSavepoint
	TxRelease
	TxRollbackTo
	TxPrepared // PREPARE TRANSACTION, COMMIT PREPARED, ...
)

// Transaction is a bound transaction statement.
type Transaction struct {
	Kind      TxKind
	Savepoint string
	Modes     []TxMode // BEGIN's
	Start     bool     // START TRANSACTION, whose tag is its own
}

// BindTransaction binds BEGIN, COMMIT, ROLLBACK and the savepoint
// statements.
func BindTransaction(st *Statement) Transaction {
	t := st.node.GetTransactionStmt()
	kind := TxPrepared
	switch t.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		kind = TxBegin
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		kind = TxCommit
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		kind = TxRollback
	case pg_query.TransactionStmtKind_TRANS_STMT_SAVEPOINT:
		kind = TxSavepoint
	case pg_query.TransactionStmtKind_TRANS_STMT_RELEASE:
		kind = TxRelease
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO:
		kind = TxRollbackTo
	}
	return Transaction{Kind: kind, Savepoint: t.SavepointName, Modes: txModes(t.Options),
		Start: t.Kind == pg_query.TransactionStmtKind_TRANS_STMT_START}
}
