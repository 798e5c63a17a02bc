package server

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// packet builds a startup-phase packet: length, code, then NUL-terminated
// strings and the final terminator when strs is not nil.
func packet(code uint32, strs ...string) []byte {
	b := binary.BigEndian.AppendUint32(make([]byte, 4), code)
	if strs != nil {
		for _, s := range strs {
			b = append(append(b, s...), 0)
		}
		b = append(b, 0)
	}
	binary.BigEndian.PutUint32(b, uint32(len(b)))
	return b
}

func (c *fe) readByte() byte {
	c.t.Helper()
	var b [1]byte
	if _, err := c.nc.Read(b[:]); err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return b[0]
}

// The ParameterStatus set PostgreSQL 15 sends, with vpnsql's values.
var wantParameterStatus = []string{
	`ParameterStatus application_name="psql"`,
	`ParameterStatus client_encoding="UTF8"`,
	`ParameterStatus DateStyle="ISO, MDY"`,
	`ParameterStatus default_transaction_read_only="off"`,
	`ParameterStatus in_hot_standby="off"`,
	`ParameterStatus integer_datetimes="on"`,
	`ParameterStatus IntervalStyle="postgres"`,
	`ParameterStatus is_superuser="off"`,
	`ParameterStatus server_encoding="UTF8"`,
	`ParameterStatus server_version="15.18"`,
	`ParameterStatus session_authorization="alice"`,
	`ParameterStatus standard_conforming_strings="on"`,
	`ParameterStatus TimeZone="UTC"`,
}

func TestStartup_SSLRequestWithoutTLS(t *testing.T) {
	env := startServer(t, Config{})
	c := env.dial(t)
	c.sendRaw(packet(codeSSL))
	if b := c.readByte(); b != 'N' {
		t.Fatalf("SSLRequest answered %q, want N", b)
	}
	c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "alice", "database": "aws", "application_name": "psql"}})
	want := append([]string{"AuthenticationOk"}, wantParameterStatus...)
	want = append(want, "BackendKeyData", "ReadyForQuery I")
	c.expect(want...)
}

func TestStartup_GSSENCRequest(t *testing.T) {
	env := startServer(t, Config{})
	c := env.dial(t)
	c.sendRaw(packet(codeGSSENC))
	if b := c.readByte(); b != 'N' {
		t.Fatalf("GSSENCRequest answered %q, want N", b)
	}
	c.sendRaw(packet(codeSSL))
	if b := c.readByte(); b != 'N' {
		t.Fatalf("SSLRequest after GSSENCRequest answered %q, want N", b)
	}
	// A second SSLRequest is not a protocol PostgreSQL knows.
	c.sendRaw(packet(codeSSL))
	c.expect(`ErrorResponse FATAL 0A000 "unsupported frontend protocol 1234.5679: server supports 3.0 to 3.0"`)
	if !c.closed() {
		t.Error("connection still open")
	}
}

func TestStartup_NegotiateProtocolVersion(t *testing.T) {
	env := startServer(t, Config{})
	for _, tc := range []struct {
		name    string
		version uint32
		params  []string
		want    string
	}{
		{"minor 2", 3<<16 | 2, []string{"user", "alice"}, "NegotiateProtocolVersion 0 []"},
		{"minor 9 and options", 3<<16 | 9, []string{"user", "alice", "_pq_.compression", "on"}, "NegotiateProtocolVersion 0 [_pq_.compression]"},
		{"3.0 with option", 3 << 16, []string{"_pq_.x", "1", "user", "alice"}, "NegotiateProtocolVersion 0 [_pq_.x]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := env.dial(t)
			c.sendRaw(packet(tc.version, tc.params...))
			c.expect(tc.want, "AuthenticationOk")
			c.until("ReadyForQuery")
			c.send(&pgproto3.Query{String: "SELECT 1"})
			c.expect("RowDescription*", `DataRow "1"`, `CommandComplete "SELECT 1"`, "ReadyForQuery I")
		})
	}
	// pgx asking for 3.2 accepts the downgrade and works.
	pc := env.connect(t, "max_protocol_version=3.2")
	if _, err := pc.Exec(context.Background(), "SELECT 1").ReadAll(); err != nil {
		t.Fatal(err)
	}
}

