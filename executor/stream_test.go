package executor

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
)

// slowRegions makes DescribeVpnConnections in every demo region but
// us-east-1 take a minute: a statement that needs only us-east-1's
// answer must not wait for them, and must cancel them.
func slowRegions(sim *ec2sim.Sim) {
	for _, r := range demoRegions[1:] {
		sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Region: r, Kind: ec2sim.FaultLatency, Latency: time.Minute})
	}
}

// inFlight counts the requests the simulator is serving.
type inFlight struct{ n atomic.Int64 }

func (f *inFlight) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.n.Add(1)
		defer f.n.Add(-1)
		h.ServeHTTP(w, r)
	})
}

// newStreamSession is newSimSession with a count of the requests in
// flight: a call the statement no longer needs must end (cancelled), not
// go on to its answer a minute later.
func newStreamSession(t *testing.T) (*Session, *ec2sim.Sim, *inFlight) {
	t.Helper()
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	sim := ec2sim.New(ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{Disabled: true}})
	if err := sim.Seed(ec2sim.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	flight := &inFlight{}
	srv := httptest.NewServer(flight.wrap(sim))
	t.Cleanup(func() { sim.Close(); srv.Close() })
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		BaseEndpoint: aws.String(srv.URL),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
	src := &ec2.Source{Accounts: []*ec2.Account{ec2.NewAccount(cfg)}, Regions: demoRegions}
	eng := &Engine{Catalog: catalog.New(ec2.NewVPNConnections(src))}
	s, err := eng.NewSession(SessionInfo{User: "test", Database: "aws", Params: map[string]string{"vpnsql.cache_ttl": "0"}})
	if err != nil {
		t.Fatal(err)
	}
	return s, sim, flight
}

// settle waits until no request is in flight and returns the
// DescribeVpnConnections calls the simulator logged, "region outcome",
// sorted; "cancelled" is a request the client gave up before the answer.
func settle(t *testing.T, sim *ec2sim.Sim, flight *inFlight) []string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for flight.n.Load() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d requests still in flight after 20s: the statement did not cancel them", flight.n.Load())
		}
		time.Sleep(5 * time.Millisecond)
	}
	var out []string
	for _, r := range sim.Requests() {
		if r.Action == "DescribeVpnConnections" {
			outcome := "answered"
			if r.Status == 0 {
				outcome = "cancelled"
			}
			out = append(out, r.Region+" "+outcome)
		}
	}
	sort.Strings(out)
	return out
}

// wantOnlyFirstRegion checks that us-east-1 answered and the slow
// regions' calls were cancelled or never sent.
func wantOnlyFirstRegion(t *testing.T, sim *ec2sim.Sim, flight *inFlight, what string) {
	t.Helper()
	got := settle(t, sim, flight)
	answered := 0
	for _, c := range got {
		switch c {
		case "us-east-1 answered":
			answered++
		case "eu-west-1 cancelled", "ap-southeast-2 cancelled":
		default:
			t.Fatalf("%s: DescribeVpnConnections calls %q, want us-east-1 answered and the others cancelled or not made", what, got)
		}
	}
	if answered != 1 {
		t.Fatalf("%s: DescribeVpnConnections calls %q, want us-east-1 answered once", what, got)
	}
}

func TestStream_LimitCancelsOtherRegions(t *testing.T) {
	s, sim, flight := newStreamSession(t)
	slowRegions(sim)
	_, rows, err := run(t, s, `SELECT "vpnConnectionId", region FROM vpn_connections LIMIT 1`)
	if err != nil || len(rows) != 1 || rows[0][1] != "us-east-1" {
		t.Fatalf("LIMIT 1 = %v, %v; want one us-east-1 row", rows, err)
	}
	wantOnlyFirstRegion(t, sim, flight, "LIMIT 1")
}

func TestStream_ExistsAndInStopEarly(t *testing.T) {
	s, sim, flight := newStreamSession(t)
	_, rows, err := run(t, s, `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'us-east-1' ORDER BY 1 LIMIT 1`)
	if err != nil || len(rows) != 1 {
		t.Fatalf("an id: %v, %v", rows, err)
	}
	id := rows[0][0]
	slowRegions(sim)
	for _, tc := range []struct {
		sql    string
		params []any
	}{
		{`SELECT EXISTS (SELECT 1 FROM vpn_connections)`, nil},
		{`SELECT $1::text IN (SELECT "vpnConnectionId" FROM vpn_connections)`, []any{id}},
		{`SELECT $1::text = ANY (SELECT "vpnConnectionId" FROM vpn_connections)`, []any{id}},
		{`SELECT NOT ($1::text <> ALL (SELECT "vpnConnectionId" FROM vpn_connections))`, []any{id}},
	} {
		sim.ResetRequests()
		_, rows, err := run(t, s, tc.sql, tc.params...)
		if err != nil || len(rows) != 1 || rows[0][0] != "t" {
			t.Fatalf("%s = %v, %v; want t", tc.sql, rows, err)
		}
		wantOnlyFirstRegion(t, sim, flight, tc.sql)
	}
}

