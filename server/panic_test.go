package server

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor"
)

// A panic while a statement runs fails that statement with XX000 and a log
// line with the stack; the session goes on, in both protocols.
func TestPanicFailsOnlyTheStatement(t *testing.T) {
	boom := newThings()
	boom.name, boom.oid, boom.panics = "boom", 16392, true
	env := startServer(t, Config{Engine: &executor.Engine{Catalog: catalog.New(newThings(), boom)}})
	conn := env.connect(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	wantXX000 := func(t *testing.T, err error) {
		t.Helper()
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "XX000" || !strings.Contains(pe.Message, "nil map") {
			t.Fatalf("err = %v, want XX000", err)
		}
	}
	alive := func(t *testing.T) {
		t.Helper()
		rs, err := conn.Exec(ctx, "SELECT count(*) FROM things").ReadAll()
		if err != nil || string(rs[0].Rows[0][0]) != "5" {
			t.Fatalf("session unusable after the panic: %v", err)
		}
	}

	t.Run("simple", func(t *testing.T) {
		_, err := conn.Exec(ctx, "SELECT * FROM boom").ReadAll()
		wantXX000(t, err)
		alive(t)
	})
	t.Run("extended", func(t *testing.T) {
		err := conn.ExecParams(ctx, "SELECT * FROM boom WHERE id = $1", [][]byte{[]byte("x")}, nil, nil, nil).Read().Err
		wantXX000(t, err)
		alive(t)
	})
	t.Run("transaction", func(t *testing.T) {
		_, err := conn.Exec(ctx, "BEGIN; SELECT * FROM boom").ReadAll()
		wantXX000(t, err)
		_, err = conn.Exec(ctx, "SELECT 1").ReadAll()
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "25P02" {
			t.Fatalf("in the failed block: %v, want 25P02", err)
		}
		if _, err := conn.Exec(ctx, "ROLLBACK").ReadAll(); err != nil {
			t.Fatal(err)
		}
		alive(t)
	})
	logs := env.logs.String()
	if !strings.Contains(logs, "panic in statement") || !strings.Contains(logs, "testTable).Scan") {
		t.Fatalf("no log line with the panic's stack:\n%s", logs)
	}
}
