package executor

import (
	"context"
	"maps"
	"sort"
	"strings"
	"time"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/stmt"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// utilityPlan runs a statement that touches only session state.
type utilityPlan func(s *Session) (Cursor, error)

func (u utilityPlan) Open(_ context.Context, s *Session, _ []any) (Cursor, error) { return u(s) }

func (s *Session) planSet(v stmt.Set) statementPlan {
	name := v.Name
	switch v.Kind {
	case stmt.SetTransaction:
		return s.planSetTransaction(v)
	case stmt.ResetAll:
		return utilityPlan(func(s *Session) (Cursor, error) {
			s.saveSettings()
			for k := range settingDefs {
				if !settingDefs[k].fixed {
					_ = s.settings.reset(k)
				}
			}
			return tagCursor("RESET"), nil
		})
	case stmt.Reset, stmt.SetDefault:
		tag := "SET"
		if v.Kind == stmt.Reset {
			tag = "RESET"
		}
		return utilityPlan(func(s *Session) (Cursor, error) {
			if _, err := s.SetConfig(name, "", true, false); err != nil {
				return nil, err
			}
			return tagCursor(tag), nil
		})
	}
	value, local := v.Value, v.Local
	return utilityPlan(func(s *Session) (Cursor, error) {
		if local && s.tx == TxIdle {
			s.notice(Notice{Severity: pgerr.SeverityWarning, Code: pgerr.NoActiveSqlTransaction, Message: "SET LOCAL can only be used in transaction blocks"})
			return tagCursor("SET"), nil
		}
		if _, err := s.SetConfig(name, value, false, local); err != nil {
			return nil, err
		}
		return tagCursor("SET"), nil
	})
}

func (s *Session) checkSettingName(name string) error {
	key := strings.ToLower(name)
	if _, ok := settingDefs[key]; !ok && !strings.Contains(key, ".") {
		return pgerr.New(pgerr.UndefinedObject, "unrecognized configuration parameter %q", name)
	}
	return nil
}

func (s *Session) planShow(name string) statementPlan {
	if strings.EqualFold(name, "all") {
		cols := []expr.Column{textColumn("name"), textColumn("setting"), textColumn("description")}
		return utilityPlan(func(s *Session) (Cursor, error) {
			var rows [][]any
			for k, d := range settingDefs {
				rows = append(rows, []any{d.name, s.settings.values[k], ""})
			}
			sort.Slice(rows, func(i, j int) bool {
				return strings.ToLower(rows[i][0].(string)) < strings.ToLower(rows[j][0].(string))
			})
			return newRowsCursor(cols, rows, "SHOW"), nil
		})
	}
	colName := strings.ToLower(name)
	if d, ok := settingDefs[colName]; ok {
		colName = d.name
	}
	cols := []expr.Column{textColumn(colName)}
	return utilityPlan(func(s *Session) (Cursor, error) {
		val, ok := s.settings.get(name)
		if !ok {
			return nil, pgerr.New(pgerr.UndefinedObject, "unrecognized configuration parameter %q", name)
		}
		c := newRowsCursor(cols, [][]any{{val}}, "SHOW")
		c.fixed = true
		return c, nil
	})
}

func textColumn(name string) expr.Column {
	return expr.Column{Name: name, TypeOID: value.Text.OID, TypeLen: value.Text.Len, TypeMod: -1}
}

func (s *Session) planTransaction(t stmt.Transaction) (statementPlan, error) {
	switch t.Kind {
	case stmt.TxBegin:
		modes, tag := t.Modes, "BEGIN"
		if t.Start {
			tag = "START TRANSACTION"
		}
		return utilityPlan(func(s *Session) (Cursor, error) {
			if s.tx != TxIdle {
				s.notice(Notice{Severity: pgerr.SeverityWarning, Code: pgerr.ActiveSqlTransaction, Message: "there is already a transaction in progress"})
			} else {
				// An implicit transaction becomes this block, as in
				// PostgreSQL: a ROLLBACK undoes what came before BEGIN too,
				// and now() is when the implicit transaction began (Execute).
				s.tx, s.implicit = TxActive, false
				s.startTransactionSettings()
			}
			if err := s.setTxModes("", modes); err != nil {
				return nil, err
			}
			return tagCursor(tag), nil
		}), nil
	case stmt.TxCommit, stmt.TxRollback:
		commit := t.Kind == stmt.TxCommit
		return utilityPlan(func(s *Session) (Cursor, error) {
			tag := "ROLLBACK"
			if commit && s.tx != TxFailed {
				tag = "COMMIT"
			}
			if s.tx == TxIdle {
				s.notice(Notice{Severity: pgerr.SeverityWarning, Code: pgerr.NoActiveSqlTransaction, Message: "there is no transaction in progress"})
			}
			s.endTransaction(tag == "COMMIT")
			return tagCursor(tag), nil
		}), nil
	case stmt.TxSavepoint:
		name := t.Savepoint
		return utilityPlan(func(s *Session) (Cursor, error) {
			if s.tx == TxIdle {
				return nil, pgerr.New(pgerr.NoActiveSqlTransaction, "SAVEPOINT can only be used in transaction blocks")
			}
			s.savepoints = append(s.savepoints, savepoint{name: name, settings: maps.Clone(s.settings.values),
				localRestore: maps.Clone(s.localRestore)})
			return tagCursor("SAVEPOINT"), nil
		}), nil
	case stmt.TxRelease, stmt.TxRollbackTo:
		name := t.Savepoint
		release := t.Kind == stmt.TxRelease
		return utilityPlan(func(s *Session) (Cursor, error) {
			verb := "ROLLBACK TO SAVEPOINT"
			if release {
				verb = "RELEASE SAVEPOINT"
			}
			if s.tx == TxIdle {
				return nil, pgerr.New(pgerr.NoActiveSqlTransaction, "%s can only be used in transaction blocks", verb)
			}
			i := len(s.savepoints) - 1
			for i >= 0 && s.savepoints[i].name != name {
				i--
			}
			if i < 0 {
				return nil, pgerr.New(pgerr.SEInvalidSpecification, "savepoint %q does not exist", name)
			}
			if release {
				s.savepoints = s.savepoints[:i]
				return tagCursor("RELEASE"), nil
			}
			s.savepoints = s.savepoints[:i+1]
			s.settings.restore(s.savepoints[i].settings)
			s.localRestore = maps.Clone(s.savepoints[i].localRestore)
			s.tx = TxActive
			return tagCursor("ROLLBACK"), nil
		}), nil
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "prepared transactions are not supported")
}

// savepoint is a SAVEPOINT: its name and the settings to go back to.
type savepoint struct {
	name         string
	settings     map[string]string
	localRestore map[string]string
}

// endTransaction closes a transaction block: a commit keeps the settings
// but undoes SET LOCAL; a rollback restores them as the transaction found
// them. A block that began in an implicit transaction leaves none open.
func (s *Session) endTransaction(commit bool) {
	if commit {
		for k, v := range s.localRestore {
			_ = s.settings.set(k, v)
		}
	} else if s.txSettings != nil {
		s.settings.restore(s.txSettings)
	}
	s.localRestore = map[string]string{}
	s.savepoints = nil
	s.releaseAdvisory(false, true) // pg_advisory_xact_lock's locks end with it
	s.tx = TxIdle
	s.txStart = time.Time{}
	s.txSettings = nil // inside an implicit transaction, the next starts here
	s.startTransactionSettings()
}

// transactionSettings are the settings that describe the running transaction; each
// transaction starts with its default_ setting's value, so outside a
// block they show the defaults, as PostgreSQL's do.
var transactionSettings = []string{"transaction_read_only", "transaction_isolation"}

// startTransactionSettings gives the transaction settings their defaults.
func (s *Session) startTransactionSettings() {
	for _, k := range transactionSettings {
		if v := s.settings.values["default_"+k]; s.settings.values[k] != v {
			s.settings.values[k] = v
			s.settings.version++ // only on a change: readers reparse per version
		}
	}
}

// setTxModes applies transaction characteristics: BEGIN's or SET
// TRANSACTION's to the running transaction, SET SESSION
// CHARACTERISTICS' (prefix "default_") to the session's defaults.
// DEFERRABLE matters only to a serializable read-only transaction's
// snapshot, which vpnsql does not take: accepted.
func (s *Session) setTxModes(prefix string, modes []stmt.TxMode) error {
	for _, m := range modes {
		if m.Name == "transaction_deferrable" {
			continue
		}
		if _, err := s.SetConfig(prefix+m.Name, m.Value, false, false); err != nil {
			return err
		}
	}
	return nil
}

// planSetTransaction is SET TRANSACTION (the running transaction block's
// characteristics), SET SESSION CHARACTERISTICS AS TRANSACTION (the
// defaults of the session's transactions) and SET TRANSACTION SNAPSHOT.
func (s *Session) planSetTransaction(v stmt.Set) statementPlan {
	return utilityPlan(func(s *Session) (Cursor, error) {
		switch v.Name {
		case "TRANSACTION SNAPSHOT":
			return nil, pgerr.New(pgerr.FeatureNotSupported, "SET TRANSACTION SNAPSHOT is not supported").
				WithDetail("vpnsql reads EC2 live; it has no snapshots to import.")
		case "SESSION CHARACTERISTICS":
			if err := s.setTxModes("default_", v.Modes); err != nil {
				return nil, err
			}
			return tagCursor("SET"), nil
		}
		if s.tx == TxIdle {
			// Outside a block the characteristics would last only to the
			// end of this statement's own transaction.
			s.notice(Notice{Severity: pgerr.SeverityWarning, Code: pgerr.NoActiveSqlTransaction, Message: "SET TRANSACTION can only be used in transaction blocks"})
			return tagCursor("SET"), nil
		}
		if err := s.setTxModes("", v.Modes); err != nil {
			return nil, err
		}
		return tagCursor("SET"), nil
	})
}

// BeginImplicit opens the implicit transaction of a Query message, or of
// the extended-protocol messages up to Sync, unless a transaction is open.
func (s *Session) BeginImplicit() {
	if s.tx == TxIdle && !s.implicit {
		s.implicit, s.txStart = true, time.Time{} // its first statement starts it
	}
}

// saveSettings keeps the settings as the transaction found them, before
// its first change: what a rollback restores. Statements that change none
// copy nothing.
func (s *Session) saveSettings() {
	if s.txSettings == nil && (s.implicit || s.tx != TxIdle) {
		s.txSettings = maps.Clone(s.settings.values)
	}
}

// EndImplicit closes it; failed rolls back the settings it changed, as
// PostgreSQL rolls back SET in a multi-statement Query that fails.
func (s *Session) EndImplicit(failed bool) {
	if !s.implicit {
		return
	}
	if failed && s.txSettings != nil {
		s.settings.restore(s.txSettings)
	}
	s.txSettings, s.implicit = nil, false
	if s.tx == TxIdle {
		s.txStart = time.Time{}
		s.releaseAdvisory(false, true)
	}
}