// A portal read in part and closed (the server closes the cursor when the
// portal or its transaction ends) cancels the scan's calls in flight.
func TestStream_CursorClosedEarlyCancels(t *testing.T) {
	s, sim, flight := newStreamSession(t)
	slowRegions(sim)
	stmts, err := s.Parse(`SELECT "vpnConnectionId", region FROM vpn_connections`)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Prepare(context.Background(), stmts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Execute(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	row, err := c.Next(context.Background())
	if err != nil || row == nil || row[1] != "us-east-1" {
		t.Fatalf("first row = %v, %v; want a us-east-1 row", row, err)
	}
	c.Close()
	wantOnlyFirstRegion(t, sim, flight, "a cursor closed after one row")
	if got := s.engine.memory().Used(); got != 0 {
		t.Errorf("after Close the server account holds %d bytes, want 0", got)
	}
}

// The read cache coalesces identical calls of concurrent statements; one
// statement leaving does not cancel the call the other waits for, and the
// call is cancelled when every statement waiting for it has left.
func TestStream_SharedCallCancelledByLastWaiter(t *testing.T) {
	s, sim, flight := newStreamSession(t)
	other, err := s.engine.NewSession(SessionInfo{User: "test", Database: "aws"})
	if err != nil {
		t.Fatal(err)
	}
	sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Region: "eu-west-1", Kind: ec2sim.FaultLatency, Latency: 400 * time.Millisecond})
	const q = `SELECT count(*) FROM vpn_connections WHERE region = 'eu-west-1'`
	for _, sess := range []*Session{s, other} {
		if _, _, err := run(t, sess, "SET vpnsql.cache_ttl = '1min'"); err != nil {
			t.Fatal(err)
		}
	}
	// count runs q with ctx and returns the count or the error.
	count := func(ctx context.Context, sess *Session) (string, error) {
		stmts, err := sess.Parse(q)
		if err != nil {
			return "", err
		}
		p, err := sess.Prepare(ctx, stmts[0], nil)
		if err != nil {
			return "", err
		}
		c, err := sess.Execute(ctx, p, nil)
		if err != nil {
			return "", err
		}
		defer c.Close()
		row, err := c.Next(ctx)
		if err != nil {
			return "", err
		}
		return fmt.Sprint(row[0]), nil
	}
	both := func(cancelFirst, cancelSecond bool) (errs [2]error, got [2]string) {
		var wg sync.WaitGroup
		for i, sess := range []*Session{s, other} {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if (i == 0 && cancelFirst) || (i == 1 && cancelSecond) {
				time.AfterFunc(100*time.Millisecond, cancel)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], errs[i] = count(ctx, sess)
			}()
		}
		wg.Wait()
		return errs, got
	}

	errs, got := both(true, false)
	if !errors.Is(errs[0], context.Canceled) {
		t.Errorf("the cancelled statement: %v, want cancelled", errs[0])
	}
	if errs[1] != nil || got[1] == "" || got[1] == "0" {
		t.Errorf("the other statement: %q, %v; want its rows", got[1], errs[1])
	}
	if out := settle(t, sim, flight); len(out) != 1 || out[0] != "eu-west-1 answered" {
		t.Errorf("one statement cancelled: calls %q, want one answered call", out)
	}

	sim.ResetRequests()
	if _, _, err := run(t, s, "SET vpnsql.cache_ttl = '1ms'"); err != nil { // let the entry expire
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if _, _, err := run(t, other, "SET vpnsql.cache_ttl = '1ms'"); err != nil {
		t.Fatal(err)
	}
	errs, _ = both(true, true)
	for i, err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("statement %d: %v, want cancelled", i, err)
		}
	}
	if out := settle(t, sim, flight); len(out) != 1 || out[0] != "eu-west-1 cancelled" {
		t.Errorf("both statements cancelled: calls %q, want one cancelled call", out)
	}
}
