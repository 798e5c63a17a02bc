package ec2sim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"
)

// The admin API, under /_sim/ on the same handler, JSON in and out:
//
//	GET    /_sim/faults     rules with their fired counts
//	PUT    /_sim/faults     replace the rules (a JSON array of rules)
//	POST   /_sim/faults     add rules (one rule or an array)
//	DELETE /_sim/faults     remove every rule
//	GET    /_sim/requests   the request log, oldest first (?action=&region=&account= narrow it)
//	DELETE /_sim/requests   empty the request log
//	POST   /_sim/seed       seed (a SeedConfig; an empty body seeds DemoSeed())
//	POST   /_sim/reset      remove every resource
//	GET    /_sim/throttle   the throttling configuration
//	PUT    /_sim/throttle   replace it (a ThrottleConfig); DELETE restores EC2's defaults
//	GET    /_sim/healthz    "ok"

// RequestJSON is a Request as GET /_sim/requests shows it.
type RequestJSON struct {
	Time      time.Time  `json:"time"`
	Action    string     `json:"action"`
	Region    string     `json:"region"`
	Account   string     `json:"account"`
	Service   string     `json:"service"`
	Params    url.Values `json:"params"`
	Status    int        `json:"status"`
	ErrorCode string     `json:"errorCode,omitempty"`
	LatencyMs float64    `json:"latencyMs"`
	RequestID string     `json:"requestId"`
	Fault     string     `json:"fault,omitempty"`
}

func (s *Sim) serveAdmin(w http.ResponseWriter, r *http.Request) {
	route := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/_sim"), "/")
	switch r.Method + " " + route {
	case "GET /faults":
		writeJSON(w, http.StatusOK, s.Faults())
	case "PUT /faults", "POST /faults":
		rules, err := readFaults(r.Body)
		if err != nil {
			adminError(w, http.StatusBadRequest, err)
			return
		}
		if r.Method == http.MethodPut {
			s.SetFaults(rules)
		} else {
			for _, f := range rules {
				s.AddFault(f)
			}
		}
		writeJSON(w, http.StatusOK, s.Faults())
	case "DELETE /faults":
		s.SetFaults(nil)
		w.WriteHeader(http.StatusNoContent)
	case "GET /requests":
		f := r.URL.Query()
		out := []RequestJSON{}
		for _, q := range s.Requests() {
			if f.Get("action") != "" && f.Get("action") != q.Action || f.Get("region") != "" && f.Get("region") != q.Region ||
				f.Get("account") != "" && f.Get("account") != q.Account {
				continue
			}
			out = append(out, RequestJSON{q.Time, q.Action, q.Region, q.Account, q.Service, q.Params, q.Status,
				q.ErrorCode, float64(q.Latency) / float64(time.Millisecond), q.RequestID, q.Fault})
		}
		writeJSON(w, http.StatusOK, out)
	case "DELETE /requests":
		s.ResetRequests()
		w.WriteHeader(http.StatusNoContent)
	case "POST /seed":
		var cfg SeedConfig
		if err := readJSON(r.Body, &cfg, true); err != nil {
			adminError(w, http.StatusBadRequest, err)
			return
		}
		if reflect.ValueOf(cfg).IsZero() {
			cfg = DemoSeed()
		}
		if err := s.Seed(cfg); err != nil {
			adminError(w, http.StatusBadRequest, err)
			return
		}
		writeJSON(w, http.StatusOK, cfg)
	case "POST /reset":
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	case "GET /throttle":
		writeJSON(w, http.StatusOK, s.Throttle())
	case "PUT /throttle":
		var cfg ThrottleConfig
		if err := readJSON(r.Body, &cfg, false); err != nil {
			adminError(w, http.StatusBadRequest, err)
			return
		}
		s.SetThrottle(&cfg)
		writeJSON(w, http.StatusOK, s.Throttle())
	case "DELETE /throttle":
		s.SetThrottle(nil)
		w.WriteHeader(http.StatusNoContent)
	case "GET /healthz":
		io.WriteString(w, "ok\n")
	default:
		adminError(w, http.StatusNotFound, fmt.Errorf("no admin route %s %s", r.Method, r.URL.Path))
	}
}

// readFaults accepts one rule or an array of rules.
func readFaults(body io.Reader) ([]Fault, error) {
	b, err := io.ReadAll(io.LimitReader(body, 1<<20))
	if err != nil {
		return nil, err
	}
	var rules []Fault
	if t := strings.TrimSpace(string(b)); strings.HasPrefix(t, "{") {
		var f Fault
		err = json.Unmarshal(b, &f)
		rules = []Fault{f}
	} else {
		err = json.Unmarshal(b, &rules)
	}
	if err != nil {
		return nil, fmt.Errorf("fault rules: %w", err)
	}
	return rules, nil
}

// readJSON decodes body into v; an empty body leaves v alone if emptyOK.
func readJSON(body io.Reader, v any, emptyOK bool) error {
	b, err := io.ReadAll(io.LimitReader(body, 1<<20))
	if err != nil {
		return err
	}
	if len(strings.TrimSpace(string(b))) == 0 && emptyOK {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func adminError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
