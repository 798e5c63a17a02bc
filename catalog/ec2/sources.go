package ec2

import (
	"context"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// sourceHealth is what vpnsql knows of one account and region (a source):
// when it last answered, its last failure and how often EC2 throttled it.
// Region "" is the account itself (its credentials, its region list).
type sourceHealth struct {
	lastSuccess time.Time
	lastFailure time.Time
	lastError   string
	throttled   int64
}

func (a *Account) healthOf(region string) *sourceHealth {
	if a.health == nil {
		a.health = map[string]*sourceHealth{}
	}
	h := a.health[region]
	if h == nil {
		h = &sourceHealth{}
		a.health[region] = h
	}
	return h
}

func (a *Account) noteSuccess(region string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.healthOf(region).lastSuccess = time.Now().UTC()
}

func (a *Account) noteFailure(region string, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	h := a.healthOf(region)
	h.lastFailure = time.Now().UTC()
	h.lastError = errorText(err)
}

func (a *Account) noteThrottle(region string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.healthOf(region).throttled++
}

// errorText is a failure as vpnsql.sources shows it: the message and the
// AWS error code and request id.
func errorText(err error) string {
	pe := pgerr.From(apiError(context.Background(), err))
	if pe.Detail != "" {
		return pe.Message + " (" + pe.Detail + ")"
	}
	return pe.Message
}

// NewSources returns vpnsql.sources: one row per account and region vpnsql
// reads, with its state.
func NewSources(src *Source) catalog.Table { return tableNamed(Tables(src, nil), "sources") }

type sourcesTable struct {
	src *Source
	oid uint32
}

var sourceColumns = []catalog.Column{
	{Name: "account", Type: value.Text, Comment: "The account's name in the config file (NULL for the default credentials)."},
	{Name: "accountId", Type: value.Text, Comment: "The AWS account id (NULL when it could not be learned)."},
	{Name: "region", Type: value.Text, Comment: "The region; NULL for a failure of the account itself (credentials, role, region list)."},
	{Name: "state", Type: value.Text, Comment: "ok (its last call answered), failed (its last call failed) or unknown (not called yet)."},
	{Name: "lastSuccess", Type: value.Timestamptz, Comment: "When a call to it last succeeded."},
	{Name: "lastError", Type: value.Text, Comment: "Its last failure: the message, AWS error code and request id."},
	{Name: "lastErrorTime", Type: value.Timestamptz, Comment: "When it last failed."},
	{Name: "throttlingEvents", Type: value.Int8, Comment: "Responses that throttled it (RequestLimitExceeded), retried or not."},
}

// IsView makes vpnsql.sources a view in the catalogs (catalog.View).
func (t *sourcesTable) IsView() {}

func (t *sourcesTable) Schema() string            { return "vpnsql" }
func (t *sourcesTable) Name() string              { return "sources" }
func (t *sourcesTable) OID() uint32               { return t.oid }
func (t *sourcesTable) Columns() []catalog.Column { return sourceColumns }
func (t *sourcesTable) PrimaryKey() []int         { return nil }
func (t *sourcesTable) Pushable(int) bool         { return false }
func (t *sourcesTable) Explain(catalog.ScanRequest) []string {
	return []string{"API Calls: none (the state of every source, from the server's memory)"}
}

func (t *sourcesTable) Scan(ctx context.Context, _ catalog.ScanRequest) ([][]any, error) {
	var rows [][]any
	sc := scopeFrom(ctx) // a scoped role sees its accounts and regions
	for _, a := range t.src.Accounts {
		id := a.knownID()
		if !sc.AllowsAccount(a.Name, id) {
			continue
		}
		a.mu.Lock()
		regions := a.resolved
		if regions == nil && !hasAll(a.regionsConfigured(t.src.Regions)) {
			regions = a.regionsConfigured(t.src.Regions)
		}
		list := []string{}
		if h := a.health[""]; a.reachErr != nil || (h != nil && !h.lastFailure.IsZero()) {
			list = append(list, "") // the account's own failure
		}
		list = append(list, regions...)
		for _, r := range list {
			if r != "" && !sc.AllowsRegion(r) {
				continue
			}
			h := a.health[r]
			if h == nil {
				h = &sourceHealth{}
			}
			if r == "" && a.reachErr != nil && h.lastError == "" {
				h = &sourceHealth{lastError: errorText(a.reachErr), lastFailure: h.lastFailure}
			}
			state := "unknown"
			switch {
			case r == "" && a.reachErr != nil, h.lastFailure.After(h.lastSuccess):
				state = "failed"
			case !h.lastSuccess.IsZero():
				state = "ok"
			}
			rows = append(rows, []any{nullIfEmpty(a.Name), nullIfEmpty(id), nullIfEmpty(r), state,
				nullTime(h.lastSuccess), nullIfEmpty(h.lastError), nullTime(h.lastFailure), h.throttled})
		}
		a.mu.Unlock()
	}
	return rows, nil
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
