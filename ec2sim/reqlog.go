package ec2sim

import (
	"net/url"
	"sync"
	"time"
)

// Request is one API request as the simulator saw and answered it. Tests
// read the log to assert which calls vpnsql made.
type Request struct {
	Time      time.Time     // when it arrived, by the Sim's clock
	Action    string        // e.g. DescribeVpnConnections, GetCallerIdentity
	Region    string        // from the SigV4 credential scope
	Account   string        // the access key's account; "" if it was not recognised
	Params    url.Values    // every form parameter, Action and Version included
	Status    int           // HTTP status sent; 0 = no response (dropped, hung)
	ErrorCode string        // the error code answered, "" on success
	Latency   time.Duration // wall time from arrival to the end of the response

	Service   string // "ec2" or "sts"
	AccessKey string
	RequestID string
	Fault     string // the kind of fault injected, "" if none
}

type requestLog struct {
	mu    sync.Mutex
	limit int
	reqs  []Request
}

func (l *requestLog) add(r Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.limit < 0 {
		return
	}
	if len(l.reqs) >= l.limit {
		// Drop the oldest tenth at once, so that a full log costs an
		// amortised constant per request.
		n := copy(l.reqs, l.reqs[max(1, l.limit/10):])
		clear(l.reqs[n:])
		l.reqs = l.reqs[:n]
	}
	l.reqs = append(l.reqs, r)
}

// Requests returns a copy of the request log, oldest first.
func (s *Sim) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	out := make([]Request, len(s.log.reqs))
	for i, r := range s.log.reqs {
		r.Params = cloneValues(r.Params)
		out[i] = r
	}
	return out
}

// ResetRequests empties the request log.
func (s *Sim) ResetRequests() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.reqs = nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
