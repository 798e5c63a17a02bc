package ec2

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"
)

// callLimits is the client-side token bucket per region and action of one
// account, sized as EC2's own request-rate buckets (the "Request
// throttling" page of the EC2 API reference): vpnsql waits for a token
// rather than spend one EC2 would refuse, so it does not cause
// RequestLimitExceeded by itself. EC2's buckets are shared with the
// account's other tools; what they spend, the adaptive retryer absorbs.
type callLimits struct {
	mu    sync.Mutex
	byKey map[[2]string]*rate.Limiter
}

// ec2Bucket is EC2's bucket for action: non-mutating (Describe*) 100
// tokens refilled at 20/s, CreateTags and DeleteTags 100 and 10/s, other
// mutating actions 50 and 5/s.
//
// vpnsql's own bucket is a tenth smaller (bucketReserve). A token taken
// here reaches EC2 a moment later, and that moment varies: when the
// first request of a burst is the slowest to arrive (a new connection),
// EC2's bucket starts refilling later than ours and holds fewer tokens
// than ours by the refill of the difference. With buckets of equal size
// a burst paced exactly at the rate was refused once in 130 calls
// (TestOrg_BurstPacedUnderEC2Limits); the reserve covers half a second
// of difference for Describe*, a second for the others.
func ec2Bucket(action string) (burst int, perSecond rate.Limit) {
	size, perSecond := ec2BucketSize(action)
	return size - size/bucketReserve, perSecond
}

// bucketReserve: vpnsql keeps 1/bucketReserve of each EC2 bucket unspent.
const bucketReserve = 10

func ec2BucketSize(action string) (burst int, perSecond rate.Limit) {
	switch {
	case strings.HasPrefix(action, "Describe"), strings.HasPrefix(action, "Get"):
		return 100, 20
	case action == "CreateTags", action == "DeleteTags":
		return 100, 10
	}
	return 50, 5
}

func (l *callLimits) limiter(region, action string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byKey == nil {
		l.byKey = map[[2]string]*rate.Limiter{}
	}
	k := [2]string{region, action}
	lim := l.byKey[k]
	if lim == nil {
		burst, every := ec2Bucket(action)
		lim = rate.NewLimiter(every, burst)
		l.byKey[k] = lim
	}
	return lim
}

// instrumented adds to cfg the middleware that makes every EC2 HTTP
// attempt wait for its token and counts the attempts EC2 throttled
// (vpnsql.sources).
func (a *Account) instrumented(cfg aws.Config) aws.Config {
	opts := append([]func(*middleware.Stack) error(nil), cfg.APIOptions...)
	cfg.APIOptions = append(opts, func(st *middleware.Stack) error {
		mw := middleware.FinalizeMiddlewareFunc("vpnsqlRateLimit",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				if awsmiddleware.GetServiceID(ctx) != "EC2" {
					return next.HandleFinalize(ctx, in)
				}
				region, action := awsmiddleware.GetRegion(ctx), awsmiddleware.GetOperationName(ctx)
				if err := a.limits.limiter(region, action).Wait(ctx); err != nil {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, err
				}
				out, md, err := next.HandleFinalize(ctx, in)
				var ae smithy.APIError
				if errors.As(err, &ae) && throttlingCode(ae.ErrorCode()) {
					a.noteThrottle(region)
				}
				return out, md, err
			})
		// After the retry middleware: each attempt takes a token.
		if err := st.Finalize.Insert(mw, "Retry", middleware.After); err != nil {
			return st.Finalize.Add(mw, middleware.After)
		}
		return nil
	})
	return cfg
}
