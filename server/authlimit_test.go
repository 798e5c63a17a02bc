package server

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// fakeClock is a settable time for the limiter.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newFakeLimiter(cfg LoginLimit) (*loginLimiter, *fakeClock) {
	l := newLoginLimiter(cfg)
	clk := &fakeClock{t: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)}
	l.now = clk.now
	return l, clk
}

func TestLoginLimiter_DelayAndLockout(t *testing.T) {
	l, clk := newFakeLimiter(LoginLimit{Delay: 100 * time.Millisecond, MaxDelay: time.Second, LockoutAfter: 5, Lockout: time.Minute})
	want := []time.Duration{100, 200, 400, 800, 1000}
	for i, w := range want {
		if l.locked("bob", "10.0.0.1") {
			t.Fatalf("failure %d: locked before the lockout", i+1)
		}
		if got := l.failed("bob", "10.0.0.1"); got != w*time.Millisecond && !(w == 1000 && got == time.Second) {
			t.Errorf("failure %d: delay %v, want %vms", i+1, got, w)
		}
	}
	if !l.locked("bob", "10.0.0.1") {
		t.Fatal("not locked after LockoutAfter failures")
	}
	if l.locked("bob", "10.0.0.2") || l.locked("alice", "10.0.0.1") {
		t.Fatal("another address or user is locked too")
	}
	st := l.snapshot()
	if st.Tracked != 1 || st.Locked != 1 || st.Failures != 5 || st.Lockouts != 1 || st.LockedAttempts != 1 {
		t.Errorf("stats %+v", st)
	}
	clk.add(time.Minute)
	if l.locked("bob", "10.0.0.1") {
		t.Fatal("still locked after the lockout window")
	}
	// The window has passed: the count starts again.
	if got := l.failed("bob", "10.0.0.1"); got != 100*time.Millisecond {
		t.Errorf("first failure after the window: delay %v", got)
	}
	l.succeeded("bob", "10.0.0.1")
	if st := l.snapshot(); st.Tracked != 0 {
		t.Errorf("a success leaves %d pairs tracked", st.Tracked)
	}
}

// TestLoginLimiter_Bounded: cycling users and addresses cannot grow the
// table past MaxTracked, and a lock survives while unlocked pairs can be
// forgotten instead.
func TestLoginLimiter_Bounded(t *testing.T) {
	l, clk := newFakeLimiter(LoginLimit{LockoutAfter: 3, Lockout: time.Hour, MaxTracked: 100})
	for range 3 {
		l.failed("victim", "10.9.9.9")
	}
	for i := range 10000 {
		clk.add(time.Millisecond)
		l.failed(fmt.Sprintf("u%d", i), fmt.Sprintf("10.0.%d.%d", i/256%256, i%256))
	}
	st := l.snapshot()
	if st.Tracked > 100 {
		t.Fatalf("%d pairs tracked, want at most 100", st.Tracked)
	}
	if !l.locked("victim", "10.9.9.9") {
		t.Fatal("the lock was forgotten to make room for unlocked pairs")
	}
}

// dialFrom connects from a given loopback source address (all of
// 127.0.0.0/8 is loopback on Linux), so tests can be two clients.
func dialFrom(src string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 5 * time.Second}
	return d.DialContext
}

func connectFrom(env *testEnv, src, user, password string) (*pgconn.PgConn, error) {
	host, port := splitAddr(env.addr)
	cfg, err := pgconn.ParseConfig(fmt.Sprintf("host=%s port=%s user=%s password=%s database=aws sslmode=disable connect_timeout=10", host, port, user, password))
	if err != nil {
		return nil, err
	}
	cfg.DialFunc = dialFrom(src)
	return pgconn.ConnectConfig(context.Background(), cfg)
}

// TestAuth_LoginLimit: failures from one address slow down and then lock
// that (user, address) out with the very error a wrong password gets,
// even for the right password; the same user from another address, and
// another user from the same address, log in at once. The delays are
// logged, not asserted: the machine's speed is not the test's subject.
func TestAuth_LoginLimit(t *testing.T) {
	for _, method := range []AuthMethod{AuthSCRAM, AuthMD5} {
		t.Run(method.String(), func(t *testing.T) {
			env := startServer(t, Config{Auth: method, Users: testUsers(t),
				LoginLimit: LoginLimit{Delay: 5 * time.Millisecond, MaxDelay: 40 * time.Millisecond, LockoutAfter: 4, Lockout: time.Hour}})
			user, good := "bob", "hunter2"
			if method == AuthMD5 {
				user, good = "carol", "pw"
			}
			wrong := fmt.Sprintf(`FATAL 28P01 password authentication failed for user "%s"`, user)
			for i := range 4 {
				start := time.Now()
				_, err := connectFrom(env, "127.0.0.1", user, "wrong")
				if got := pgMessage(err); got != wrong {
					t.Fatalf("failure %d: %q, want %q", i+1, got, wrong)
				}
				t.Logf("failure %d took %v", i+1, time.Since(start))
			}
			// Locked: the right password gets the wrong-password error.
			_, err := connectFrom(env, "127.0.0.1", user, good)
			if got := pgMessage(err); got != wrong {
				t.Fatalf("locked login: %q, want %q", got, wrong)
			}
			if st := env.srv.LoginStats(); st.Locked != 1 || st.LockedAttempts != 1 || st.Lockouts != 1 {
				t.Errorf("LoginStats %+v", st)
			}
			// Another address, and another user, are unaffected.
			pc, err := connectFrom(env, "127.0.0.2", user, good)
			if err != nil {
				t.Fatalf("same user from another address: %v", err)
			}
			pc.Close(context.Background())
			pc, err = connectFrom(env, "127.0.0.1", "alice", "secret")
			if err != nil {
				t.Fatalf("another user from the locked address: %v", err)
			}
			pc.Close(context.Background())
		})
	}
}
