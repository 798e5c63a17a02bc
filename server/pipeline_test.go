package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/executor"
)

// writeServer is a server over vpn_connections in ec2sim (seeded with the
// demo data), whose request log shows the writes each test made.
type writeServer struct {
	*testEnv
	sim *ec2sim.Sim
	id  string // a seeded connection of us-east-1
	tag atomic.Int64
}

func startWriteServer(t *testing.T) *writeServer {
	t.Helper()
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	sim := ec2sim.New(ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{Disabled: true}, RandSeed: 7})
	if err := sim.Seed(ec2sim.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(sim)
	t.Cleanup(func() { sim.Close(); hs.Close() })
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDSERVER", "secret", ""),
		BaseEndpoint: aws.String(hs.URL), Retryer: func() aws.Retryer { return aws.NopRetryer{} }}
	src := &ec2.Source{Accounts: []*ec2.Account{ec2.NewAccount(cfg)}, Regions: []string{"us-east-1", "eu-west-1"}}
	env := startServer(t, Config{Engine: &executor.Engine{Catalog: catalog.New(ec2.NewVPNConnections(src))}})
	w := &writeServer{testEnv: env, sim: sim}
	c := env.start(t, nil)
	c.send(&pgproto3.Query{String: `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'us-east-1' ORDER BY 1 LIMIT 1`})
	for _, m := range c.until("ReadyForQuery") {
		if strings.HasPrefix(m, "DataRow ") {
			w.id = strings.Trim(strings.TrimPrefix(m, "DataRow "), `"`)
		}
	}
	if w.id == "" {
		t.Fatal("no seeded connection")
	}
	return w
}

// update is an UPDATE that makes exactly one CreateTags call: each one
// sets a new value.
func (w *writeServer) update() string {
	return fmt.Sprintf(`UPDATE vpn_connections SET tags = tags || '{"Step": "%d"}' WHERE "vpnConnectionId" = '%s'`, w.tag.Add(1), w.id)
}

// writes is the number of write calls since the last look.
func (w *writeServer) writes() int {
	n := 0
	for _, r := range w.sim.Requests() {
		if !strings.HasPrefix(r.Action, "Describe") {
			n++
		}
	}
	w.sim.ResetRequests()
	return n
}

func execute(sql string) []pgproto3.FrontendMessage {
	return []pgproto3.FrontendMessage{&pgproto3.Parse{Query: sql}, &pgproto3.Bind{}, &pgproto3.Execute{}}
}

