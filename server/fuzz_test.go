package server

import (
	"encoding/binary"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor"
)

func encodeAll(msgs ...pgproto3.FrontendMessage) []byte {
	var b []byte
	for _, m := range msgs {
		b, _ = m.Encode(b)
	}
	return b
}

// FuzzSession feeds arbitrary bytes to a session after startup. Whatever
// arrives, the session must answer or close, never panic (a recovered
// panic is logged, and the log is checked).
func FuzzSession(f *testing.F) {
	f.Add(encodeAll(&pgproto3.Query{String: "SELECT 1"}))
	f.Add(encodeAll(&pgproto3.Parse{Name: "s", Query: "SELECT n FROM things WHERE n > $1"},
		&pgproto3.Bind{PreparedStatement: "s", ParameterFormatCodes: []int16{1}, Parameters: [][]byte{{0, 0, 0, 0, 0, 0, 0, 1}}, ResultFormatCodes: []int16{1}},
		&pgproto3.Describe{ObjectType: 'P'}, &pgproto3.Execute{MaxRows: 1}, &pgproto3.Execute{}, &pgproto3.Sync{}))
	f.Add(encodeAll(&pgproto3.Bind{PreparedStatement: "nope"}, &pgproto3.Sync{}, &pgproto3.Query{String: ""}))
	f.Add([]byte{'B', 0, 0, 0, 7, 0, 0, 0})
	f.Add([]byte{'Q', 0xff, 0xff, 0xff, 0xff})
	ln := fuzzListener(f)
	startup := encodeAll(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "fuzz"}})
	f.Fuzz(func(t *testing.T, data []byte) {
		input := append(append(append([]byte{}, startup...), data...), encodeAll(&pgproto3.Terminate{})...)
		fuzzServe(t, ln, Config{}, input)
	})
}

// FuzzStartup feeds arbitrary bytes from the first byte of a connection:
// SSLRequest, GSSENCRequest, CancelRequest and StartupMessage packets,
// then the authentication exchange of the method the first byte picks.
func FuzzStartup(f *testing.F) {
	start := func(params ...string) []byte { return packet(pgproto3.ProtocolVersion30, params...) }
	sasl := encodeAll(&pgproto3.SASLInitialResponse{AuthMechanism: "SCRAM-SHA-256", Data: []byte("n,,n=,r=fyko+d2lbbFgONRv9qkxdawL")})
	for method, seeds := range [][][]byte{
		AuthTrust: {
			start("user", "alice"),
			append(packet(codeSSL), start("user", "alice", "database", "aws", "application_name", "psql")...),
			append(packet(codeGSSENC), append(packet(codeSSL), start("user", "alice", "options", `-c search_path=ec2 --extra-float-digits=3 -cx\ y=1`)...)...),
			packet(pgproto3.ProtocolVersion30|1, "user", "alice", "_pq_.whatever", "1"),
			binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 16), codeCancel), 1000), 0xdeadbeef),
			packet(2<<16, "user", "alice"),
			start("user", "alice", "replication", "database"),
			start("user", "alice", "nosuchsetting", "1"),
		},
		AuthPassword: {append(start("user", "alice"), encodeAll(&pgproto3.PasswordMessage{Password: "secret"})...)},
		AuthMD5:      {append(start("user", "alice"), encodeAll(&pgproto3.PasswordMessage{Password: "md5" + strings.Repeat("0", 32)})...)},
		AuthSCRAM: {
			append(start("user", "alice"), sasl...),
			append(start("user", "nobody"), append(sasl, encodeAll(&pgproto3.SASLResponse{Data: []byte("c=biws,r=x,p=AAAA")})...)...),
		},
	} {
		for _, s := range seeds {
			f.Add(uint8(method), s)
		}
	}
	ln := fuzzListener(f)
	users := StaticUsers{"alice": {Password: "secret"}, "bob": {SCRAM: "SCRAM-SHA-256$4096:c2FsdA==$" + strings.Repeat("A", 43) + "=:" + strings.Repeat("A", 43) + "="}}
	f.Fuzz(func(t *testing.T, method uint8, data []byte) {
		cfg := Config{Auth: AuthMethod(method % 4)}
		if cfg.Auth != AuthTrust || method&4 != 0 {
			cfg.Users = users
		}
		fuzzServe(t, ln, cfg, append(data, encodeAll(&pgproto3.Terminate{})...))
	})
}

func fuzzListener(f *testing.F) net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { ln.Close() })
	return ln
}

// fuzzServe serves one connection that receives input and then EOF, and
// fails if the session panicked (a recovered panic is logged).
func fuzzServe(t *testing.T, ln net.Listener, cfg Config, input []byte) {
	logs := &syncBuffer{}
	cfg.Engine = &executor.Engine{Catalog: catalog.New(newThings())}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, nil))
	cfg.MaxMessageSize = 1 << 16
	// No pause after a failed login: each input is a new server, and a
	// failure's delay would be most of the fuzzer's time.
	cfg.LoginLimit.Delay = -1
	s := New(cfg)
	// A TCP pair, so that the client can half-close: the server sees EOF
	// right after the input instead of waiting for the rest of a
	// truncated message.
	cliSide, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	srvSide, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	c := newConn(s, newSocket(srvSide)) // as Serve makes it
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	go c.serve()
	cliSide.SetDeadline(time.Now().Add(5 * time.Second))
	go func() {
		cliSide.Write(input)
		cliSide.(*net.TCPConn).CloseWrite()
	}()
	io.Copy(io.Discard, cliSide)
	cliSide.Close()
	s.wg.Wait()
	if strings.Contains(logs.String(), "panic") {
		t.Fatalf("session panicked on %x:\n%s", input, logs.String())
	}
}

// FuzzDecode: any parameter bytes either decode or give an error, and
// what decodes encodes again in both formats.
func FuzzDecode(f *testing.F) {
	oids := []uint32{
		pgtype.BoolOID, pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID, pgtype.Float8OID, pgtype.NumericOID,
		pgtype.TextOID, pgtype.ByteaOID, pgtype.JSONBOID, pgtype.DateOID, pgtype.TimestamptzOID,
		pgtype.IntervalOID, pgtype.UUIDOID, oidInt2Vector, pgtype.Int4ArrayOID, pgtype.TextArrayOID,
		pgtype.JSONBArrayOID, pgtype.TimestampArrayOID,
	}
	for _, tc := range valueCases {
		f.Add(uint8(0), false, []byte(tc.text))
	}
	f.Add(uint8(14), true, []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23, 0, 0, 0, 2, 0, 0, 0, 1})
	f.Add(uint8(15), false, []byte(`{"a\"",NULL,{x}}`))
	f.Fuzz(func(t *testing.T, which uint8, bin bool, data []byte) {
		c := testCodec("Europe/Berlin")
		oid := oids[int(which)%len(oids)]
		format := int16(0)
		if bin {
			format = 1
		}
		v, err := c.decode(data, oid, format)
		if err != nil {
			return
		}
		for _, f := range []int16{0, 1} {
			if _, err := c.encode(nil, oid, f, v); err != nil {
				t.Fatalf("%s %x decoded to %#v, which does not encode (format %d): %v", typeName(oid), data, v, f, err)
			}
		}
	})
}
