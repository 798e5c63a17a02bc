package ec2sim

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"path"
	"strconv"
	"sync"
	"time"
)

// FaultKind is what a fault rule does to a request.
type FaultKind string

const (
	FaultLatency  FaultKind = "latency"  // delay the response (adds up over matching rules)
	FaultError    FaultKind = "error"    // answer an API error: Code, Message, Status
	FaultHTTP     FaultKind = "http"     // answer a bare HTTP status with a non-API body, as a load balancer would (default 502)
	FaultDrop     FaultKind = "drop"     // close the connection without a response
	FaultTruncate FaultKind = "truncate" // send the real response cut short (Bytes of the body, default half) and close
	FaultHang     FaultKind = "hang"     // hold the request until the client gives up (or Latency, if set, passes), then close
)

// Fault is one fault-injection rule. A request is matched against the rules
// in order: every matching latency rule adds its delay, and the first
// matching rule of another kind decides the outcome. An empty Action, Region
// or Account matches all; Action may be a pattern ("Describe*", path.Match
// syntax).
//
// JSON form (admin endpoint and faults file), durations as Go durations:
//
//	{"action": "DescribeVpnConnections", "kind": "error", "code": "InternalError", "rate": 0.5}
//	{"kind": "latency", "latency": "200ms", "jitter": "100ms"}
type Fault struct {
	Action  string    `json:"action,omitempty"`
	Region  string    `json:"region,omitempty"`
	Account string    `json:"account,omitempty"`
	Kind    FaultKind `json:"kind"`
	// Rate is the probability that a matching request is affected;
	// 0 means always.
	Rate float64 `json:"rate,omitempty"`
	// Count stops the rule after it has fired this many times; 0 = no limit.
	Count int `json:"count,omitempty"`
	// After runs the operation before an error/http/drop/hang fault acts,
	// so the change is made but its response is lost. (Truncate always
	// runs the operation.)
	After bool `json:"after,omitempty"`

	// Latency: the fixed delay, the mean (normal, exponential) or the
	// minimum (uniform). For hang, the longest hold (0 = until the client
	// gives up).
	Latency time.Duration `json:"-"`
	// Jitter: the width of a uniform distribution or the standard deviation
	// of a normal one.
	Jitter time.Duration `json:"-"`
	// Distribution: "fixed" (default; "uniform" when Jitter is set),
	// "uniform", "normal" or "exponential".
	Distribution string `json:"distribution,omitempty"`

	Code    string `json:"code,omitempty"`    // error: the error code (default InternalError)
	Message string `json:"message,omitempty"` // error, http: the message or body
	Status  int    `json:"status,omitempty"`  // error: HTTP status (default from Code); http: the status (default 502)
	Bytes   int    `json:"bytes,omitempty"`   // truncate: body bytes sent (default half)
}

type faultJSON struct {
	Latency string `json:"latency,omitempty"`
	Jitter  string `json:"jitter,omitempty"`
}

// MarshalJSON writes durations as Go duration strings ("150ms").
func (f Fault) MarshalJSON() ([]byte, error) {
	type plain Fault
	d := faultJSON{}
	if f.Latency != 0 {
		d.Latency = f.Latency.String()
	}
	if f.Jitter != 0 {
		d.Jitter = f.Jitter.String()
	}
	return json.Marshal(struct {
		plain
		faultJSON
	}{plain(f), d})
}

