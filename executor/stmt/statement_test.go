package stmt

import (
	"reflect"
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

func one(t *testing.T, sql string) *Statement {
	t.Helper()
	sts, err := Split(nil, sql)
	if err != nil || len(sts) != 1 {
		t.Fatalf("Split(%q) = %d statements, %v", sql, len(sts), err)
	}
	return sts[0]
}

func TestSplit(t *testing.T) {
	sts, err := Split(nil, "SELECT 1; /* c */ BEGIN;;SHOW x ; ")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range sts {
		got = append(got, st.Kind.String()+":"+st.SQL)
	}
	want := []string{"select:SELECT 1", "transaction: /* c */ BEGIN", "show:SHOW x "}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d: got %q, want %q", i, got[i], want[i])
		}
	}
	if sts, err := Split(nil, " -- nothing\n"); err != nil || len(sts) != 0 {
		t.Errorf("a comment-only string: %d statements, %v", len(sts), err)
	}
}

func TestStatement_Classify(t *testing.T) {
	for _, tc := range []struct {
		sql          string
		kind         string
		query, write bool
		ends         bool
	}{
		{"SELECT 1", "select", true, false, false},
		{"VALUES (1)", "select", true, false, false},
		{"TABLE t", "select", true, false, false},
		{"WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "select", false, false, false},
		{"WITH s AS (SELECT 1) SELECT * FROM s", "select", true, false, false},
		{"INSERT INTO t VALUES (1)", "insert", false, true, false},
		{"UPDATE t SET a = 1", "update", false, true, false},
		{"DELETE FROM t", "delete", false, true, false},
		{"EXPLAIN DELETE FROM t", "explain", false, false, false},
		{"COMMIT", "transaction", false, false, true},
		{"ROLLBACK TO SAVEPOINT s", "transaction", false, false, true},
		{"PREPARE TRANSACTION 'x'", "transaction", false, false, true},
		{"COMMIT PREPARED 'x'", "transaction", false, false, false},
		{"SAVEPOINT s", "transaction", false, false, false},
		{"DISCARD ALL", "utility", false, false, false},
		{"CREATE TABLE x (a int)", "utility", false, false, false},
	} {
		st := one(t, tc.sql)
		if st.Kind.String() != tc.kind || st.IsQuery() != tc.query || st.IsWrite() != tc.write || st.EndsTransaction() != tc.ends {
			t.Errorf("%s: kind %s query %v write %v ends %v; want %s %v %v %v", tc.sql,
				st.Kind, st.IsQuery(), st.IsWrite(), st.EndsTransaction(), tc.kind, tc.query, tc.write, tc.ends)
		}
	}
}

func TestStatement_Deallocate(t *testing.T) {
	for sql, want := range map[string]struct {
		name string
		all  bool
	}{
		"DEALLOCATE s1":         {"s1", false},
		"DEALLOCATE PREPARE S2": {"s2", false},
		`DEALLOCATE "S3"`:       {"S3", false},
		"DEALLOCATE ALL":        {"", true},
	} {
		name, all, ok := one(t, sql).Deallocate()
		if !ok || name != want.name || all != want.all {
			t.Errorf("%s: %q %v %v, want %q %v", sql, name, all, ok, want.name, want.all)
		}
	}
	if _, _, ok := one(t, "SELECT 1").Deallocate(); ok {
		t.Error("SELECT 1 is a DEALLOCATE")
	}
}

func TestBindSet(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want Set
	}{
		{"SET search_path = a, b", Set{Kind: SetValue, Name: "search_path", Value: "a, b"}},
		{"SET LOCAL statement_timeout TO 5", Set{Kind: SetValue, Name: "statement_timeout", Value: "5", Local: true}},
		{"SET TIME ZONE 'UTC'", Set{Kind: SetValue, Name: "timezone", Value: "UTC"}},
		{"SET x.y = 1.5", Set{Kind: SetValue, Name: "x.y", Value: "1.5"}},
		{"SET datestyle TO DEFAULT", Set{Kind: SetDefault, Name: "datestyle"}},
		{"RESET work_mem", Set{Kind: Reset, Name: "work_mem"}},
		{"RESET ALL", Set{Kind: ResetAll}},
		{"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", Set{Kind: SetTransaction, Name: "TRANSACTION",
			Modes: []TxMode{{"transaction_isolation", "serializable"}}}},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY, READ WRITE", Set{Kind: SetTransaction, Name: "SESSION CHARACTERISTICS",
			Modes: []TxMode{{"transaction_read_only", "on"}, {"transaction_read_only", "off"}}}},
	} {
		got, err := BindSet(one(t, tc.sql))
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v %v, want %+v", tc.sql, got, err, tc.want)
		}
	}
}

