package server

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

func testUsers(t *testing.T) StaticUsers {
	v, err := SCRAMVerifier("hunter2")
	if err != nil {
		t.Fatal(err)
	}
	return StaticUsers{
		"alice": {Password: "secret"},
		"bob":   {SCRAM: v},
		"carol": {MD5: MD5Password("carol", "pw")},
	}
}

func TestAuth_Methods(t *testing.T) {
	tlsCfg, err := SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	users := testUsers(t)
	cases := []struct {
		method AuthMethod
		users  bool // configure Users
		conn   string
		want   string // "" = success, else "SEVERITY CODE message"
	}{
		{AuthTrust, false, "user=anyone", ""},
		{AuthTrust, true, "user=alice", ""},
		{AuthTrust, true, "user=mallory", `FATAL 28000 role "mallory" does not exist`},

		{AuthPassword, true, "user=alice password=secret", ""},
		{AuthPassword, true, "user=bob password=hunter2", ""},
		{AuthPassword, true, "user=carol password=pw", ""},
		{AuthPassword, true, "user=alice password=wrong", `FATAL 28P01 password authentication failed for user "alice"`},
		{AuthPassword, true, "user=mallory password=x", `FATAL 28P01 password authentication failed for user "mallory"`},

		{AuthMD5, true, "user=alice password=secret", ""},
		{AuthMD5, true, "user=carol password=pw", ""},
		{AuthMD5, true, "user=bob password=hunter2", ""}, // only a SCRAM verifier: SCRAM instead
		{AuthMD5, true, "user=carol password=wrong", `FATAL 28P01 password authentication failed for user "carol"`},
		{AuthMD5, true, "user=mallory password=x", `FATAL 28P01 password authentication failed for user "mallory"`},

		{AuthSCRAM, true, "user=alice password=secret", ""},
		{AuthSCRAM, true, "user=bob password=hunter2", ""},
		{AuthSCRAM, true, "user=bob password=hunter3", `FATAL 28P01 password authentication failed for user "bob"`},
		{AuthSCRAM, true, "user=carol password=pw", `FATAL 28P01 password authentication failed for user "carol"`},
		{AuthSCRAM, true, "user=mallory password=x", `FATAL 28P01 password authentication failed for user "mallory"`},
		{AuthSCRAM, true, "user=bob password=hunter2 sslmode=require channel_binding=require", ""},
		{AuthSCRAM, true, "user=bob password=hunter2 sslmode=require channel_binding=disable", ""},
		{AuthSCRAM, true, "user=bob password=wrong sslmode=require channel_binding=require", `FATAL 28P01 password authentication failed for user "bob"`},
		{AuthPassword, true, "user=alice password=secret sslmode=require", ""},
		{AuthMD5, true, "user=carol password=pw sslmode=require", ""},
	}
	envs := map[string]*testEnv{}
	for _, tc := range cases {
		key := fmt.Sprint(tc.method, tc.users)
		if envs[key] == nil {
			cfg := Config{Auth: tc.method, TLS: tlsCfg}
			if tc.users {
				cfg.Users = users
			}
			envs[key] = startServer(t, cfg)
		}
	}
	for _, tc := range cases {
		name := fmt.Sprintf("%s %s", tc.method, tc.conn)
		t.Run(name, func(t *testing.T) {
			env := envs[fmt.Sprint(tc.method, tc.users)]
			conn := tc.conn
			if !strings.Contains(conn, "sslmode") {
				conn += " sslmode=disable"
			}
			host, port := splitAddr(env.addr)
			pc, err := pgconn.Connect(context.Background(), fmt.Sprintf("host=%s port=%s database=aws connect_timeout=5 %s", host, port, conn))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				defer pc.Close(context.Background())
				if _, err := pc.Exec(context.Background(), "SELECT 1").ReadAll(); err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				pc.Close(context.Background())
				t.Fatal("connected, want an error")
			}
			if got := pgMessage(err); got != tc.want {
				t.Fatalf("error %q, want %q", got, tc.want)
			}
		})
	}
}

func splitAddr(addr string) (string, string) {
	i := strings.LastIndexByte(addr, ':')
	return addr[:i], addr[i+1:]
}

// TestAuth_SCRAMMechanisms checks what is offered: PLUS only over TLS.
func TestAuth_SCRAMMechanisms(t *testing.T) {
	env := startServer(t, Config{Auth: AuthSCRAM, Users: testUsers(t)})
	c := env.dial(t)
	c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "bob"}})
	c.expect("AuthenticationSASL [SCRAM-SHA-256]")
	// A client choosing a mechanism that was not offered.
	c.send(&pgproto3.SASLInitialResponse{AuthMechanism: "SCRAM-SHA-256-PLUS", Data: []byte("p=tls-server-end-point,,n=,r=abc")})
	c.expect(`ErrorResponse FATAL 08P01 "client selected an invalid SASL authentication mechanism"`)
	if !c.closed() {
		t.Error("connection still open")
	}
	// The wrong message type instead of a SASL response.
	c = env.dial(t)
	c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "bob"}})
	c.expect("AuthenticationSASL [SCRAM-SHA-256]")
	c.send(&pgproto3.Query{String: "SELECT 1"})
	c.expect(`ErrorResponse FATAL 08P01 "expected SASL response, got message type 81"`)
}