// UnmarshalJSON reads durations as Go duration strings or as milliseconds.
func (f *Fault) UnmarshalJSON(b []byte) error {
	type plain Fault
	var v struct {
		plain
		Latency json.RawMessage `json:"latency"`
		Jitter  json.RawMessage `json:"jitter"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = Fault(v.plain)
	var err error
	if f.Latency, err = parseDuration(v.Latency); err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	if f.Jitter, err = parseDuration(v.Jitter); err != nil {
		return fmt.Errorf("jitter: %w", err)
	}
	return f.validate()
}

func parseDuration(raw json.RawMessage) (time.Duration, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return time.ParseDuration(s)
	}
	var ms float64
	if err := json.Unmarshal(raw, &ms); err != nil {
		return 0, fmt.Errorf("want a duration string or milliseconds, got %s", raw)
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}

func (f *Fault) validate() error {
	switch f.Kind {
	case FaultLatency, FaultError, FaultHTTP, FaultDrop, FaultTruncate, FaultHang:
	default:
		return fmt.Errorf("unknown fault kind %q", f.Kind)
	}
	switch f.Distribution {
	case "", "fixed", "uniform", "normal", "exponential":
	default:
		return fmt.Errorf("unknown latency distribution %q", f.Distribution)
	}
	if f.Rate < 0 || f.Rate > 1 {
		return fmt.Errorf("rate %v is not between 0 and 1", f.Rate)
	}
	if _, err := path.Match(f.Action, ""); err != nil {
		return fmt.Errorf("action pattern %q: %w", f.Action, err)
	}
	return nil
}

// FaultStatus is a rule and how often it has fired, as GET /_sim/faults shows.
type FaultStatus struct {
	Fault
	Fired int `json:"fired"`
}

// MarshalJSON keeps the rule's duration strings alongside the count.
func (s FaultStatus) MarshalJSON() ([]byte, error) {
	b, err := s.Fault.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return append(append(b[:len(b)-1], `,"fired":`...), strconv.Itoa(s.Fired)+"}"...), nil
}

type faultSet struct {
	mu    sync.Mutex
	rules []FaultStatus
}

// SetFaults replaces the fault rules (and their counts); nil clears them.
func (s *Sim) SetFaults(f []Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.rules = make([]FaultStatus, len(f))
	for i, r := range f {
		s.faults.rules[i].Fault = r
	}
}

// AddFault appends one rule.
func (s *Sim) AddFault(f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.rules = append(s.faults.rules, FaultStatus{Fault: f})
}

// Faults returns the rules and how often each has fired.
func (s *Sim) Faults() []FaultStatus {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return append([]FaultStatus(nil), s.faults.rules...)
}

type faultPlan struct {
	latency time.Duration
	fault   *Fault
}

// plan picks what the rules do to one request and counts the rules that fire.
func (fs *faultSet) plan(action, region, account string, roll func() float64) faultPlan {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var p faultPlan
	for i := range fs.rules {
		r := &fs.rules[i]
		if !r.matches(action, region, account) || (r.Kind != FaultLatency && p.fault != nil) {
			continue
		}
		if r.Count > 0 && r.Fired >= r.Count || r.Rate > 0 && roll() >= r.Rate {
			continue
		}
		r.Fired++
		if r.Kind == FaultLatency {
			p.latency += r.delay(roll)
		} else {
			f := r.Fault
			p.fault = &f
		}
	}
	return p
}

func (f *Fault) matches(action, region, account string) bool {
	if f.Action != "" {
		if ok, _ := path.Match(f.Action, action); !ok {
			return false
		}
	}
	return (f.Region == "" || f.Region == region) && (f.Account == "" || f.Account == account)
}

// delay draws one latency from the rule's distribution.
func (f *Fault) delay(roll func() float64) time.Duration {
	base, jit := float64(f.Latency), float64(f.Jitter)
	var d float64
	switch dist := f.Distribution; {
	case dist == "exponential":
		d = -base * math.Log(1-roll())
	case dist == "normal":
		// Box-Muller from two uniform draws.
		u1, u2 := 1-roll(), roll()
		d = base + jit*math.Sqrt(-2*math.Log(u1))*math.Cos(2*math.Pi*u2)
	case dist == "uniform" || dist == "" && jit > 0:
		d = base + jit*roll()
	default:
		d = base
	}
	return time.Duration(max(d, 0))
}

// inject applies a non-latency fault; body and status are the operation's
// response when it ran (After, or truncate).
func (x *exchange) inject(f *Fault, body []byte, status int) {
	x.rec.Fault = string(f.Kind)
	switch f.Kind {
	case FaultError:
		code := f.Code
		if code == "" {
			code = "InternalError"
		}
		msg := f.Message
		if msg == "" {
			msg = "An internal error has occurred"
			if code != "InternalError" {
				msg = "Injected fault: " + code
			}
		}
		x.writeError(&apiError{Code: code, Message: msg, Status: f.Status})
	case FaultHTTP:
		st := f.Status
		if st == 0 {
			st = http.StatusBadGateway
		}
		msg := f.Message
		if msg == "" {
			msg = fmt.Sprintf("<html><body><h1>%d %s</h1></body></html>\n", st, http.StatusText(st))
		}
		x.w.Header().Set("Content-Type", "text/html")
		x.rec.Status = st
		x.w.WriteHeader(st)
		x.w.Write([]byte(msg))
	case FaultDrop:
		x.drop()
	case FaultHang:
		x.hang(f.Latency)
		x.drop()
	case FaultTruncate:
		n := f.Bytes
		if n <= 0 || n > len(body) {
			n = len(body) / 2
		}
		x.truncated(status, body, n)
	}
}

// drop closes the connection without a response.
func (x *exchange) drop() {
	x.rec.Status = 0
	conn, _, err := http.NewResponseController(x.w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // not hijackable (HTTP/2): abort the stream
	}
	conn.Close()
}

// truncated sends status and headers announcing the whole body, n bytes of
// it, and closes the connection.
func (x *exchange) truncated(status int, body []byte, n int) {
	x.rec.Status = status
	conn, w, err := http.NewResponseController(x.w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	fmt.Fprintf(w, "HTTP/1.1 %d %s\r\nContent-Type: text/xml;charset=UTF-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
		status, http.StatusText(status), len(body))
	w.Write(body[:n])
	w.Flush()
}
