package executor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/parse"
	"github.com/vpnsql/vpnsql/executor/stmt"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// The safety rules every write passes before its first API call (DESIGN
// section 5). EC2 has no transactions: a change is made when the call
// returns, and nothing undoes it.
//
//	--read-only server                  25006 read_only_sql_transaction
//	default_transaction_read_only = on  25006 (as PostgreSQL)
//	a role that may only read           42501 insufficient_privilege
//	inside BEGIN ... COMMIT, in a       25001 active_sql_transaction, unless
//	Query message with other            vpnsql.writes_in_transaction = immediate
//	statements, or before another       (then a WARNING that ROLLBACK will not undo it)
//	statement's messages in a pipeline
//	UPDATE/DELETE without WHERE         21000 cardinality_violation (as pg-safeupdate),
//	                                    unless vpnsql.allow_unqualified_writes = on
//
// vpnsql.dry_run = on sends every call with DryRun=true: the statement
// changes nothing, reports each call's answer as a NOTICE, and fails if
// any call would have failed.

// checkWrite applies the rules to a statement about to write table.
func (s *Session) checkWrite(verb string, table catalog.Table, unqualified bool) error {
	name := table.Name()
	if s.engine.ReadOnly {
		return pgerr.New(pgerr.ReadOnlySqlTransaction, "cannot execute %s in a read-only transaction", verb).
			WithDetail("vpnsql was started with --read-only.")
	}
	for _, set := range []string{"default_transaction_read_only", "transaction_read_only"} {
		if on, _ := settingBool(s.Setting(set)); on {
			return pgerr.New(pgerr.ReadOnlySqlTransaction, "cannot execute %s in a read-only transaction", verb)
		}
	}
	if s.engine.CanWrite != nil && !s.engine.CanWrite(s.info.User) {
		return pgerr.New(pgerr.InsufficientPrivilege, "permission denied for table %s", name).
			WithDetail("Role %q may only read.", s.info.User)
	}
	if s.tx == TxActive || s.batch != BatchNone {
		if err := s.checkTransactionRule(verb); err != nil {
			return err
		}
	}
	if unqualified {
		on, err := settingBool(s.Setting("vpnsql.allow_unqualified_writes"))
		if err != nil {
			return pgerr.New(pgerr.InvalidParameterValue, "parameter \"vpnsql.allow_unqualified_writes\" requires a Boolean value")
		}
		if !on {
			what := fmt.Sprintf("change every row of %s", name)
			if verb != "UPDATE" && verb != "DELETE" { // a method called per row
				what = "be called for every row its FROM clause reads"
			}
			return pgerr.New(pgerr.CardinalityViolation, "%s requires a WHERE clause", verb).
				WithDetail("Without WHERE it would %s, in every served region.", what).
				WithHint("Add a WHERE clause, or SET vpnsql.allow_unqualified_writes = on.")
		}
	}
	return nil
}

// Batch is what else the implicit transaction of a statement holds, as
// the server knows it: PostgreSQL runs a Query message's statements, and
// the extended-protocol messages up to Sync, as one transaction.
type Batch int

const (
	BatchNone     Batch = iota // the statement runs alone
	BatchQuery                 // a Query message with several statements
	BatchPipeline              // another statement's messages follow before Sync
)

// SetBatch tells the session what the statements it runs next share their
// implicit transaction with; the server resets it to BatchNone.
func (s *Session) SetBatch(b Batch) { s.batch = b }

// transactionWords name the transaction a write is in: where it is, what
// would seem to undo it, and how to run it alone.
func (s *Session) transactionWords() (where, undo, alone string) {
	switch {
	case s.tx == TxActive:
		return "inside a transaction block", "ROLLBACK", "Run it outside BEGIN ... COMMIT (autocommit)"
	case s.batch == BatchQuery:
		return "in a Query message with several statements", "an error in another statement of the message",
			"Send it in a Query message of its own"
	}
	return "within a pipeline", "an error later in the messages up to Sync",
		"Send Sync (or Flush) after its Execute, before the next statement's Parse, Bind or Execute"
}

