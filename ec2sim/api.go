package ec2sim

import (
	"net/http"
	"strings"
	"time"
)

// One API request, from the form to the recorded response:
//
//	parse form -> credential scope (service, region, access key) -> authenticate
//	-> fault rules (latency, then a fault that replaces the call)
//	-> throttle -> operation -> fault rules that act on the response -> write
//
// (A read under latency alone: throttle -> operation -> the rest of the
// latency -> write.)
//
// Every request, whatever its outcome, is appended to the request log.

type exchange struct {
	s         *Sim
	w         http.ResponseWriter
	r         *http.Request
	start     time.Time
	rec       Request
	service   string
	accessKey string
}

// call is what an operation sees of its request.
type call struct {
	s                                  *Sim
	q                                  *query
	action, account, region, accessKey string
	now                                time.Time
}

type operation func(*call) (any, *apiError)

func (s *Sim) serveAPI(w http.ResponseWriter, r *http.Request) {
	x := &exchange{s: s, w: w, r: r, start: time.Now(), service: serviceEC2}
	x.rec.Time = s.now()
	x.rec.RequestID = s.gen().uuid()
	defer func() {
		x.rec.Latency = time.Since(x.start)
		s.log.add(x.rec)
		if s.opts.OnRequest != nil {
			s.opts.OnRequest(x.rec)
		}
	}()

	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	parseErr := r.ParseForm()
	x.rec.Params = cloneValues(r.Form)
	x.rec.Action = r.Form.Get("Action")
	cred, credOK := parseCredential(r)
	x.rec.Region, x.rec.AccessKey = cred.Region, cred.AccessKey
	if cred.Service == serviceSTS || r.Form.Get("Version") == stsVersion {
		x.service = serviceSTS
	}
	x.rec.Service = x.service
	if parseErr != nil {
		x.writeError(errorf("MalformedQueryString", "The request body could not be parsed: %v", parseErr))
		return
	}
	if e := x.authenticate(cred, credOK); e != nil {
		x.writeError(e)
		return
	}

	plan := s.faults.plan(x.rec.Action, x.rec.Region, x.rec.Account, s.randFloat)
	if plan.latency > 0 && plan.fault == nil && readOnly(x.rec.Action) {
		// A read is answered as of its arrival and held until the latency
		// has passed since then: the simulator's own work falls within
		// the call's latency, as EC2's does, rather than after it on the
		// client's cores. A write still waits first, so a client that
		// gives up meanwhile changes nothing.
		status, body := x.dispatch()
		if !x.sleep(plan.latency - time.Since(x.start)) {
			x.rec.Fault = "latency"
			x.drop()
			return
		}
		x.write(status, body)
		return
	}
	if plan.latency > 0 && !x.sleep(plan.latency) {
		x.rec.Fault = "latency"
		x.drop()
		return
	}
	if f := plan.fault; f != nil && !f.After && f.Kind != FaultTruncate {
		x.inject(f, nil, 0)
		return
	}
	status, body := x.dispatch()
	if f := plan.fault; f != nil {
		x.inject(f, body, status)
		return
	}
	x.write(status, body)
}

// readOnly reports whether an action changes nothing.
func readOnly(action string) bool {
	return strings.HasPrefix(action, "Describe") || action == "GetCallerIdentity"
}

// authenticate resolves the account and checks the region, answering with
// the codes each service uses.
func (x *exchange) authenticate(cred credential, ok bool) *apiError {
	s := x.s
	if !ok {
		if x.service == serviceSTS {
			return errorf("MissingAuthenticationToken", "Request is missing Authentication Token")
		}
		return errAuthFailure()
	}
	account, known := s.account(cred.AccessKey)
	if !known {
		if x.service == serviceSTS {
			return &apiError{Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid.", Status: http.StatusForbidden}
		}
		return errAuthFailure()
	}
	x.rec.Account, x.accessKey = account, cred.AccessKey
	if x.service == serviceSTS {
		if !knownRegion(cred.Region) && !s.enabled[cred.Region] {
			return errorf("SignatureDoesNotMatch", "Credential should be scoped to a valid region.")
		}
		return nil
	}
	return s.checkRegion(cred.Region)
}

// dispatch runs the operation and returns the response to send.
func (x *exchange) dispatch() (int, []byte) {
	s, action := x.s, x.rec.Action
	ops, ns := ec2Operations, ec2NS
	if x.service == serviceSTS {
		ops, ns = stsOperations, stsNS
	}
	op := ops[action]
	switch {
	case action == "":
		return x.errorBody(errorf("MissingAction", "The request must contain the parameter Action"))
	case op == nil:
		return x.errorBody(errorf("InvalidAction", "The action %s is not valid for this web service.", action))
	}
	if x.service == serviceEC2 && !s.throttle.allow(x.rec.Account, x.rec.Region, action, s.now()) {
		return x.errorBody(errThrottled())
	}
	c := &call{s: s, q: newQuery(x.r.Form), action: action, account: x.rec.Account,
		region: x.rec.Region, accessKey: x.accessKey, now: s.now()}
	resp, e := op(c)
	if e != nil {
		return x.errorBody(e)
	}
	resp.(requestIDSetter).setRequestID(x.rec.RequestID)
	return http.StatusOK, encodeResponse(action, ns, resp)
}

func (x *exchange) errorBody(e *apiError) (int, []byte) {
	x.rec.ErrorCode = e.Code
	return e.status(), encodeError(x.service, e, x.rec.RequestID)
}

func (x *exchange) writeError(e *apiError) {
	x.write(x.errorBody(e))
}

func (x *exchange) write(status int, body []byte) {
	if len(body) > 3<<10 && x.s.opts.ResponseHold > 0 {
		x.sleep(x.s.opts.ResponseHold) // see Options.ResponseHold
	}
	h := x.w.Header()
	h.Set("Content-Type", "text/xml;charset=UTF-8")
	if x.service == serviceSTS {
		h.Set("X-Amzn-Requestid", x.rec.RequestID)
	} else {
		h.Set("Server", "AmazonEC2")
	}
	x.rec.Status = status
	x.w.WriteHeader(status)
	x.w.Write(body)
}

// sleep waits d; false if the client went away or the Sim was closed.
func (x *exchange) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-x.r.Context().Done():
	case <-x.s.closed:
	}
	return false
}

// hang holds the request until the client gives up, the Sim is closed or
// max (if > 0) has passed.
func (x *exchange) hang(max time.Duration) {
	var timeout <-chan time.Time
	if max > 0 {
		t := time.NewTimer(max)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-x.r.Context().Done():
	case <-x.s.closed:
	case <-timeout:
	}
}
