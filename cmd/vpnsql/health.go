package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// healthOptions are the flags of `vpnsql health`, the container
// HEALTHCHECK (the runtime image has no curl or psql). --listen shares
// serve's VPNSQL_LISTEN, so in a container the check finds the server
// the same environment configured.
type healthOptions struct {
	listen, adminListen, user, password *string
	timeout                             *time.Duration
}

func healthFlags() (*flags, *healthOptions) {
	f := newFlags("health", "Check that the local server answers: connect and run SELECT 1, or with\n--admin-listen ask the admin listener's /readyz. Exit 0 when healthy, 1 when not.")
	var o healthOptions
	g := f.group("Server")
	o.listen = g.String("listen", "127.0.0.1:5432", "the server's PostgreSQL `HOST:PORT` (a wildcard host is checked on loopback)")
	o.adminListen = g.String("admin-listen", "", "the server's admin `HOST:PORT`: when set, GET /readyz there instead of a query")
	o.user = g.String("health-user", "vpnsql", "user for the query (with --config, a configured user)")
	o.password = g.String("health-password", "", "that user's password")
	o.timeout = g.Duration("timeout", 3*time.Second, "give up after this long")
	return f, &o
}

func health(ctx context.Context, args []string) error {
	fs, o := healthFlags()
	if err := fs.parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, *o.timeout)
	defer cancel()
	if *o.adminListen != "" {
		return checkReadyz(ctx, localAddr(*o.adminListen))
	}
	return checkQuery(ctx, localAddr(*o.listen), *o.user, *o.password)
}

// localAddr turns a listen address into one to dial: a wildcard or empty
// host is this machine's loopback.
func localAddr(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// checkQuery connects as a client would and runs one query, so a server
// that accepts connections but cannot answer is unhealthy. sslmode=prefer
// passes a server started with --require-tls (health checks its own
// process; the certificate is not verified).
func checkQuery(ctx context.Context, addr, user, password string) error {
	u := url.URL{Scheme: "postgres", Host: addr, Path: "/aws",
		RawQuery: "sslmode=prefer&application_name=vpnsql-health"}
	if password != "" {
		u.User = url.UserPassword(user, password)
	} else {
		u.User = url.User(user)
	}
	conn, err := pgconn.Connect(ctx, u.String())
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "SELECT 1").ReadAll(); err != nil {
		return fmt.Errorf("health: SELECT 1: %w", err)
	}
	fmt.Println("healthy:", addr)
	return nil
}

// checkReadyz asks the admin listener, which knows more than one query
// does (the AWS endpoints reached, a drain under way).
func checkReadyz(ctx context.Context, addr string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/readyz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return errors.New("health: /readyz: " + resp.Status + ": " + string(body))
	}
	fmt.Println("healthy:", addr+"/readyz")
	return nil
}
