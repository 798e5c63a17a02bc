package ec2sim

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultAccount is the account every access key maps to when no keys file is configured.
const DefaultAccount = "123456789012"

// Defaults for zero Options fields.
const (
	DefaultDeleteRetention    = time.Hour
	DefaultVpnConnectionQuota = 50 // "Site-to-Site VPN connections per Region" default quota
	DefaultRequestLogSize     = 10000
	DefaultResponseHold       = 2 * time.Millisecond
)

// Options configure a Sim. The zero value is a usable simulator: connections
// are available at once, deleted ones stay listed for an hour, EC2's default
// quota and throttling apply, any access key is DefaultAccount's, and the
// regions a new AWS account has enabled are served.
type Options struct {
	ProvisionDelay time.Duration // pending -> available (and deleting -> deleted, modifying -> available); 0 = immediately
	// DeleteRetention is how long deleted connections stay listed:
	// 0 = DefaultDeleteRetention (1h), < 0 = forever (as moto does).
	DeleteRetention    time.Duration
	VpnConnectionQuota int               // per account+region; 0 = DefaultVpnConnectionQuota (50); < 0 = unlimited
	Throttle           *ThrottleConfig   // nil = EC2 defaults on; &ThrottleConfig{Disabled: true} turns throttling off
	Keys               map[string]string // access key -> account id; nil = any key is DefaultAccount's (see LoadKeys)
	// Allow limits access keys to actions (path.Match patterns such as
	// "Describe*"); other actions answer UnauthorizedOperation (and a dry
	// run of them too). Keys absent from Allow may call every action.
	Allow map[string][]string
	// Roles, when set, are the roles AssumeRole accepts, by ARN, each with
	// the external id it requires ("" = none); nil = any role of a
	// 12-digit account, without external id.
	Roles map[string]string
	// Faults are the initial fault rules (see Fault).
	Faults []Fault
	// Regions are the enabled regions; nil = the regions a new AWS account
	// has enabled (opt-in-not-required). Other AWS regions answer AuthFailure.
	Regions []string
	Now     func() time.Time // clock; nil = time.Now
	// RandSeed seeds ids, keys and addresses of resources created through
	// the API and the fault rates; 0 = a seed from the clock.
	RandSeed int64
	// RequestLogSize caps the request log (oldest dropped);
	// 0 = DefaultRequestLogSize, < 0 = no log.
	RequestLogSize int
	// OnRequest, if set, is called with every request once it is answered
	// (from the request's goroutine), e.g. to print an access log. It must
	// not modify the Request's Params, which the log shares.
	OnRequest func(Request)
	// ResponseHold delays responses larger than a client's read buffer
	// (3 KB) by this much; 0 = DefaultResponseHold, < 0 = no delay. It works
	// around a client-side race: aws-sdk-go-v2 (smithy-go) closes the request
	// body as soon as the response headers arrive, while net/http's
	// transport may still be about to read it once more to check for extra
	// bytes; that read fails, the transport closes the connection, and the
	// rest of a large response is lost ("use of closed network
	// connection"). Against AWS the round trip is far slower than that
	// window; a loopback simulator answering within microseconds is not.
	ResponseHold time.Duration
}

// Sim is an EC2 Query-API simulator for VPN connections and the gateways they
// use, plus STS GetCallerIdentity and AssumeRole. It is an http.Handler and safe for
// concurrent use.
type Sim struct {
	opts      Options
	now       func() time.Time
	enabled   map[string]bool
	retention time.Duration
	quota     int

	mu     sync.Mutex
	states map[[2]string]*regionState // by account, region

	rngMu sync.Mutex
	rng   *rand.Rand

	assumedMu sync.Mutex
	assumed   map[string]assumedKey // access keys AssumeRole handed out

	throttle throttler
	faults   faultSet
	log      requestLog
	closed   chan struct{}
	close    sync.Once
}

// New returns a simulator configured by opts.
func New(opts Options) *Sim {
	s := &Sim{
		opts:      opts,
		now:       opts.Now,
		enabled:   map[string]bool{},
		retention: opts.DeleteRetention,
		quota:     opts.VpnConnectionQuota,
		states:    map[[2]string]*regionState{},
		closed:    make(chan struct{}),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.retention == 0 {
		s.retention = DefaultDeleteRetention
	}
	if s.quota == 0 {
		s.quota = DefaultVpnConnectionQuota
	}
	regions := opts.Regions
	if regions == nil {
		regions = defaultRegions
	}
	for _, r := range regions {
		s.enabled[r] = true
	}
	seed := uint64(opts.RandSeed)
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s.SetThrottle(opts.Throttle)
	s.SetFaults(opts.Faults)
	if s.opts.ResponseHold == 0 {
		s.opts.ResponseHold = DefaultResponseHold
	}
	s.log.limit = opts.RequestLogSize
	if s.log.limit == 0 {
		s.log.limit = DefaultRequestLogSize
	}
	return s
}

// Close releases requests held by "hang" faults. The Sim still answers
// requests afterwards.
func (s *Sim) Close() {
	s.close.Do(func() { close(s.closed) })
}

// Reset removes every resource of every account and region.
func (s *Sim) Reset() {
	s.mu.Lock()
	s.states = map[[2]string]*regionState{}
	s.mu.Unlock()
}

// regionState returns (creating) the state of one account in one region.
func (s *Sim) regionState(account, region string) *regionState {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := [2]string{account, region}
	rs := s.states[k]
	if rs == nil {
		rs = newRegionState(account, region)
		s.states[k] = rs
	}
	return rs
}

// ServeHTTP serves the EC2 Query API and STS GetCallerIdentity on any path
// but /_sim/, and the admin API (see admin.go) under /_sim/.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_sim" || strings.HasPrefix(r.URL.Path, "/_sim/") {
		s.serveAdmin(w, r)
		return
	}
	s.serveAPI(w, r)
}

// Random values for resources created through the API.

func (s *Sim) randUint64() uint64 {
	s.rngMu.Lock()
	defer s.rngMu.Unlock()
	return s.rng.Uint64()
}

func (s *Sim) randFloat() float64 {
	s.rngMu.Lock()
	defer s.rngMu.Unlock()
	return s.rng.Float64()
}

func (s *Sim) gen() *gen {
	return &gen{next: s.randUint64}
}
