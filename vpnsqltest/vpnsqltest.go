// Package vpnsqltest starts vpnsql in a container for other projects'
// tests, in the manner of testcontainers-go's modules:
//
//	ctr, err := vpnsqltest.Run(ctx, "localhost/vpnsql:latest")         // demo data
//	defer testcontainers.TerminateContainer(ctr)
//	url, err := ctr.ConnectionString(ctx)                              // postgres://...
//
//	ctr, err := vpnsqltest.Run(ctx, img,
//		vpnsqltest.WithEndpoint("http://ec2sim:4510", "us-east-1"),     // an EC2 endpoint
//		network.WithNetwork([]string{"vpnsql"}, nw))
//
// The image is vpnsql's Dockerfile built (docs/deploy.md). Run waits
// until `vpnsql health` passes inside the container and the port answers
// from outside. Any testcontainers.ContainerCustomizer may follow.
package vpnsqltest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"
)

// Port is the PostgreSQL port inside the container.
const Port = "5432/tcp"

// Container is a running vpnsql.
type Container struct {
	*testcontainers.DockerContainer
	user, password string
}

type options struct {
	endpoint, user, password string
	regions                  []string
	drain                    time.Duration
}

// Option configures vpnsql; it is a testcontainers.ContainerCustomizer
// so it mixes with the library's own options.
type Option func(*options)

// Customize is a no-op: Run applies the options itself.
func (Option) Customize(*testcontainers.GenericContainerRequest) error { return nil }

// WithEndpoint serves the EC2 and STS APIs at endpoint (ec2sim or any
// compatible service) for regions instead of the demo data, with static
// test credentials. The server then asks for a password (WithUser).
func WithEndpoint(endpoint string, regions ...string) Option {
	return func(o *options) { o.endpoint, o.regions = endpoint, regions }
}

// WithUser sets the user and password of an endpoint-backed server
// (default vpnsql/vpnsql). The demo accepts any user without one.
func WithUser(user, password string) Option {
	return func(o *options) { o.user, o.password = user, password }
}

// WithShutdownDrain sets how long a stop lets running statements finish.
func WithShutdownDrain(d time.Duration) Option {
	return func(o *options) { o.drain = d }
}

// Run starts vpnsql from img and waits until it answers queries.
func Run(ctx context.Context, img string, opts ...testcontainers.ContainerCustomizer) (*Container, error) {
	o := options{user: "vpnsql", password: "vpnsql"}
	for _, opt := range opts {
		if f, ok := opt.(Option); ok {
			f(&o)
		}
	}
	env := map[string]string{"VPNSQL_LISTEN": "0.0.0.0:5432"}
	if o.drain > 0 {
		env["VPNSQL_SHUTDOWN_DRAIN"] = o.drain.String()
	}
	req := testcontainers.GenericContainerRequest{
		ContainerRequest: testcontainers.ContainerRequest{
			Image:        img,
			ExposedPorts: []string{Port},
			Cmd:          []string{"serve", "--demo"},
			WaitingFor: wait.ForAll(
				wait.ForExec([]string{"/usr/local/bin/vpnsql", "health"}).
					WithExitCodeMatcher(func(code int) bool { return code == 0 }),
				wait.ForListeningPort(Port).SkipInternalCheck(),
			).WithDeadline(60 * time.Second),
		},
		Started: true,
	}
	c := &Container{}
	if o.endpoint != "" {
		// Off loopback, vpnsql serves only configured users.
		cfg, err := json.Marshal(map[string]any{
			"auth":  "scram-sha-256",
			"users": map[string]any{o.user: map[string]string{"password": o.password, "role": "write"}},
		})
		if err != nil {
			return nil, err
		}
		req.Files = append(req.Files, testcontainers.ContainerFile{
			Reader: strings.NewReader(string(cfg)), ContainerFilePath: "/etc/vpnsql/config.json", FileMode: 0o644})
		req.Cmd = []string{"serve"}
		env["VPNSQL_CONFIG"] = "/etc/vpnsql/config.json"
		env["VPNSQL_HEALTH_USER"], env["VPNSQL_HEALTH_PASSWORD"] = o.user, o.password
		env["VPNSQL_REGIONS"] = strings.Join(o.regions, ",")
		// ec2sim answers STS too (the account id comes from GetCallerIdentity).
		env["AWS_ENDPOINT_URL_EC2"], env["AWS_ENDPOINT_URL_STS"] = o.endpoint, o.endpoint
		env["AWS_REGION"] = "us-east-1"
		if len(o.regions) > 0 {
			env["AWS_REGION"] = o.regions[0]
		}
		env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"] = "AKIDVPNSQLTEST", "test-secret"
		env["AWS_EC2_METADATA_DISABLED"] = "true"
		c.user, c.password = o.user, o.password
	}
	req.Env = env
	for _, opt := range opts {
		if _, ok := opt.(Option); ok {
			continue
		}
		if err := opt.Customize(&req); err != nil {
			return nil, fmt.Errorf("vpnsqltest: %w", err)
		}
	}
	// As testcontainers' modules do, a container that started and then
	// failed is returned with the error, for the caller to terminate.
	ctr, err := testcontainers.GenericContainer(ctx, req)
	if ctr == nil {
		return nil, fmt.Errorf("vpnsqltest: %w", err)
	}
	c.DockerContainer = ctr.(*testcontainers.DockerContainer)
	if err != nil {
		return c, fmt.Errorf("vpnsqltest: %w", err)
	}
	return c, nil
}

// ConnectionString is the URL of the server from the host, through the
// mapped port, with extra query parameters ("application_name=x").
func (c *Container) ConnectionString(ctx context.Context, params ...string) (string, error) {
	endpoint, err := c.PortEndpoint(ctx, Port, "")
	if err != nil {
		return "", err
	}
	u := url.URL{Scheme: "postgres", Host: endpoint, Path: "/aws",
		RawQuery: strings.Join(append([]string{"sslmode=disable"}, params...), "&")}
	switch {
	case c.password != "":
		u.User = url.UserPassword(c.user, c.password)
	default:
		u.User = url.User("vpnsql")
	}
	return u.String(), nil
}