func join(parts ...[]pgproto3.FrontendMessage) []pgproto3.FrontendMessage {
	var out []pgproto3.FrontendMessage
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var (
	syncMsg  = []pgproto3.FrontendMessage{&pgproto3.Sync{}}
	flushMsg = []pgproto3.FrontendMessage{&pgproto3.Flush{}}
)

// TestPipeline_WriteDecidedByNextMessage: a write's Execute runs when Sync
// or Flush follows it, and is refused with 25001 before any call when
// another statement's message follows before Sync.
func TestPipeline_WriteDecidedByNextMessage(t *testing.T) {
	w := startWriteServer(t)
	w.writes()
	tests := []struct {
		name   string
		msgs   func() []pgproto3.FrontendMessage
		want   []string
		writes int
	}{
		{"Sync after the write: it runs",
			func() []pgproto3.FrontendMessage { return join(execute(w.update()), syncMsg) },
			[]string{"ParseComplete", "BindComplete", `CommandComplete "UPDATE 1"`, "ReadyForQuery I"}, 1},
		{"another statement before Sync: refused, the rest skipped",
			func() []pgproto3.FrontendMessage { return join(execute(w.update()), execute("SELECT 1/0"), syncMsg) },
			[]string{"ParseComplete", "BindComplete", `ErrorResponse ERROR 25001 "cannot execute UPDATE within a pipeline"`, "ReadyForQuery I"}, 0},
		{"a Bind of an earlier statement before Sync: refused",
			func() []pgproto3.FrontendMessage {
				return join([]pgproto3.FrontendMessage{&pgproto3.Parse{Name: "s", Query: "SELECT 1"}}, execute(w.update()),
					[]pgproto3.FrontendMessage{&pgproto3.Bind{PreparedStatement: "s"}}, syncMsg)
			},
			[]string{"ParseComplete", "ParseComplete", "BindComplete", `ErrorResponse ERROR 25001 "cannot execute UPDATE within a pipeline"`, "ReadyForQuery I"}, 0},
		{"two writes before Sync: the first is refused",
			func() []pgproto3.FrontendMessage { return join(execute(w.update()), execute(w.update()), syncMsg) },
			[]string{"ParseComplete", "BindComplete", `ErrorResponse ERROR 25001 "cannot execute UPDATE within a pipeline"`, "ReadyForQuery I"}, 0},
		{"reads before the write are fine",
			func() []pgproto3.FrontendMessage { return join(execute("SELECT 1"), execute(w.update()), syncMsg) },
			[]string{"ParseComplete", "BindComplete", `DataRow "1"`, `CommandComplete "SELECT 1"`, "ParseComplete", "BindComplete", `CommandComplete "UPDATE 1"`, "ReadyForQuery I"}, 1},
		{"Describe and Close after the write wait with it, in order",
			func() []pgproto3.FrontendMessage {
				return join([]pgproto3.FrontendMessage{&pgproto3.Parse{Name: "u", Query: w.update()}, &pgproto3.Bind{PreparedStatement: "u"},
					&pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{}, &pgproto3.Describe{ObjectType: 'S', Name: "u"},
					&pgproto3.Close{ObjectType: 'S', Name: "u"}}, syncMsg)
			},
			[]string{"ParseComplete", "BindComplete", "NoData", `CommandComplete "UPDATE 1"`, "ParameterDescription []", "NoData", "CloseComplete", "ReadyForQuery I"}, 1},
		{"a row limit over a write function called per row: refused",
			func() []pgproto3.FrontendMessage {
				return join([]pgproto3.FrontendMessage{&pgproto3.Parse{Query: `SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.9.0.0/16') r WHERE v."vpnConnectionId" = '` + w.id + `'`},
					&pgproto3.Bind{}, &pgproto3.Execute{MaxRows: 1}}, syncMsg)
			},
			[]string{"ParseComplete", "BindComplete", `ErrorResponse ERROR 0A000 "a row limit on Execute is not allowed over a write function called per row"`, "ReadyForQuery I"}, 0},
		{"Flush after the write: it runs",
			func() []pgproto3.FrontendMessage { return join(execute(w.update()), flushMsg, syncMsg) },
			[]string{"ParseComplete", "BindComplete", `CommandComplete "UPDATE 1"`, "ReadyForQuery I"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := w.start(t, nil)
			c.send(tt.msgs()...)
			c.expect(tt.want...)
			if n := w.writes(); n != tt.writes {
				t.Errorf("%d write calls, want %d", n, tt.writes)
			}
		})
	}
}

// TestPipeline_ImmediateAndWaiting: with writes_in_transaction = immediate
// a pipelined write runs with a WARNING; a client that sends Execute and
// waits before Sync gets its answer after the Sync (nothing deadlocks);
// Terminate after the Execute makes no call.
func TestPipeline_ImmediateAndWaiting(t *testing.T) {
	w := startWriteServer(t)
	w.writes()
	c := w.start(t, map[string]string{"options": "-c vpnsql.writes_in_transaction=immediate"})
	c.send(join(execute(w.update()), execute("SELECT 2"), syncMsg)...)
	c.expect("ParseComplete", "BindComplete", `NoticeResponse WARNING 25001 "UPDATE within a pipeline changes AWS resources immediately"`,
		`CommandComplete "UPDATE 1"`, "ParseComplete", "BindComplete", `DataRow "2"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I")
	if n := w.writes(); n != 1 {
		t.Errorf("%d write calls, want 1", n)
	}

	c = w.start(t, nil)
	c.send(execute(w.update())...)
	time.Sleep(300 * time.Millisecond)
	if n := w.writes(); n != 0 {
		t.Errorf("the write ran before the message after it: %d calls", n)
	}
	c.send(syncMsg...)
	c.expect("ParseComplete", "BindComplete", `CommandComplete "UPDATE 1"`, "ReadyForQuery I")
	if n := w.writes(); n != 1 {
		t.Errorf("%d write calls, want 1", n)
	}

	c = w.start(t, nil)
	c.send(join(execute(w.update()), []pgproto3.FrontendMessage{&pgproto3.Terminate{}})...)
	deadline := time.Now().Add(5 * time.Second)
	for !c.closed() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := w.writes(); n != 0 {
		t.Errorf("a write was made for a batch the client abandoned: %d calls", n)
	}
}

// TestSimple_WriteInMultiStatementQuery: a Query message holding a write
// and anything else is refused before any call; alone it runs.
func TestSimple_WriteInMultiStatementQuery(t *testing.T) {
	w := startWriteServer(t)
	w.writes()
	pc := w.connect(t, "")
	ctx := context.Background()
	for _, tt := range []struct {
		sql    string
		code   string
		writes int
	}{
		{w.update() + "; SELECT 1/0", "25001", 0},
		{"SELECT 1; " + w.update(), "25001", 0},
		{w.update(), "", 1},
		{"SET vpnsql.writes_in_transaction = immediate; " + w.update() + "; SELECT 1/0", "22012", 1},
	} {
		_, err := pc.Exec(ctx, tt.sql).ReadAll()
		if pgCode(err) != tt.code {
			t.Errorf("%s: %v, want %q", tt.sql, err, tt.code)
		}
		if tt.code == "25001" && !strings.Contains(pgMessage(err), "in a Query message with several statements") {
			t.Errorf("%s: %s", tt.sql, pgMessage(err))
		}
		if n := w.writes(); n != tt.writes {
			t.Errorf("%s: %d write calls, want %d", tt.sql, n, tt.writes)
		}
	}
}
