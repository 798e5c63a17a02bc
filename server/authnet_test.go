package server

import (
	"context"
	"net/netip"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestParseNetworkRule(t *testing.T) {
	cases := []struct {
		in, want, err string
	}{
		{in: "10.0.0.0/8", want: "host 10.0.0.0/8"},
		{in: "hostssl 0.0.0.0/0", want: "hostssl 0.0.0.0/0"},
		{in: "hostnossl 127.0.0.1", want: "hostnossl 127.0.0.1/32"},
		{in: "hostssl all", want: "hostssl all"},
		{in: "::1", want: "host ::1/128"},
		{in: "10.0.0.1/8", err: `network "10.0.0.1/8": 10.0.0.1/8 has host bits set beyond its mask (did you mean 10.0.0.0/8?)`},
		{in: "local all", err: `network "local all": want [host|hostssl|hostnossl] CIDR`},
		{in: "example.com", err: `network "example.com": "example.com" is neither a CIDR, an address nor all`},
		{in: "", err: `network "": want [host|hostssl|hostnossl] CIDR`},
	}
	for _, tc := range cases {
		r, err := ParseNetworkRule(tc.in)
		switch {
		case tc.err != "":
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
		case err != nil:
			t.Errorf("%q: %v", tc.in, err)
		case r.String() != tc.want:
			t.Errorf("%q: %s, want %s", tc.in, r, tc.want)
		}
	}
}

func TestNetworkRule_Admits(t *testing.T) {
	rule := func(s string) NetworkRule {
		r, err := ParseNetworkRule(s)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	v4, mapped := netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("::ffff:10.1.2.3")
	cases := []struct {
		rule string
		addr netip.Addr
		tls  bool
		want bool
	}{
		{"10.0.0.0/8", v4, false, true},
		{"10.0.0.0/8", mapped, true, true},
		{"192.168.0.0/16", v4, false, false},
		{"hostssl 10.0.0.0/8", v4, false, false},
		{"hostssl 10.0.0.0/8", v4, true, true},
		{"hostnossl all", v4, true, false},
		{"all", v4, false, true},
		{"all", netip.Addr{}, false, false},
	}
	for _, tc := range cases {
		if got := rule(tc.rule).admits(tc.addr, tc.tls); got != tc.want {
			t.Errorf("%s admits %v tls=%v: %v, want %v", tc.rule, tc.addr, tc.tls, got, tc.want)
		}
	}
}

// TestAuth_Networks: a user outside its networks is refused before any
// password with PostgreSQL 15's pg_hba.conf message; hostssl admits only
// TLS; a user without rules, or inside them, logs in.
func TestAuth_Networks(t *testing.T) {
	tlsCfg, err := SelfSignedTLS()
	if err != nil {
		t.Fatal(err)
	}
	users := testUsers(t)
	only2 := users["alice"]
	only2.Networks = []NetworkRule{{Prefix: netip.MustParsePrefix("127.0.0.2/32"), TLS: "host"}}
	users["alice"] = only2
	tlsOnly := users["bob"]
	tlsOnly.Networks = []NetworkRule{{TLS: "hostssl"}}
	users["bob"] = tlsOnly
	env := startServer(t, Config{Auth: AuthSCRAM, Users: users, TLS: tlsCfg})

	_, err = connectFrom(env, "127.0.0.1", "alice", "secret")
	if got, want := pgMessage(err), `FATAL 28000 no pg_hba.conf entry for host "127.0.0.1", user "alice", database "aws", no encryption`; got != want {
		t.Errorf("outside the network: %q, want %q", got, want)
	}
	pc, err := connectFrom(env, "127.0.0.2", "alice", "secret")
	if err != nil {
		t.Fatalf("inside the network: %v", err)
	}
	pc.Close(context.Background())

	_, err = connectFrom(env, "127.0.0.1", "bob", "hunter2")
	if got, want := pgMessage(err), `FATAL 28000 no pg_hba.conf entry for host "127.0.0.1", user "bob", database "aws", no encryption`; got != want {
		t.Errorf("hostssl without TLS: %q, want %q", got, want)
	}
	pc, err = pgconn.Connect(context.Background(), env.connString("user=bob password=hunter2 sslmode=require"))
	if err != nil {
		t.Fatalf("hostssl over TLS: %v", err)
	}
	pc.Close(context.Background())
	pc, err = connectFrom(env, "127.0.0.1", "carol", "x")
	if got, want := pgMessage(err), `FATAL 28P01 password authentication failed for user "carol"`; got != want {
		t.Errorf("a user without rules: %q, want %q", got, want)
	}
}
