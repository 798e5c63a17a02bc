package ec2sim

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Tests drive the simulator only through the real aws-sdk-go-v2 clients,
// over HTTP on loopback (httptest). The instance-metadata probe is off so
// that nothing leaves the machine.
func TestMain(m *testing.M) {
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	os.Exit(m.Run())
}

var ctx = context.Background()

// clock is an injectable clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type env struct {
	t    *testing.T
	sim  *Sim
	srv  *httptest.Server
	http *http.Client
}

// noWriteTo hides io.WriterTo from request bodies. aws-sdk-go-v2 closes a
// request body as soon as the response headers arrive, and net/http's
// transport may read it once more afterwards; through WriteTo that read
// fails, and the transport closes the connection under the response. The
// simulator's ResponseHold makes that unlikely; this makes it impossible,
// so that tests are deterministic under load (see Options.ResponseHold).
type noWriteTo struct{ rt http.RoundTripper }

func (t noWriteTo) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.Body != http.NoBody {
		r2 := *r
		r2.Body = struct{ io.ReadCloser }{r.Body}
		r = &r2
	}
	return t.rt.RoundTrip(r)
}

// newEnv starts a simulator on an httptest server. Throttling is off unless
// opts sets it, so that tests not about throttling are not throttled.
func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	if opts.Throttle == nil {
		opts.Throttle = &ThrottleConfig{Disabled: true}
	}
	if opts.RandSeed == 0 {
		opts.RandSeed = 1
	}
	s := New(opts)
	srv := httptest.NewServer(s)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(func() {
		s.Close()
		tr.CloseIdleConnections()
		srv.Close()
	})
	return &env{t: t, sim: s, srv: srv, http: &http.Client{Transport: noWriteTo{tr}}}
}

func (e *env) config(region, key string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(key, "secret-"+key, ""),
		BaseEndpoint: aws.String(e.srv.URL),
		HTTPClient:   e.http,
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

// ec2 returns a client for region signed with access key key; it makes one
// attempt per call unless optFns say otherwise.
func (e *env) ec2(region, key string, optFns ...func(*ec2.Options)) *ec2.Client {
	return ec2.NewFromConfig(e.config(region, key), optFns...)
}

func (e *env) sts(region, key string) *sts.Client {
	return sts.NewFromConfig(e.config(region, key))
}

// client is the usual client: us-east-1, DefaultAccount.
func (e *env) client() *ec2.Client { return e.ec2("us-east-1", "AKIDTEST") }

// sdkError returns the error code and HTTP status of an SDK error.
func sdkError(t *testing.T, err error) (string, int) {
	t.Helper()
	if err == nil {
		return "", 200
	}
	var ae smithy.APIError
	var re *awshttp.ResponseError
	code, status := "", 0
	if errors.As(err, &ae) {
		code = ae.ErrorCode()
	}
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	return code, status
}

func wantError(t *testing.T, err error, code string, status int) {
	t.Helper()
	gotCode, gotStatus := sdkError(t, err)
	if gotCode != code || gotStatus != status {
		t.Fatalf("error = %v\nwant code %s, status %d; got %q, %d", err, code, status, gotCode, gotStatus)
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// fixture creates a customer gateway, a VGW and a TGW in the client's region.
type fixture struct {
	cgw, vgw, tgw string
}

func newFixture(t *testing.T, c *ec2.Client) fixture {
	t.Helper()
	cg := must[*ec2.CreateCustomerGatewayOutput](t)(c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{
		Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.7"), BgpAsn: aws.Int32(65010)}))
	vg := must[*ec2.CreateVpnGatewayOutput](t)(c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1}))
	tg := must[*ec2.CreateTransitGatewayOutput](t)(c.CreateTransitGateway(ctx, &ec2.CreateTransitGatewayInput{Description: aws.String("test")}))
	return fixture{*cg.CustomerGateway.CustomerGatewayId, *vg.VpnGateway.VpnGatewayId, *tg.TransitGateway.TransitGatewayId}
}

// createVpn creates a VPN connection on the VGW (static routes if static).
func (f fixture) createVpn(t *testing.T, c *ec2.Client, static bool, tags ...types.Tag) types.VpnConnection {
	t.Helper()
	in := &ec2.CreateVpnConnectionInput{CustomerGatewayId: &f.cgw, Type: aws.String("ipsec.1"), VpnGatewayId: &f.vgw,
		Options: &types.VpnConnectionOptionsSpecification{StaticRoutesOnly: aws.Bool(static)}}
	if len(tags) > 0 {
		in.TagSpecifications = []types.TagSpecification{{ResourceType: types.ResourceTypeVpnConnection, Tags: tags}}
	}
	out := must[*ec2.CreateVpnConnectionOutput](t)(c.CreateVpnConnection(ctx, in))
	return *out.VpnConnection
}

func describe(t *testing.T, c *ec2.Client, in *ec2.DescribeVpnConnectionsInput) []types.VpnConnection {
	t.Helper()
	if in == nil {
		in = &ec2.DescribeVpnConnectionsInput{}
	}
	return must[*ec2.DescribeVpnConnectionsOutput](t)(c.DescribeVpnConnections(ctx, in)).VpnConnections
}

func ids(vs []types.VpnConnection) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = *v.VpnConnectionId
	}
	return out
}

// editBody returns a client option that rewrites the serialized form body
// before it is signed and sent: the way to reach server-side checks the
// SDK would otherwise make itself (required members) or never fail
// (unknown parameters).
func editBody(edit func(url.Values)) func(*ec2.Options) {
	return func(o *ec2.Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			return st.Serialize.Add(middleware.SerializeMiddlewareFunc("editBody",
				func(ctx context.Context, in middleware.SerializeInput, next middleware.SerializeHandler) (middleware.SerializeOutput, middleware.Metadata, error) {
					req := in.Request.(*smithyhttp.Request)
					b, err := io.ReadAll(req.GetStream())
					if err != nil {
						return middleware.SerializeOutput{}, middleware.Metadata{}, err
					}
					v, err := url.ParseQuery(string(b))
					if err != nil {
						return middleware.SerializeOutput{}, middleware.Metadata{}, err
					}
					edit(v)
					if req, err = req.SetStream(strings.NewReader(v.Encode())); err != nil {
						return middleware.SerializeOutput{}, middleware.Metadata{}, err
					}
					in.Request = req
					return next.HandleSerialize(ctx, in)
				}), middleware.After)
		})
	}
}
