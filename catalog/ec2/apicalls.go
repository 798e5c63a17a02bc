package ec2

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Every AWS call an account makes, reads and writes, passes one SDK
// middleware (installed in the account's aws.Config.APIOptions, so the EC2
// clients of every region and the STS client carry it). It records the call
// in the source's APICallLog, which vpnsql.api_calls lists, and writes one
// audit line per mutating call with log/slog. Parameters are recorded with
// secrets replaced: any member named PreSharedKey, and the
// customerGatewayConfiguration (which embeds the keys).

// DefaultAPICallLogSize is how many calls vpnsql.api_calls keeps.
const DefaultAPICallLogSize = 1000

// APICall is one API operation as vpnsql made it: one row of
// vpnsql.api_calls. Retries of an operation are one call (Attempts).
type APICall struct {
	Time      time.Time
	AccountID string
	Region    string
	Service   string // "EC2", "STS"
	Action    string
	// Params is the input as a JSON tree, secrets redacted: set for
	// mutating calls (the audit log writes it) and cache hits; for other
	// calls Parameters makes it when asked (vpnsql.api_calls).
	Params    any
	Result    string // "ok", the AWS error code, or "error" for a failure without one
	Message   string // the error message, "" on success
	RequestID string
	Latency   time.Duration
	Attempts  int
	Throttles int  // attempts EC2 answered with a throttling error
	CacheHit  bool // answered from the read cache
	// Who asked: the session and the statement (secrets removed).
	User, ApplicationName, Statement string

	input any // the SDK input, for Parameters
}

// Parameters returns Params, made from the call's input if it was not
// yet: a read does not pay for the JSON round trip of redactedJSON at
// every call, only when vpnsql.api_calls lists it.
func (c *APICall) Parameters() any {
	if c.Params == nil && c.input != nil {
		if p, ok := c.input.(cachedParams); ok {
			return p.tree()
		}
		return redactedJSON(c.input)
	}
	return c.Params
}

// Mutating reports whether the call can change something: it gets an
// audit line. STS calls (AssumeRole, GetCallerIdentity) change nothing in
// the account.
func (c *APICall) Mutating() bool {
	if c.Service == "STS" {
		return false
	}
	for _, p := range []string{"Describe", "Get", "List"} {
		if strings.HasPrefix(c.Action, p) {
			return false
		}
	}
	return true
}

// APICallLog keeps the most recent calls.
type APICallLog struct {
	mu    sync.Mutex
	limit int
	// calls is a ring once full: next is where the oldest is, and the
	// next call goes (every cached read adds one, so no shifting).
	calls  []APICall
	next   int
	logger *slog.Logger
	hooks  []CallHooks
}

// CallHooks are told of an account's API calls, for the audit log and
// metrics (cmd wires them; this package knows neither).
type CallHooks struct {
	// BeforeWrite runs before a mutating call is sent, with the call as
	// it will be made (no outcome yet). An error refuses the call: it is
	// not sent, and the statement fails with that error (58030 unless it
	// is a *pgerr.Error already).
	BeforeWrite func(ctx context.Context, c APICall) error
	// Done runs after every call made, retries included; a read the
	// cache answered makes none (it is listed in vpnsql.api_calls).
	Done func(c APICall)
}

// Hook adds hooks to every account of src. Call it before the accounts
// make their first call, as instrument.
func (s *Source) Hook(h CallHooks) {
	log := instrument(s)
	log.mu.Lock()
	log.hooks = append(log.hooks, h)
	log.mu.Unlock()
}

// beforeWrite runs the BeforeWrite hooks for a mutating call.
func (l *APICallLog) beforeWrite(ctx context.Context, a *Account, params any) error {
	l.mu.Lock()
	hooks := l.hooks
	l.mu.Unlock()
	if len(hooks) == 0 {
		return nil
	}
	c := APICall{Time: time.Now().UTC().Truncate(time.Microsecond), Region: awsmiddleware.GetRegion(ctx), Service: awsmiddleware.GetServiceID(ctx),
		Action: awsmiddleware.GetOperationName(ctx), Statement: catalog.StatementFrom(ctx)}
	if !c.Mutating() {
		return nil
	}
	c.Params = redactedJSON(params)
	c.AccountID, _ = a.ID(ctx)
	if s, ok := catalog.SessionFrom(ctx); ok {
		c.User, c.ApplicationName = s.User, s.ApplicationName
	}
	for _, h := range hooks {
		if h.BeforeWrite == nil {
			continue
		}
		if err := h.BeforeWrite(ctx, c); err != nil {
			var pe *pgerr.Error
			if !errors.As(err, &pe) {
				pe = pgerr.Wrap(pgerr.IoError, err)
			}
			return pe
		}
	}
	return nil
}

