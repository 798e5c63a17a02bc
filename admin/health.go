package admin

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	vpnec2 "github.com/vpnsql/vpnsql/catalog/ec2"
)

// ProbeTag names the tag the readiness probe filters on: vpnsql.api_calls
// shows the probe's call with it.
const ProbeTag = "vpnsql:readiness-probe"

// Health is what /healthz and /readyz answer. The process is healthy while
// it runs; it is ready once it is listening and some AWS source has
// answered, and until it starts to drain.
type Health struct {
	mu        sync.Mutex
	listening bool
	answered  bool
	draining  bool
	lastErr   string // why the last probe failed
}

// Listening marks the PostgreSQL listener open.
func (h *Health) Listening() { h.set(func() { h.listening = true }) }

// Draining marks the shutdown begun: not ready any more.
func (h *Health) Draining() { h.set(func() { h.draining = true }) }

// APICall notes an answer from AWS (ec2.CallHooks.Done): an EC2 call
// that succeeded proves a source (an account's region) reachable; STS
// alone proves only the credentials.
func (h *Health) APICall(c vpnec2.APICall) {
	if c.Result == "ok" && c.Service != "STS" {
		h.set(func() { h.answered = true })
	}
}

func (h *Health) set(f func()) {
	h.mu.Lock()
	f()
	h.mu.Unlock()
}

// Ready reports readiness, and when not ready, why.
func (h *Health) Ready() (bool, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.draining:
		return false, "draining: shutting down"
	case !h.listening:
		return false, "not listening yet"
	case !h.answered:
		why := "no AWS source has answered yet"
		if h.lastErr != "" {
			why += ": " + h.lastErr
		}
		return false, why
	}
	return true, "ready"
}

// Probe asks AWS, every interval until one answers, whether the sources
// are reachable: STS GetCallerIdentity for each account, then in its
// first region a DescribeVpnConnections that matches nothing (a tag
// filter no connection has), the call and permission vpnsql needs anyway.
// Both go through the accounts' middleware, so an answer marks h ready
// through APICall. The account's id is learned only once STS has
// answered, as Account.ID keeps its first error.
func (h *Health) Probe(ctx context.Context, src *vpnec2.Source, interval time.Duration) {
	for {
		err := probeOnce(ctx, src)
		h.mu.Lock()
		answered := h.answered
		if err != nil {
			h.lastErr = err.Error()
		}
		h.mu.Unlock()
		if answered {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

func probeOnce(ctx context.Context, src *vpnec2.Source) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var errs []error
	for _, a := range src.Accounts {
		if _, err := sts.NewFromConfig(a.Config).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
			errs = append(errs, err)
			continue
		}
		if len(src.Regions) == 0 {
			continue
		}
		if _, err := a.ID(ctx); err != nil {
			errs = append(errs, err)
			continue
		}
		_, err := a.EC2(src.Regions[0]).DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{
			Filters: []types.Filter{{Name: aws.String("tag:" + ProbeTag), Values: []string{"none"}}}})
		if err == nil {
			return nil
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
