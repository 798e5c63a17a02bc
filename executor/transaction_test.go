package executor

import (
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestTransactionCharacteristics: BEGIN's modes, SET TRANSACTION and SET
// SESSION CHARACTERISTICS set what SHOW gives, as in PostgreSQL 15 (the
// same statements there give the same values).
func TestTransactionCharacteristics(t *testing.T) {
	s := newTestSession(t)
	for _, step := range []struct{ sql, want string }{
		{"SHOW transaction_read_only", "off"},
		{"SET TRANSACTION READ ONLY", ""}, // outside a block: a WARNING, no effect
		{"SHOW transaction_read_only", "off"},
		{"BEGIN READ ONLY, ISOLATION LEVEL SERIALIZABLE, DEFERRABLE", ""},
		{"SHOW transaction_read_only", "on"},
		{"SHOW transaction_isolation", "serializable"},
		{"COMMIT", ""},
		{"SHOW transaction_read_only", "off"},
		{"SHOW transaction_isolation", "read committed"},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY, ISOLATION LEVEL REPEATABLE READ", ""},
		{"SHOW default_transaction_read_only", "on"},
		{"SHOW transaction_read_only", "on"},
		{"SHOW transaction_isolation", "repeatable read"},
		{"BEGIN READ WRITE", ""},
		{"SHOW transaction_read_only", "off"},
		{"SET TRANSACTION READ ONLY", ""},
		{"SHOW transaction_read_only", "on"},
		{"ROLLBACK", ""},
		{"SHOW transaction_read_only", "on"},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", ""},
		{"BEGIN", ""},
		{"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", ""}, // the next transactions'
		{"SHOW transaction_read_only", "off"},
		{"COMMIT", ""},
		{"SHOW transaction_read_only", "on"},
	} {
		_, rows, err := run(t, s, step.sql)
		if err != nil {
			t.Fatalf("%s: %v", step.sql, err)
		}
		if step.want != "" && (len(rows) != 1 || rows[0][0] != step.want) {
			t.Errorf("%s: %v, want %s", step.sql, rows, step.want)
		}
	}
	if _, _, err := run(t, s, "SET TRANSACTION SNAPSHOT '00000003-0000001B-1'"); pgerr.From(err) == nil || pgerr.From(err).Code != pgerr.FeatureNotSupported {
		t.Errorf("SET TRANSACTION SNAPSHOT: %v, want 0A000", err)
	}
}

// TestUnknownSavepoint: ROLLBACK TO and RELEASE of a savepoint the block
// lacks are 3B001, as in PostgreSQL 15.
func TestUnknownSavepoint(t *testing.T) {
	s := newTestSession(t)
	for _, sql := range []string{"ROLLBACK TO nosuch", "RELEASE nosuch"} {
		if _, _, err := run(t, s, "BEGIN"); err != nil {
			t.Fatal(err)
		}
		_, _, err := run(t, s, sql)
		if pe := pgerr.From(err); pe == nil || pe.Code != pgerr.SEInvalidSpecification || pe.Message != `savepoint "nosuch" does not exist` {
			t.Errorf("%s: %v, want 3B001", sql, err)
		}
		run(t, s, "ROLLBACK")
	}
}

// TestClocksHoldMicroseconds: now() and clock_timestamp() are timestamptz
// values, which hold microseconds: their text form reads back equal.
func TestClocksHoldMicroseconds(t *testing.T) {
	s := newTestSession(t)
	for range 3 { // each run has a 1 in 1000 chance of a whole microsecond anyway
		_, rows, err := run(t, s, "SELECT now() = now()::text::timestamptz, (SELECT c = c::text::timestamptz FROM clock_timestamp() c)")
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "t" || rows[0][1] != "t" {
			t.Fatalf("now(), clock_timestamp() read back from text: %v, want t t", rows[0])
		}
	}
}