// Calls returns the kept calls, oldest first.
func (l *APICallLog) Calls() []APICall {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append(append([]APICall(nil), l.calls[l.next:]...), l.calls[:l.next]...)
}

// SetLogger chooses where audit lines go (nil: slog.Default()).
func (l *APICallLog) SetLogger(logger *slog.Logger) {
	l.mu.Lock()
	l.logger = logger
	l.mu.Unlock()
}

// add records a call made and tells the hooks.
func (l *APICallLog) add(c APICall) {
	l.mu.Lock()
	*l.slot() = c
	logger, hooks := l.logger, l.hooks
	l.mu.Unlock()
	for _, h := range hooks {
		if h.Done != nil {
			h.Done(c)
		}
	}
	if c.Mutating() {
		audit(logger, c)
	}
}

// addHits records hit, a scan's call the read cache answered, once for
// the target of each ready result. No call was made: the hooks hear nothing.
func (l *APICallLog) addHits(hit *APICall, ts []target, ready []regionResult) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range ready {
		c := l.slot()
		*c = *hit
		c.AccountID, c.Region = ts[r.target].accountID, ts[r.target].region
	}
}

// slot is where the next call is kept. The caller holds l.mu.
func (l *APICallLog) slot() *APICall {
	if len(l.calls) < l.limit {
		l.calls = append(l.calls, APICall{})
		return &l.calls[len(l.calls)-1]
	}
	c := &l.calls[l.next]
	l.next = (l.next + 1) % l.limit
	return c
}

// audit writes the log line of a call that changes state.
func audit(logger *slog.Logger, c APICall) {
	if logger == nil {
		logger = slog.Default()
	}
	var params strings.Builder
	enc := json.NewEncoder(&params)
	enc.SetEscapeHTML(false)
	enc.Encode(c.Params)
	logger.LogAttrs(context.Background(), slog.LevelInfo, "audit",
		slog.String("user", c.User),
		slog.String("application_name", c.ApplicationName),
		slog.String("statement", c.Statement),
		slog.String("action", c.Action),
		slog.String("account", c.AccountID),
		slog.String("region", c.Region),
		slog.String("parameters", strings.TrimSpace(params.String())),
		slog.String("result", c.Result),
		slog.String("message", c.Message),
		slog.String("request_id", c.RequestID),
		slog.Int("attempts", c.Attempts),
		slog.Float64("latency_ms", float64(c.Latency)/float64(time.Millisecond)),
	)
}

// instrumenting serialises instrument: an account is instrumented once,
// however many tables are made over it.
var instrumenting sync.Mutex

// instrument installs the recording middleware in every account of src
// (once) and returns the log they share. Call it before the accounts make
// their first call: clients already made keep their middleware stack.
func instrument(src *Source) *APICallLog {
	instrumenting.Lock()
	defer instrumenting.Unlock()
	var log *APICallLog
	for _, a := range src.Accounts {
		if l := a.calls.Load(); l != nil {
			log = l
		}
	}
	if log == nil {
		log = &APICallLog{limit: DefaultAPICallLogSize}
	}
	for _, a := range src.Accounts {
		if a.calls.Load() != nil {
			continue
		}
		a.calls.Store(log)
		opts := append([]func(*middleware.Stack) error(nil), a.Config.APIOptions...)
		a.Config.APIOptions = append(opts, log.middleware(a))
	}
	return log
}

// NewAPICalls returns the table vpnsql.api_calls over src's calls, and
// sends src's audit lines to logger (nil: slog.Default()).
func NewAPICalls(src *Source, logger *slog.Logger) catalog.Table {
	return tableNamed(Tables(src, logger), "api_calls")
}

