package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/value"
)

// testTable is a resource table for tests: fixed rows, or a Scan that
// blocks like an API call in flight until its context ends or release is
// closed.
type testTable struct {
	name     string
	oid      uint32
	cols     []catalog.Column
	rows     [][]any
	block    bool
	panics   bool          // Scan panics, as a bug would
	scanning chan struct{} // receives when a blocking Scan starts
	release  chan struct{}
}

func (t *testTable) Schema() string                       { return "ec2" }
func (t *testTable) Name() string                         { return t.name }
func (t *testTable) OID() uint32                          { return t.oid }
func (t *testTable) Columns() []catalog.Column            { return t.cols }
func (t *testTable) PrimaryKey() []int                    { return []int{0} }
func (t *testTable) Pushable(int) bool                    { return false }
func (t *testTable) Explain(catalog.ScanRequest) []string { return []string{"test scan"} }

func (t *testTable) Scan(ctx context.Context, q catalog.ScanRequest) ([][]any, error) {
	if t.panics {
		var m map[string]int
		m[t.name]++
	}
	if !t.block {
		return t.rows, nil
	}
	select {
	case t.scanning <- struct{}{}:
	default:
	}
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.release:
		return t.rows, nil
	}
}

func newThings() *testTable {
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	rows := make([][]any, 5)
	for i := range rows {
		rows[i] = []any{fmt.Sprintf("vpn-%d", i+1), int64(i + 1), mustJSON(fmt.Sprintf(`{"n": %d}`, i+1)), t0.Add(time.Duration(i) * time.Hour)}
	}
	return &testTable{
		name: "things", oid: 16390,
		cols: []catalog.Column{
			{Name: "id", Type: value.Text, NotNull: true},
			{Name: "n", Type: value.Int8},
			{Name: "data", Type: value.JSONB},
			{Name: "at", Type: value.Timestamptz},
		},
		rows: rows,
	}
}

func newSlow() *testTable {
	return &testTable{
		name: "slow", oid: 16391,
		cols:     []catalog.Column{{Name: "id", Type: value.Text}},
		rows:     [][]any{{"done"}},
		block:    true,
		scanning: make(chan struct{}, 1),
		release:  make(chan struct{}),
	}
}

// testEnv is a running server with its tables.
type testEnv struct {
	srv    *Server
	addr   string
	things *testTable
	slow   *testTable
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer runs a server on 127.0.0.1:0 with the real executor over a
// catalog holding the test tables. The server's logs are printed if the
// test fails.
func startServer(t testing.TB, cfg Config) *testEnv {
	t.Helper()
	env := &testEnv{things: newThings(), slow: newSlow(), logs: &syncBuffer{}}
	if cfg.Engine == nil {
		cfg.Engine = &executor.Engine{Catalog: catalog.New(env.things, env.slow)}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(env.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	env.srv = New(cfg)
	env.addr = ln.Addr().String()
	served := make(chan error, 1)
	go func() { served <- env.srv.Serve(ln) }()
	t.Cleanup(func() {
		select {
		case <-env.slow.release:
		default:
			close(env.slow.release)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := env.srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve returned %v, want ErrServerClosed", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", env.logs.String())
		}
	})
	return env
}

// connString is a libpq connection string for the server; extra is added.
func (e *testEnv) connString(extra string) string {
	host, port, _ := net.SplitHostPort(e.addr)
	return fmt.Sprintf("host=%s port=%s user=alice database=aws sslmode=disable connect_timeout=5 %s", host, port, extra)
}

// connect opens a pgconn connection (closed at the end of the test).
func (e *testEnv) connect(t *testing.T, extra string) *pgconn.PgConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	pc, err := pgconn.Connect(ctx, e.connString(extra))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { pc.Close(context.Background()) })
	return pc
}

// fe is a raw protocol client for message-level tests.
type fe struct {
	t  *testing.T
	nc net.Conn
	f  *pgproto3.Frontend
}

// dial opens a TCP connection without any protocol.
func (e *testEnv) dial(t *testing.T) *fe {
	t.Helper()
	nc, err := net.DialTimeout("tcp", e.addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	t.Cleanup(func() { nc.Close() })
	return &fe{t: t, nc: nc, f: pgproto3.NewFrontend(nc, nc)}
}

// start dials and completes startup (trust auth) up to ReadyForQuery.
func (e *testEnv) start(t *testing.T, params map[string]string) *fe {
	t.Helper()
	c := e.dial(t)
	p := map[string]string{"user": "alice", "database": "aws"}
	for k, v := range params {
		p[k] = v
	}
	c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: p})
	c.until("ReadyForQuery")
	return c
}