// checkTransactionRule applies vpnsql.writes_in_transaction to a write in
// a transaction of more than one statement: refused (25001) before any
// call, or made at once with a WARNING.
func (s *Session) checkTransactionRule(verb string) error {
	where, undo, alone := s.transactionWords()
	switch mode := strings.ToLower(strings.TrimSpace(s.Setting("vpnsql.writes_in_transaction"))); mode {
	case "immediate":
		s.notice(Notice{Severity: pgerr.SeverityWarning, Code: pgerr.ActiveSqlTransaction,
			Message: fmt.Sprintf("%s %s changes AWS resources immediately", verb, where),
			Detail:  fmt.Sprintf("vpnsql.writes_in_transaction is immediate: the API calls are made now, and %s will not undo them.", undo)})
	case "", "refuse":
		return pgerr.New(pgerr.ActiveSqlTransaction, "cannot execute %s %s", verb, where).
			WithDetail("EC2 has no transactions: the change would be made at once, and %s could not undo it.", undo).
			WithHint("%s, or SET vpnsql.writes_in_transaction = immediate to make the change at once.", alone)
	default:
		return pgerr.New(pgerr.InvalidParameterValue, "invalid value for parameter \"vpnsql.writes_in_transaction\": %q", mode).
			WithHint("Available values: refuse, immediate.")
	}
	return nil
}

// writeOptions reads vpnsql.dry_run.
func (s *Session) writeOptions(returning bool) (catalog.WriteOptions, error) {
	dry, err := settingBool(s.Setting("vpnsql.dry_run"))
	if err != nil {
		return catalog.WriteOptions{}, pgerr.New(pgerr.InvalidParameterValue, "parameter \"vpnsql.dry_run\" requires a Boolean value")
	}
	return catalog.WriteOptions{DryRun: dry, Returning: returning}, nil
}

// settingBool parses a Boolean setting as PostgreSQL does ("" is off).
func settingBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "true", "yes", "1", "t", "y":
		return true, nil
	case "off", "false", "no", "0", "f", "n", "":
		return false, nil
	}
	return false, errors.New("not a Boolean")
}

// writeOutcome reports what a write did: its notices, the answers of a dry
// run, and for a failure the error with, in DETAIL, which rows were
// already written (they stay written).
func (s *Session) writeOutcome(verb string, table catalog.Table, total int, res catalog.WriteResult, opt catalog.WriteOptions, err error) error {
	for _, n := range res.Notices {
		s.notice(Notice{Severity: pgerr.SeverityNotice, Message: n})
	}
	if err != nil {
		return writeFailure(verb, table, total, res, err)
	}
	if !opt.DryRun {
		return nil
	}
	var failed []catalog.DryRunOutcome
	for _, o := range res.DryRun {
		key := o.Key
		if key == "" {
			key = fmt.Sprintf("row %d", o.Row+1)
		}
		switch {
		case o.OK:
			s.notice(Notice{Severity: pgerr.SeverityNotice, Message: fmt.Sprintf("dry run: %s: %s would succeed", key, o.Action)})
		case o.Unchecked:
			s.notice(Notice{Severity: pgerr.SeverityNotice, Message: fmt.Sprintf("dry run: %s: %s", key, o.Note)})
		default:
			failed = append(failed, o)
			pe := pgerr.From(o.Err)
			s.notice(Notice{Severity: pgerr.SeverityWarning, Code: pe.Code, Message: fmt.Sprintf("dry run: %s: %s would fail: %s", key, o.Action, pe.Message), Detail: pe.Detail})
		}
	}
	if len(failed) == 0 {
		s.notice(Notice{Severity: pgerr.SeverityNotice, Message: fmt.Sprintf("dry run: nothing was changed; %d call(s) checked", len(res.DryRun))})
		return nil
	}
	first := pgerr.From(failed[0].Err)
	out := pgerr.New(first.Code, "dry run: %d of %d call(s) would fail", len(failed), len(res.DryRun))
	var lines []string
	for _, o := range failed {
		key := o.Key
		if key == "" {
			key = fmt.Sprintf("row %d", o.Row+1)
		}
		pe := pgerr.From(o.Err)
		lines = append(lines, fmt.Sprintf("%s: %s: %s", key, o.Action, pe.Message))
	}
	out.Detail = strings.Join(lines, "\n") + "\n" + first.Detail
	out.Hint = "Nothing was changed (vpnsql.dry_run is on)."
	return out
}