func newAPICalls(src *Source, logger *slog.Logger, oid uint32) catalog.Table {
	log := instrument(src)
	log.SetLogger(logger)
	return &apiCallsTable{log: log, oid: oid}
}

// recordCalls installs the recording middleware of a's log, if a has one,
// in a client's stack: for the assumed role's STS client, made before the
// account is instrumented. The SDK applies APIOptions at every call.
func (a *Account) recordCalls(st *middleware.Stack) error {
	log := a.calls.Load()
	if log == nil {
		return nil
	}
	return log.middleware(a)(st)
}

func (l *APICallLog) middleware(a *Account) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		// After the service metadata (region, operation) is in the context;
		// around the retry loop, so one call is one record.
		err := st.Initialize.Add(middleware.InitializeMiddlewareFunc("vpnsqlAPICallLog",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				if err := l.beforeWrite(ctx, a, in.Parameters); err != nil {
					return middleware.InitializeOutput{}, middleware.Metadata{}, err
				}
				start := time.Now()
				reqID := new(string)
				ctx = context.WithValue(ctx, requestIDKey{}, reqID)
				out, md, err := next.HandleInitialize(ctx, in)
				c := newAPICall(ctx, a, in.Parameters, out.Result, md, err, start)
				if c.RequestID == "" {
					c.RequestID = *reqID
				}
				l.add(c)
				if note, ok := ctx.Value(callNoteKey{}).(*APICall); ok {
					*note = c // the write that made the call wants its outcome
				}
				return out, md, err
			}), middleware.After)
		if err != nil {
			return err
		}
		// Closest to the transport: EC2 puts the request id of a successful
		// call only in the body (<requestId> comes first), which the SDK
		// does not keep; read it from the start of the body.
		return st.Deserialize.Add(middleware.DeserializeMiddlewareFunc("vpnsqlRequestID",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				out, md, err := next.HandleDeserialize(ctx, in)
				holder, _ := ctx.Value(requestIDKey{}).(*string)
				resp, ok := out.RawResponse.(*smithyhttp.Response)
				if holder == nil || !ok || resp.Body == nil {
					return out, md, err
				}
				br := bufio.NewReaderSize(resp.Body, 1024)
				head, _ := br.Peek(1024)
				if id := xmlElement(head, "requestId"); id != "" {
					*holder = id
				}
				resp.Body = readCloser{br, resp.Body}
				return out, md, err
			}), middleware.After)
	}
}

type requestIDKey struct{}

// callNoteKey carries an *APICall that the recording middleware fills
// with the call's record (writeRun.do reads the result and request id).
type callNoteKey struct{}

type readCloser struct {
	io.Reader
	io.Closer
}

// xmlElement returns the text of the first <name> element in b.
// It copies only the text, not b (the first KB of every answer).
func xmlElement(b []byte, name string) string {
	_, after, ok := bytes.Cut(b, []byte("<"+name+">"))
	if !ok {
		return ""
	}
	text, _, ok := bytes.Cut(after, []byte("</"+name+">"))
	if !ok {
		return ""
	}
	return string(text)
}

