package server

import (
	"context"
	"encoding/binary"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// waitScan waits until the slow table's Scan (the stand-in for an EC2 API
// call) is in flight.
func waitScan(t *testing.T, env *testEnv) {
	t.Helper()
	select {
	case <-env.slow.scanning:
	case <-time.After(5 * time.Second):
		t.Fatal("scan did not start")
	}
}

func TestCancel_RunningStatement(t *testing.T) {
	env := startServer(t, Config{})
	pc := env.connect(t, "")
	done := make(chan error, 1)
	go func() {
		_, err := pc.Exec(context.Background(), "SELECT * FROM slow").ReadAll()
		done <- err
	}()
	waitScan(t, env)
	if err := pc.CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if got := pgMessage(err); got != "ERROR 57014 canceling statement due to user request" {
			t.Fatalf("got %q", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("statement not cancelled")
	}
	// The session goes on.
	if _, err := pc.Exec(context.Background(), "SELECT 1").ReadAll(); err != nil {
		t.Fatal(err)
	}
}

// TestCancel_Extended cancels an Execute of the extended protocol.
func TestCancel_Extended(t *testing.T) {
	env := startServer(t, Config{})
	pc := env.connect(t, "")
	done := make(chan error, 1)
	go func() {
		res := pc.ExecParams(context.Background(), "SELECT id FROM slow WHERE id <> $1", [][]byte{[]byte("x")}, nil, nil, nil).Read()
		done <- res.Err
	}()
	waitScan(t, env)
	if err := pc.CancelRequest(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := pgMessage(<-done); got != "ERROR 57014 canceling statement due to user request" {
		t.Fatalf("got %q", got)
	}
}

func TestCancel_WrongKey(t *testing.T) {
	env := startServer(t, Config{})
	c := env.start(t, nil)
	pid, key := c.backendKey(t, env)
	c.send(&pgproto3.Query{String: "SELECT * FROM slow"})
	waitScan(t, env)
	for _, req := range []struct {
		pid uint32
		key [4]byte
	}{
		{pid, [4]byte{key[0] ^ 1, key[1], key[2], key[3]}},
		{pid + 1, key},
	} {
		nc, err := net.Dial("tcp", env.addr)
		if err != nil {
			t.Fatal(err)
		}
		nc.Write(append(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 16), codeCancel), req.pid), req.key[:]...))
		nc.SetReadDeadline(time.Now().Add(5 * time.Second))
		if n, err := nc.Read(make([]byte, 1)); n != 0 || err == nil {
			t.Errorf("cancel connection answered: %d, %v", n, err)
		}
		nc.Close()
	}
	// Still running: let it finish normally.
	time.Sleep(50 * time.Millisecond)
	close(env.slow.release)
	c.expect("RowDescription*", `DataRow "done"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I")
}

// backendKey reads the pid and key this raw session got. start consumed
// BackendKeyData, so it asks the server.
func (c *fe) backendKey(t *testing.T, env *testEnv) (uint32, [4]byte) {
	t.Helper()
	env.srv.mu.Lock()
	defer env.srv.mu.Unlock()
	local := c.nc.LocalAddr().String()
	for pid, sc := range env.srv.byPID {
		if sc.raw.RemoteAddr().String() == local {
			return uint32(pid), sc.secret
		}
	}
	t.Fatal("session not found")
	return 0, [4]byte{}
}

func TestStatementTimeout(t *testing.T) {
	env := startServer(t, Config{})
	pc := env.connect(t, "")
	if _, err := pc.Exec(context.Background(), "SET statement_timeout = 50").ReadAll(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := pc.Exec(context.Background(), "SELECT * FROM slow").ReadAll()
	if got := pgMessage(err); got != "ERROR 57014 canceling statement due to statement timeout" {
		t.Fatalf("got %q", got)
	}
	if time.Since(start) > 3*time.Second {
		t.Errorf("timeout took %v", time.Since(start))
	}
	// In a transaction block the timeout fails the block.
	if _, err := pc.Exec(context.Background(), "BEGIN").ReadAll(); err != nil {
		t.Fatal(err)
	}
	pc.Exec(context.Background(), "SELECT * FROM slow").ReadAll()
	if pc.TxStatus() != 'E' {
		t.Errorf("status %c after timeout in a block, want E", pc.TxStatus())
	}
	if _, err := pc.Exec(context.Background(), "ROLLBACK; SET statement_timeout = '10s'").ReadAll(); err != nil {
		t.Fatal(err)
	}
	// A timeout with units, and one that does not fire.
	if _, err := pc.Exec(context.Background(), "SELECT 1").ReadAll(); err != nil {
		t.Fatal(err)
	}
}

func TestSettingDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"0": 0, "": 0, "100": 100 * time.Millisecond, "5s": 5 * time.Second, "'2min'": 2 * time.Minute,
		"1.5s": 1500 * time.Millisecond, "250ms": 250 * time.Millisecond, "1h": time.Hour, "1d": 24 * time.Hour,
		"10us": 10 * time.Microsecond, "-1": 0, "5 s": 5 * time.Second, "x": 0, "5 parsecs": 0,
	} {
		if got := settingDuration(in); got != want {
			t.Errorf("settingDuration(%q) = %v, want %v", in, got, want)
		}
	}
}