// writeFailure builds the error of a write that stopped at one row.
func writeFailure(verb string, table catalog.Table, total int, res catalog.WriteResult, err error) error {
	var re *catalog.RowError
	if !errors.As(err, &re) {
		return err
	}
	cause := *pgerr.From(re.Err) // a copy: the cause may be shared
	var lines []string
	if cause.Detail != "" {
		lines = append(lines, cause.Detail)
	}
	done := len(res.Rows)
	if total > 1 || done > 0 || len(re.Done) > 0 {
		what := ""
		if re.Key != "" {
			what = " (" + re.Key + ")"
		}
		lines = append(lines, fmt.Sprintf("Row %d of %d%s failed.", re.Row+1, total, what))
	}
	if len(re.Done) > 0 {
		lines = append(lines, fmt.Sprintf("Already changed on %s before the failure: %s.", re.Key, strings.Join(re.Done, "; ")))
	}
	past := map[string]string{"INSERT": "created", "UPDATE": "changed", "DELETE": "deleted"}[verb]
	switch {
	case done > 0:
		lines = append(lines, fmt.Sprintf("%d row(s) were already %s and stay %s: %s.", done, past, past, strings.Join(rowKeys(table, res.Rows), ", ")))
	case total > 1:
		lines = append(lines, fmt.Sprintf("No row was %s.", past))
	}
	if done > 0 || len(re.Done) > 0 {
		cause.Hint = "EC2 has no rollback: what is listed as done stays done. Fix the cause and run the statement again for the remaining rows."
	}
	cause.Detail = strings.Join(lines, "\n")
	return &cause
}

// rowKeys names rows by primary key, with the region when the table has
// one.
func rowKeys(t catalog.Table, rows [][]any) []string {
	pk := t.PrimaryKey()
	region := catalog.ColumnIndex(t, "region")
	out := make([]string, len(rows))
	for i, r := range rows {
		k := "?"
		if len(pk) == 1 {
			k = value.FormatText(r[pk[0]])
		}
		if region >= 0 && r[region] != nil {
			k += " (" + value.FormatText(r[region]) + ")"
		}
		out[i] = k
	}
	return out
}

// auditText is the statement text the audit log records. A statement that
// writes a column able to carry a secret (options holds tunnel pre-shared
// keys) is logged with every literal replaced by a placeholder, however
// the secret is spelled; parameters of prepared statements are never part
// of the text.
func auditText(sql string, d *stmt.DML) string {
	secret := d.AllColumns // every column, options included
	for i, c := range d.Table.Columns() {
		if d.Written[i] && c.Name == "options" {
			secret = true
		}
	}
	if !secret && !mayHoldSecret(sql) {
		return sql
	}
	return normalizedText(sql)
}

// normalizedText replaces the literals of a statement by $n placeholders;
// if that fails, nothing of the text is kept.
func normalizedText(sql string) string {
	n, err := parse.Normalize(sql)
	if err != nil {
		return "(statement text withheld: it may hold a pre-shared key)"
	}
	return n
}

// checkSecretUpdate refuses an UPDATE of a secret column by a role without
// the secrets privilege: it reads the column masked, so a SET computed
// from what it reads (options || ...) would write the mask back.
func (s *Session) checkSecretUpdate(d *stmt.DML) error {
	if d.Verb != "UPDATE" || s.engine.Role == nil {
		return nil
	}
	if _, sc := s.engine.Role(s.info.User); sc.SeesSecrets() {
		return nil
	}
	cols := d.Table.Columns()
	for _, a := range d.Sets {
		if cols[a.Column].Secret {
			return pgerr.New(pgerr.InsufficientPrivilege, "permission denied for table %s", d.Table.Name()).
				WithDetail("Role %q lacks the secrets privilege, and column %q holds secrets.", s.info.User, cols[a.Column].Name)
		}
	}
	return nil
}