func newAPICall(ctx context.Context, a *Account, params, result any, md middleware.Metadata, err error, start time.Time) APICall {
	c := APICall{
		Time:      start.UTC(),
		Region:    awsmiddleware.GetRegion(ctx),
		Service:   awsmiddleware.GetServiceID(ctx),
		Action:    awsmiddleware.GetOperationName(ctx),
		input:     params,
		Result:    "ok",
		Latency:   time.Since(start),
		Statement: catalog.StatementFrom(ctx),
	}
	if s, ok := catalog.SessionFrom(ctx); ok {
		c.User, c.ApplicationName = s.User, s.ApplicationName
	}
	if r, ok := retry.GetAttemptResults(md); ok {
		c.Attempts = len(r.Results)
		for _, at := range r.Results {
			if at.Err != nil && isThrottle(at.Err) {
				c.Throttles++
			}
		}
	}
	switch out := result.(type) {
	case *sts.GetCallerIdentityOutput:
		if out != nil && out.Account != nil {
			c.AccountID = *out.Account
		}
	}
	if in, ok := params.(*sts.AssumeRoleInput); ok && in != nil {
		// The account the role belongs to, whether or not it was assumed.
		if r, err := arn.Parse(aws.ToString(in.RoleArn)); err == nil {
			c.AccountID = r.AccountID
		}
	}
	if c.Mutating() {
		c.Params = redactedJSON(params) // the audit line and hooks have it
	}
	if c.Service != "STS" && c.AccountID == "" {
		// The account's id was learned before its first EC2 call (every
		// scan and write asks for it first), so this does not call STS.
		c.AccountID, _ = a.ID(ctx)
	}
	if id, ok := awsmiddleware.GetRequestIDMetadata(md); ok {
		c.RequestID = id
	}
	if err != nil {
		c.Result, c.Message = "error", err.Error()
		var ae smithy.APIError
		if errors.As(err, &ae) {
			c.Result, c.Message = ae.ErrorCode(), ae.ErrorMessage()
		}
		var re *awshttp.ResponseError
		if errors.As(err, &re) && re.ServiceRequestID() != "" {
			c.RequestID = re.ServiceRequestID()
		}
		if c.Attempts == 0 {
			c.Attempts = 1
		}
	}
	return c
}

// redactedJSON turns an SDK input into a JSON tree without unset members,
// with secrets replaced.
func redactedJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var tree any
	if json.Unmarshal(b, &tree) != nil {
		return nil
	}
	out, _ := pruneJSON(tree)
	return out
}

const redacted = "<redacted>"

// secretKey reports whether a member holds a secret: pre-shared keys, and
// the customer gateway configuration that embeds them.
func secretKey(k string) bool {
	f := strings.ToLower(strings.ReplaceAll(k, "_", ""))
	return strings.Contains(f, "presharedkey") && !strings.Contains(f, "storage") && !strings.Contains(f, "arn") ||
		f == "customergatewayconfiguration"
}

// pruneJSON drops nulls and empty lists and objects, and redacts secrets;
// keep is false when nothing is left.
func pruneJSON(v any) (any, bool) {
	switch v := v.(type) {
	case nil:
		return nil, false
	case string:
		return v, v != ""
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if secretKey(k) && x != nil {
				out[k] = redacted
				continue
			}
			if p, ok := pruneJSON(x); ok {
				out[k] = p
			}
		}
		return out, len(out) > 0
	case []any:
		var out []any
		for _, x := range v {
			if p, ok := pruneJSON(x); ok {
				out = append(out, p)
			}
		}
		return out, len(out) > 0
	}
	return v, true
}

// apiCallsTable is vpnsql.api_calls.
type apiCallsTable struct {
	log *APICallLog
	oid uint32
}

var apiCallColumns = []catalog.Column{
	{Name: "time", Type: value.Timestamptz, NotNull: true, Comment: "When the call started."},
	{Name: "accountId", Type: value.Text, Comment: "The AWS account called."},
	{Name: "region", Type: value.Text, Comment: "The region called."},
	{Name: "service", Type: value.Text, NotNull: true, Comment: "The AWS service (EC2, STS)."},
	{Name: "action", Type: value.Text, NotNull: true, Comment: "The API operation."},
	{Name: "parameters", Type: value.JSONB, Comment: "The parameters sent, with pre-shared keys redacted."},
	{Name: "result", Type: value.Text, NotNull: true, Comment: "ok, or the AWS error code (error when there is none)."},
	{Name: "errorMessage", Type: value.Text, Comment: "The error message of a failed call."},
	{Name: "requestId", Type: value.Text, Comment: "The AWS request id."},
	{Name: "latencyMs", Type: value.Float8, NotNull: true, Comment: "Time the call took, retries included, in milliseconds."},
	{Name: "attempts", Type: value.Int4, NotNull: true, Comment: "HTTP attempts the SDK made (1 + retries)."},
	{Name: "cacheHit", Type: value.Bool, NotNull: true, Comment: "Whether the read cache answered (no cache yet: always false)."},
	{Name: "user", Type: value.Text, Comment: "The session user that caused the call."},
	{Name: "applicationName", Type: value.Text, Comment: "The session's application_name."},
	{Name: "statement", Type: value.Text, Comment: "The statement that caused a write call (literals removed when it sets pre-shared keys)."},
}