func TestBindTransaction(t *testing.T) {
	for sql, want := range map[string]Transaction{
		"BEGIN":                   {Kind: TxBegin},
		"START TRANSACTION":       {Kind: TxBegin, Start: true},
		"END":                     {Kind: TxCommit},
		"ABORT":                   {Kind: TxRollback},
		"SAVEPOINT a":             {Kind: TxSavepoint, Savepoint: "a"},
		"RELEASE a":               {Kind: TxRelease, Savepoint: "a"},
		"ROLLBACK TO SAVEPOINT a": {Kind: TxRollbackTo, Savepoint: "a"},
		"COMMIT PREPARED 'x'":     {Kind: TxPrepared},
		"BEGIN READ ONLY, ISOLATION LEVEL REPEATABLE READ, NOT DEFERRABLE": {Kind: TxBegin, Modes: []TxMode{
			{"transaction_read_only", "on"}, {"transaction_isolation", "repeatable read"}, {"transaction_deferrable", "off"}}},
		"START TRANSACTION READ WRITE": {Kind: TxBegin, Modes: []TxMode{{"transaction_read_only", "off"}}, Start: true},
	} {
		if got := BindTransaction(one(t, sql)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, want %+v", sql, got, want)
		}
	}
}

func TestBindExplain(t *testing.T) {
	for _, tc := range []struct {
		sql                    string
		analyze, verbose, json bool
		target                 string
		code                   pgerr.Code
	}{
		{"EXPLAIN SELECT 1", false, false, false, "select", ""},
		{"EXPLAIN ANALYZE VERBOSE DELETE FROM t", true, true, false, "delete", ""},
		{"EXPLAIN (FORMAT JSON, ANALYZE off, COSTS off) SELECT 1", false, false, true, "select", ""},
		{"EXPLAIN (ANALYZE 1) SELECT 1", true, false, false, "select", ""},
		{"EXPLAIN (FORMAT yaml) SELECT 1", false, false, false, "", pgerr.FeatureNotSupported},
		{"EXPLAIN (NOSUCH) SELECT 1", false, false, false, "", pgerr.SyntaxError},
	} {
		ex, err := BindExplain(one(t, tc.sql))
		if tc.code != "" {
			if pgerr.From(err).Code != tc.code {
				t.Errorf("%s: %v, want %s", tc.sql, err, tc.code)
			}
			continue
		}
		if err != nil || ex.Analyze != tc.analyze || ex.Verbose != tc.verbose || ex.JSON != tc.json || ex.Target.Kind.String() != tc.target {
			t.Errorf("%s: %+v (target %s) %v", tc.sql, ex, ex.Target.Kind, err)
		}
	}
}

func TestCopyOptions(t *testing.T) {
	for _, tc := range []struct {
		opts string
		want CopyFormat
		code pgerr.Code
	}{
		{"", CopyFormat{Delimiter: '\t', Null: `\N`}, ""},
		{"(FORMAT csv, HEADER)", CopyFormat{CSV: true, Delimiter: ',', Quote: '"', Escape: '"', Header: true}, ""},
		{"(FORMAT csv, DELIMITER ';', NULL 'n', QUOTE '''', ESCAPE '\\')", CopyFormat{CSV: true, Delimiter: ';', Null: "n", Quote: '\'', Escape: '\\'}, ""},
		{"CSV HEADER", CopyFormat{CSV: true, Delimiter: ',', Quote: '"', Escape: '"', Header: true}, ""},
		{"(FORMAT binary)", CopyFormat{}, pgerr.FeatureNotSupported},
		{"(FORMAT xml)", CopyFormat{}, pgerr.InvalidParameterValue},
		{"(DELIMITER ';;')", CopyFormat{}, pgerr.FeatureNotSupported},
		{"(QUOTE '\"')", CopyFormat{}, pgerr.FeatureNotSupported},
		{"(FORMAT csv, DELIMITER '\"')", CopyFormat{}, pgerr.InvalidParameterValue},
		{"(FORMAT text, FORMAT csv)", CopyFormat{}, pgerr.SyntaxError},
		{"(FREEZE)", CopyFormat{}, pgerr.FeatureNotSupported},
		{"(HEADER maybe)", CopyFormat{}, pgerr.SyntaxError},
	} {
		st := one(t, "COPY t TO STDOUT "+tc.opts)
		got, err := copyOptions(st.node.GetCopyStmt().Options)
		if tc.code != "" {
			if pgerr.From(err).Code != tc.code {
				t.Errorf("%s: %v, want %s", tc.opts, err, tc.code)
			}
			continue
		}
		if err != nil || got.CSV != tc.want.CSV || got.Delimiter != tc.want.Delimiter || got.Null != tc.want.Null ||
			got.Quote != tc.want.Quote || got.Escape != tc.want.Escape || got.Header != tc.want.Header {
			t.Errorf("%s: %+v %v, want %+v", tc.opts, got, err, tc.want)
		}
	}
}