func TestStartup_Refused(t *testing.T) {
	env := startServer(t, Config{})
	for _, tc := range []struct {
		name string
		pkt  []byte
		want string
	}{
		{"protocol 2", packet(2<<16, "user", "alice"), `ErrorResponse FATAL 0A000 "unsupported frontend protocol 2.0: server supports 3.0 to 3.0"`},
		{"protocol 4", packet(4<<16, "user", "alice"), `ErrorResponse FATAL 0A000 "unsupported frontend protocol 4.0: server supports 3.0 to 3.0"`},
		{"no user", packet(3<<16, "database", "aws"), `ErrorResponse FATAL 28000 "no PostgreSQL user name specified in startup packet"`},
		{"no terminator", packet(3 << 16)[:8], ""},
		{"value missing", append(packet(3 << 16)[:8], "user\x00"...), ""},
		// As in PostgreSQL, authentication succeeds before settings apply.
		{"unknown setting", packet(3<<16, "user", "alice", "no_such_setting", "1"), "AuthenticationOk\n" + `ErrorResponse FATAL 42704 "unrecognized configuration parameter \"no_such_setting\""`},
		{"bad option", packet(3<<16, "user", "alice", "options", "-B 100"), `ErrorResponse FATAL 42601 "invalid command-line argument for server process: -B"`},
		{"replication", packet(3<<16, "user", "alice", "replication", "database"), `ErrorResponse FATAL 0A000 "replication connections are not supported"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := env.dial(t)
			pkt := tc.pkt
			binary.BigEndian.PutUint32(pkt, uint32(len(pkt)))
			c.sendRaw(pkt)
			want := tc.want
			if want == "" {
				want = `ErrorResponse FATAL 08P01 "invalid startup packet layout: expected terminator as last byte"`
			}
			c.expect(strings.Split(want, "\n")...)
			if !c.closed() {
				t.Error("connection still open")
			}
		})
	}
}

func TestStartup_BadLength(t *testing.T) {
	env := startServer(t, Config{})
	for _, n := range []uint32{3, 7, 10001, 1 << 31} {
		c := env.dial(t)
		c.sendRaw(binary.BigEndian.AppendUint32(nil, n))
		if !c.closed() {
			t.Errorf("length %d: connection still open", n)
		}
	}
}

func TestStartup_Options(t *testing.T) {
	env := startServer(t, Config{})
	pc := env.connect(t, `options='-c search_path=public --statement-timeout=5s -cextra_float_digits=3 -c application_name=with\\ space' DateStyle=ISO`)
	for setting, want := range map[string]string{
		"search_path":        "public",
		"statement_timeout":  "5s",
		"extra_float_digits": "3",
		"application_name":   "with space",
		"DateStyle":          "ISO",
	} {
		res, err := pc.Exec(context.Background(), "SHOW "+setting).ReadAll()
		if err != nil {
			t.Fatalf("SHOW %s: %v", setting, err)
		}
		if got := string(res[0].Rows[0][0]); !strings.HasPrefix(got, want) {
			t.Errorf("SHOW %s = %q, want %q", setting, got, want)
		}
	}
	if got := pc.ParameterStatus("application_name"); got != "with space" {
		t.Errorf("ParameterStatus application_name = %q", got)
	}
}

func TestStartup_ParameterStatusOnSet(t *testing.T) {
	env := startServer(t, Config{})
	pc := env.connect(t, "application_name=first")
	if got := pc.ParameterStatus("application_name"); got != "first" {
		t.Fatalf("application_name = %q, want first", got)
	}
	if _, err := pc.Exec(context.Background(), "SET application_name = 'PostgreSQL JDBC Driver'").ReadAll(); err != nil {
		t.Fatal(err)
	}
	if got := pc.ParameterStatus("application_name"); got != "PostgreSQL JDBC Driver" {
		t.Errorf("after SET application_name = %q", got)
	}
	if _, err := pc.Exec(context.Background(), "SET TimeZone = 'Europe/Berlin'").ReadAll(); err != nil {
		t.Fatal(err)
	}
	if got := pc.ParameterStatus("TimeZone"); got != "Europe/Berlin" {
		t.Errorf("after SET TimeZone = %q", got)
	}
}

func TestStartup_MaxConnections(t *testing.T) {
	env := startServer(t, Config{MaxConnections: 2})
	first := env.connect(t, "")
	env.connect(t, "")
	_, err := pgconn.Connect(context.Background(), env.connString(""))
	if got := pgMessage(err); got != "FATAL 53300 sorry, too many clients already" {
		t.Fatalf("third connection: %v", err)
	}
	first.Close(context.Background())
	deadline := time.Now().Add(5 * time.Second)
	for {
		pc, err := pgconn.Connect(context.Background(), env.connString(""))
		if err == nil {
			pc.Close(context.Background())
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slot not released: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestStartup_RequireTLS(t *testing.T) {
	tlsCfg, err := SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	env := startServer(t, Config{TLS: tlsCfg, RequireTLS: true})
	_, err = pgconn.Connect(context.Background(), env.connString(""))
	if pgCode(err) != "28000" {
		t.Fatalf("plain connection: %v, want 28000", err)
	}
	pc := env.connect(t, "sslmode=require")
	if _, err := pc.Exec(context.Background(), "SELECT 1").ReadAll(); err != nil {
		t.Fatal(err)
	}
	var sawTLS bool
	for _, s := range env.srv.Sessions() {
		if s.TLS {
			sawTLS = true
			// pg_stat_ssl's forms: OpenSSL's names, the key's bits.
			if s.TLSVersion != "TLSv1.3" || !strings.HasPrefix(s.TLSCipher, "TLS_") || (s.TLSBits != 128 && s.TLSBits != 256) {
				t.Errorf("TLS session described as %q %q %d", s.TLSVersion, s.TLSCipher, s.TLSBits)
			}
		}
	}
	if !sawTLS {
		t.Error("Sessions shows no TLS session")
	}
}

func TestDescribeTLS(t *testing.T) {
	tests := []struct {
		st      tls.ConnectionState
		version string
		cipher  string
		bits    int
	}{
		{tls.ConnectionState{Version: tls.VersionTLS13, CipherSuite: tls.TLS_AES_256_GCM_SHA384}, "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256},
		{tls.ConnectionState{Version: tls.VersionTLS13, CipherSuite: tls.TLS_CHACHA20_POLY1305_SHA256}, "TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256", 256},
		{tls.ConnectionState{Version: tls.VersionTLS12, CipherSuite: tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}, "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", 128},
		{tls.ConnectionState{Version: tls.VersionTLS12, CipherSuite: tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA}, "TLSv1.2", "ECDHE-ECDSA-AES256-SHA", 256},
	}
	for _, tt := range tests {
		v, c, b := describeTLS(tt.st)
		if v != tt.version || c != tt.cipher || b != tt.bits {
			t.Errorf("describeTLS(%x, %x) = %q %q %d, want %q %q %d", tt.st.Version, tt.st.CipherSuite, v, c, b, tt.version, tt.cipher, tt.bits)
		}
	}
}

func TestServe_RequireTLSWithoutCertificate(t *testing.T) {
	s := New(Config{Engine: startServer(t, Config{}).srv.cfg.Engine, RequireTLS: true})
	if err := s.Serve(nil); err == nil {
		t.Fatal("Serve accepted RequireTLS without TLS")
	}
}