func (c *fe) send(msgs ...pgproto3.FrontendMessage) {
	c.t.Helper()
	for _, m := range msgs {
		c.f.Send(m)
	}
	if err := c.f.Flush(); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

func (c *fe) sendRaw(b []byte) {
	c.t.Helper()
	if _, err := c.nc.Write(b); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *fe) recv() pgproto3.BackendMessage {
	c.t.Helper()
	m, err := c.f.Receive()
	if err != nil {
		c.t.Fatalf("receive: %v", err)
	}
	return m
}

// until reads messages up to and including one of type name, and returns
// them rendered.
func (c *fe) until(name string) []string {
	c.t.Helper()
	var out []string
	for {
		m := c.recv()
		out = append(out, render(m))
		if msgName(m) == name {
			return out
		}
		if e, ok := m.(*pgproto3.ErrorResponse); ok && e.Severity == "FATAL" {
			c.t.Fatalf("FATAL before %s: %s", name, strings.Join(out, "\n"))
		}
	}
}

// expect reads len(want) messages and compares their rendering; a want
// ending in "*" matches a prefix.
func (c *fe) expect(want ...string) {
	c.t.Helper()
	for i, w := range want {
		got := render(c.recv())
		if strings.HasSuffix(w, "*") && strings.HasPrefix(got, strings.TrimSuffix(w, "*")) {
			continue
		}
		if got != w {
			c.t.Fatalf("message %d:\n got %s\nwant %s", i+1, got, w)
		}
	}
}

// closed reports whether the server closed the connection (after reading
// and dropping anything still in flight).
func (c *fe) closed() bool {
	c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 512)
	for {
		if _, err := c.nc.Read(buf); err != nil {
			var ne net.Error
			return !(errors.As(err, &ne) && ne.Timeout())
		}
	}
}

func msgName(m pgproto3.BackendMessage) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", m), "*pgproto3.")
}

// render writes a backend message compactly and deterministically: the
// fields that matter, nothing random (keys, pids).
func render(m pgproto3.BackendMessage) string {
	switch m := m.(type) {
	case *pgproto3.RowDescription:
		var parts []string
		for _, f := range m.Fields {
			parts = append(parts, fmt.Sprintf("%s:%d/%d/%d/%d/%d/%d", f.Name, f.DataTypeOID, f.DataTypeSize, f.TypeModifier, f.TableOID, f.TableAttributeNumber, f.Format))
		}
		return "RowDescription " + strings.Join(parts, " ")
	case *pgproto3.DataRow:
		var parts []string
		for _, v := range m.Values {
			if v == nil {
				parts = append(parts, "NULL")
			} else {
				parts = append(parts, fmt.Sprintf("%q", v))
			}
		}
		return "DataRow " + strings.Join(parts, " ")
	case *pgproto3.CommandComplete:
		return fmt.Sprintf("CommandComplete %q", m.CommandTag)
	case *pgproto3.ReadyForQuery:
		return "ReadyForQuery " + string(m.TxStatus)
	case *pgproto3.ErrorResponse:
		s := fmt.Sprintf("ErrorResponse %s %s %q", m.Severity, m.Code, m.Message)
		if m.Position != 0 {
			s += fmt.Sprintf(" position=%d", m.Position)
		}
		return s
	case *pgproto3.NoticeResponse:
		return fmt.Sprintf("NoticeResponse %s %s %q", m.Severity, m.Code, m.Message)
	case *pgproto3.ParameterStatus:
		return fmt.Sprintf("ParameterStatus %s=%q", m.Name, m.Value)
	case *pgproto3.ParameterDescription:
		return fmt.Sprintf("ParameterDescription %v", m.ParameterOIDs)
	case *pgproto3.BackendKeyData:
		return "BackendKeyData"
	case *pgproto3.NegotiateProtocolVersion:
		return fmt.Sprintf("NegotiateProtocolVersion %d %v", m.NewestMinorProtocol, m.UnrecognizedOptions)
	case *pgproto3.AuthenticationSASL:
		return fmt.Sprintf("AuthenticationSASL %v", m.AuthMechanisms)
	}
	return msgName(m)
}

// pgCode is the SQLSTATE of a pgconn error, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func pgMessage(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Severity + " " + pe.Code + " " + pe.Message
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// int4 encodes a binary int4 parameter.
func int4(n int32) []byte {
	b, _ := pgtype.NewMap().Encode(pgtype.Int4OID, 1, n, nil)
	return b
}