// TestAuth_ClientGoesAway is psql's first attempt without a password: the
// client closes after the authentication request; nothing is logged as a
// failure and the slot is released.
func TestAuth_ClientGoesAway(t *testing.T) {
	env := startServer(t, Config{Auth: AuthSCRAM, Users: testUsers(t), MaxConnections: 1})
	for range 3 {
		// The previous connection's slot is released just after it closes.
		for {
			c := env.dial(t)
			c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "bob"}})
			if m := render(c.recv()); m != "AuthenticationSASL [SCRAM-SHA-256]" {
				if !strings.Contains(m, "53300") {
					t.Fatalf("got %s", m)
				}
				c.nc.Close()
				time.Sleep(5 * time.Millisecond)
				continue
			}
			c.nc.Close()
			break
		}
	}
	host, port := splitAddr(env.addr)
	var pc *pgconn.PgConn
	var err error
	for range 100 {
		pc, err = pgconn.Connect(context.Background(), fmt.Sprintf("host=%s port=%s user=bob password=hunter2 sslmode=disable", host, port))
		if err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	pc.Close(context.Background())
	if strings.Contains(env.logs.String(), "authentication failed") {
		t.Errorf("a client leaving was logged as an authentication failure:\n%s", env.logs.String())
	}
}

// TestSCRAMVerifier checks the format against a verifier PostgreSQL 15
// made (CREATE ROLE ... PASSWORD 'pw' with password_encryption =
// scram-sha-256): same salt and iterations give the same keys.
func TestSCRAMVerifier(t *testing.T) {
	const fromPG = "SCRAM-SHA-256$4096:aniOk8V8d3fLb+qBGbWOBg==$/FxFdCd0vik3v5rXacu2VIyEDskvEzSkAIS2nemOUfg=:32wYKLktt4npA9egx6xe3/OLmncOY+Lez53EvsJ+VPU="
	sc, err := parseSCRAMVerifier(fromPG)
	if err != nil {
		t.Fatal(err)
	}
	got, err := scramVerifier("pw", []byte(sc.Salt), sc.Iters)
	if err != nil {
		t.Fatal(err)
	}
	if got != fromPG {
		t.Errorf("verifier\n got %s\nwant %s", got, fromPG)
	}
	v, err := SCRAMVerifier("pw")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parseSCRAMVerifier(v); err != nil || v == fromPG {
		t.Errorf("SCRAMVerifier = %q, %v", v, err)
	}
	for _, bad := range []string{"", "md5abc", "SCRAM-SHA-256$x:salt$a:b", "SCRAM-SHA-256$4096:" + base64.StdEncoding.EncodeToString([]byte("s")) + "$YQ==:YQ=="} {
		if _, err := parseSCRAMVerifier(bad); err == nil {
			t.Errorf("parseSCRAMVerifier(%q) accepted", bad)
		}
	}
	if got := MD5Password("carol", "pw"); got != "md56c96f6e52cf3c3e14f793f3207aca9e7" { // from PostgreSQL 15
		t.Errorf("MD5Password = %q", got)
	}
	if !checkCleartext("bob", "pw", Credential{SCRAM: fromPG}) || checkCleartext("bob", "px", Credential{SCRAM: fromPG}) {
		t.Error("cleartext check against a SCRAM verifier")
	}
}

func TestParseAuthMethod(t *testing.T) {
	for _, m := range []AuthMethod{AuthTrust, AuthPassword, AuthMD5, AuthSCRAM} {
		got, err := ParseAuthMethod(m.String())
		if err != nil || got != m {
			t.Errorf("ParseAuthMethod(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := ParseAuthMethod("kerberos"); err == nil {
		t.Error("kerberos accepted")
	}
}

// TestAuth_MockSaltIsStable: an unknown user gets the same salt on every
// attempt, as a real user does, so salts do not reveal who exists.
func TestAuth_MockSaltIsStable(t *testing.T) {
	env := startServer(t, Config{Auth: AuthSCRAM, Users: testUsers(t)})
	salt := func(user string) string {
		c := env.dial(t)
		c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": user}})
		c.expect("AuthenticationSASL [SCRAM-SHA-256]")
		c.send(&pgproto3.SASLInitialResponse{AuthMechanism: "SCRAM-SHA-256", Data: []byte("n,,n=,r=abcdef")})
		m, ok := c.recv().(*pgproto3.AuthenticationSASLContinue)
		if !ok {
			t.Fatal("no SASLContinue")
		}
		_, rest, _ := strings.Cut(string(m.Data), ",s=")
		s, _, _ := strings.Cut(rest, ",")
		return s
	}
	for _, user := range []string{"mallory", "alice", "bob"} {
		if a, b := salt(user), salt(user); a != b {
			t.Errorf("%s: salt changed between attempts: %s, %s", user, a, b)
		}
	}
	if salt("mallory") == salt("eve") {
		t.Error("two unknown users share a salt")
	}
}
