package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/server"
)

func lines(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

var call = ec2.APICall{Time: time.Date(2026, 12, 7, 1, 2, 3, 4e6, time.UTC), AccountID: "123456789012", Region: "eu-west-1",
	Service: "EC2", Action: "CreateVpnConnection", Params: map[string]any{"Type": "ipsec.1", "PreSharedKey": "<redacted>"},
	User: "alice", ApplicationName: "psql", Statement: "INSERT INTO vpn_connections ...",
	Result: "ok", RequestID: "req-1", Attempts: 1, Latency: 15 * time.Millisecond}

// TestLog_Lines: the JSON of each kind of line, field by field.
func TestLog_Lines(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf)
	for _, ev := range []server.LoginEvent{
		{Time: call.Time, User: "alice", Database: "aws", ApplicationName: "psql", Address: "10.0.0.1:5000", TLS: true, Method: "scram-sha-256", Outcome: server.LoginSuccess},
		{Time: call.Time, User: "mallory", Database: "aws", Address: "10.0.0.2:5001", Method: "scram-sha-256", Outcome: server.LoginFailure, SQLState: "28P01", Reason: "password authentication failed for user \"mallory\""},
		{Time: call.Time, User: "psql-asking", Outcome: server.LoginAbandoned},
	} {
		if err := l.Login(ev); err != nil {
			t.Fatal(err)
		}
	}
	h := l.Hooks(nil)
	if err := h.BeforeWrite(context.Background(), call); err != nil {
		t.Fatal(err)
	}
	h.Done(call)
	read := call
	read.Action = "DescribeVpnConnections"
	h.Done(read) // reads are not audited
	got := lines(t, buf.Bytes())
	want := []string{
		`{"address":"10.0.0.1:5000","application_name":"psql","database":"aws","event":"login","method":"scram-sha-256","outcome":"success","time":"2026-12-07T01:02:03.004Z","tls":true,"user":"alice"}`,
		`{"address":"10.0.0.2:5001","database":"aws","event":"login","method":"scram-sha-256","outcome":"failure","reason":"password authentication failed for user \"mallory\"","sqlstate":"28P01","time":"2026-12-07T01:02:03.004Z","tls":false,"user":"mallory"}`,
		`{"account":"123456789012","action":"CreateVpnConnection","application_name":"psql","event":"write_intent","parameters":{"PreSharedKey":"<redacted>","Type":"ipsec.1"},"region":"eu-west-1","statement":"INSERT INTO vpn_connections ...","time":"2026-12-07T01:02:03.004Z","user":"alice"}`,
		`{"account":"123456789012","action":"CreateVpnConnection","application_name":"psql","attempts":1,"event":"write","latency_ms":15,"outcome":"ok","parameters":{"PreSharedKey":"<redacted>","Type":"ipsec.1"},"region":"eu-west-1","request_id":"req-1","statement":"INSERT INTO vpn_connections ...","time":"2026-12-07T01:02:03.004Z","user":"alice"}`,
	}
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(got), len(want), buf.String())
	}
	for i := range want {
		var b bytes.Buffer
		enc := json.NewEncoder(&b) // keys sorted
		enc.SetEscapeHTML(false)
		enc.Encode(got[i])
		if strings.TrimSpace(b.String()) != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i, b.String(), want[i])
		}
	}
}

// TestLog_Reopen: after a rename and Reopen, lines go to a new file at
// the path; the renamed file keeps the lines before.
func TestLog_Reopen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.log")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	login := server.LoginEvent{User: "before", Outcome: server.LoginSuccess}
	if err := l.Login(login); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	if err := l.Reopen(); err != nil {
		t.Fatal(err)
	}
	login.User = "after"
	if err := l.Login(login); err != nil {
		t.Fatal(err)
	}
	for file, user := range map[string]string{path + ".1": "before", path: "after"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		got := lines(t, b)
		if len(got) != 1 || got[0]["user"] != user {
			t.Errorf("%s: %s, want one line of user %s", filepath.Base(file), b, user)
		}
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("new file mode %v, want 0600", st.Mode().Perm())
	}
	// A path that cannot be opened: Reopen fails, the old file goes on.
	os.Remove(path)
	os.Mkdir(path, 0o700)
	if err := l.Reopen(); err == nil {
		t.Error("Reopen onto a directory succeeded")
	}
	if err := l.Login(login); err != nil {
		t.Errorf("after a failed Reopen: %v", err)
	}
}

// TestLog_IntentFails: a write intent that cannot be written is 58030,
// and the hook's onError hears of it.
func TestLog_IntentFails(t *testing.T) {
	l, err := Open("/dev/full")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var heard error
	err = l.Hooks(func(err error) { heard = err }).BeforeWrite(context.Background(), call)
	var pe *pgerr.Error
	if !errors.As(err, &pe) || pe.Code != pgerr.IoError || !strings.Contains(pe.Detail, "CreateVpnConnection was not sent") {
		t.Fatalf("BeforeWrite on a full disk = %v, want 58030", err)
	}
	if heard == nil {
		t.Error("onError was not called")
	}
	if err := l.Reopen(); err != nil {
		t.Errorf("Reopen of /dev/full: %v", err)
	}
}

// TestOpen_Stdout: "stdout" is the process's standard output; Reopen
// leaves it alone.
func TestOpen_Stdout(t *testing.T) {
	l, err := Open(Stdout)
	if err != nil || l.Path() != "" || l.Reopen() != nil || l.Close() != nil {
		t.Errorf("Open(stdout) = %+v, %v", l, err)
	}
}