// IsView makes vpnsql.api_calls a view in the catalogs (catalog.View).
func (t *apiCallsTable) IsView() {}

func (t *apiCallsTable) Schema() string            { return "vpnsql" }
func (t *apiCallsTable) Name() string              { return "api_calls" }
func (t *apiCallsTable) OID() uint32               { return t.oid }
func (t *apiCallsTable) Columns() []catalog.Column { return apiCallColumns }
func (t *apiCallsTable) PrimaryKey() []int         { return nil }
func (t *apiCallsTable) Pushable(int) bool         { return false }
func (t *apiCallsTable) Explain(catalog.ScanRequest) []string {
	return []string{"API Calls: none (recent calls kept in memory)"}
}

func (t *apiCallsTable) Scan(ctx context.Context, _ catalog.ScanRequest) ([][]any, error) {
	calls := t.log.Calls()
	rows := make([][]any, 0, len(calls))
	sc := scopeFrom(ctx) // a scoped role sees its accounts' and regions' calls
	for _, c := range calls {
		if !sc.AllowsAccount("", c.AccountID) || !sc.AllowsRegion(c.Region) {
			continue
		}
		var params any
		if p := c.Parameters(); p != nil {
			params = value.JSON{V: value.JSONNumbers(p)}
		}
		rows = append(rows, []any{c.Time, nullIfEmpty(c.AccountID), nullIfEmpty(c.Region), c.Service, c.Action, params,
			c.Result, nullIfEmpty(c.Message), nullIfEmpty(c.RequestID), float64(c.Latency) / float64(time.Millisecond),
			int64(c.Attempts), c.CacheHit, nullIfEmpty(c.User), nullIfEmpty(c.ApplicationName), nullIfEmpty(c.Statement)})
	}
	return rows, nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// noteCacheHits lists a Describe answered from the read cache in each of
// the ready results' targets in vpnsql.api_calls: no API call was made, so
// the middleware saw nothing. hit is copied into each record; each log
// (the accounts of a Source share one) is locked once.
func (s *Source) noteCacheHits(hit *APICall, ts []target, ready []regionResult) {
	if len(ready) == 0 {
		return
	}
	hit.Time = time.Now().UTC().Truncate(time.Microsecond)
	for len(ready) > 0 {
		log := ts[ready[0].target].account.calls.Load()
		n := 1
		for n < len(ready) && ts[ready[n].target].account.calls.Load() == log {
			n++
		}
		if log != nil {
			log.addHits(hit, ts, ready[:n])
		}
		ready = ready[n:]
	}
}

// noteCacheHit is noteCacheHits for the answer of one target.
func (s *Source) noteCacheHit(hit *APICall, tg target) {
	s.noteCacheHits(hit, []target{tg}, []regionResult{{target: 0}})
}

// cacheHit is the record noteCacheHits lists for each account and region
// a scan's call is answered in from the cache. Its parameters are spelled
// only when vpnsql.api_calls lists it.
func cacheHit(ctx context.Context, action string, params cachedParams) APICall {
	c := APICall{Service: "EC2", Action: action, Result: "ok", CacheHit: true, Statement: catalog.StatementFrom(ctx)}
	if len(params.req.ids) > 0 || len(params.req.filters) > 0 {
		c.input = params
	}
	if sess, ok := catalog.SessionFrom(ctx); ok {
		c.User, c.ApplicationName = sess.User, sess.ApplicationName
	}
	return c
}

// cachedParams are a cached call's parameters: its request, and the call
// that spells them as on the wire (describeCall.params).
type cachedParams struct {
	call interface{ params(apiRequest) []string }
	req  apiRequest
}

// tree is the parameters as vpnsql.api_calls shows them: an object of
// each wire name and its value ("Filter.1.Name": "state").
func (p cachedParams) tree() map[string]any {
	wire := p.call.params(p.req)[1:] // after Action=
	t := make(map[string]any, len(wire))
	for _, kv := range wire {
		k, v, _ := strings.Cut(kv, "=")
		t[k] = v
	}
	return t
}
