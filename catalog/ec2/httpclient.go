package ec2

import (
	"io"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
)

// safeBodies keeps the SDK's request bodies from exposing io.WriterTo.
// aws-sdk-go-v2 (smithy-go 1.28) closes a request body once response
// headers arrive; net/http's transport may still read it through WriteTo
// and, failing, close the connection under the rest of the response. On a
// fast peer (loopback: ec2sim, LocalStack) that loses about one large
// response in a few thousand. Hiding WriteTo makes the transport copy
// through Read, which the close does not race with.
type safeBodies struct{ inner aws.HTTPClient }

func (c safeBodies) Do(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.Body != http.NoBody {
		r2 := *r
		r2.Body = struct{ io.ReadCloser }{r.Body}
		r = &r2
	}
	return c.inner.Do(r)
}

// withSafeBodies returns cfg with its HTTP client wrapped in safeBodies.
func withSafeBodies(cfg aws.Config) aws.Config {
	inner := cfg.HTTPClient
	if inner == nil {
		inner = NewHTTPClient()
	}
	if _, done := inner.(safeBodies); !done {
		cfg.HTTPClient = safeBodies{inner: inner}
	}
	return cfg
}

// HTTP timeouts. The SDK's client has no response timeout: a statement
// whose endpoint vanished mid-call waited for the kernel to give up on the
// connection (about 2m50s). A Describe answers its headers in well under
// a second; a minute covers a slow region and the largest page.
const (
	DialTimeout           = 5 * time.Second
	TLSHandshakeTimeout   = 10 * time.Second
	ResponseHeaderTimeout = 60 * time.Second
)

// NewHTTPClient is the SDK's HTTP client with dial, TLS handshake and
// response-header timeouts. It keeps as many idle connections to an
// endpoint as calls may be in flight to it: the SDK's 10 made a 16-region
// fan-out to one endpoint (a VPC endpoint, LocalStack, ec2sim) dial 6
// connections again at every statement.
func NewHTTPClient() *awshttp.BuildableClient {
	return awshttp.NewBuildableClient().
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = DialTimeout }).
		WithTransportOptions(func(t *http.Transport) {
			t.TLSHandshakeTimeout = TLSHandshakeTimeout
			t.ResponseHeaderTimeout = ResponseHeaderTimeout
			t.MaxIdleConnsPerHost = DefaultMaxParallel
			t.MaxIdleConns = max(t.MaxIdleConns, DefaultMaxParallel)
		})
}
