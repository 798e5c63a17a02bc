package ec2

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/value"
)

// Pseudo-parameters: equality on these columns chooses where to call rather
// than what to send.
const (
	pushRegion  = "@region"
	pushAccount = "@account"
)

// resourceColumn declares one column of a resource table over API objects
// of type R.
type resourceColumn[R any] struct {
	name    string
	typ     *value.Type
	notNull bool
	doc     string
	get     func(*R) any
	// pushdown is the API parameter equality on this column becomes: the
	// id list parameter (idParam), a Describe filter name, pushRegion or
	// pushAccount; "" when the column is only evaluated locally.
	pushdown string
	// keyFilter, for a jsonb object column, is the filter-name prefix a
	// key constraint becomes: "tag:" sends tags->>'k' = 'v' as tag:k.
	keyFilter string
}

// resourceTable is a catalog.Table over one Describe call. A new resource
// is a column list and a list function.
type resourceTable[R any] struct {
	schema, name string
	oid          uint32
	columns      []resourceColumn[R]
	key          string
	src          *Source
	list         func(ctx context.Context, t target, ids []string, filters []types.Filter) ([]R, error)
	action       string // the Describe action, for EXPLAIN
	idParam      string // the id list parameter, e.g. VpnConnectionId
}

func (t *resourceTable[R]) Schema() string { return t.schema }
func (t *resourceTable[R]) Name() string   { return t.name }
func (t *resourceTable[R]) OID() uint32    { return t.oid }

func (t *resourceTable[R]) Columns() []catalog.Column {
	cols := make([]catalog.Column, len(t.columns))
	for i, c := range t.columns {
		cols[i] = catalog.Column{Name: c.name, Type: c.typ, NotNull: c.notNull, Comment: c.doc}
	}
	return cols
}

func (t *resourceTable[R]) PrimaryKey() []int {
	for i, c := range t.columns {
		if c.name == t.key {
			return []int{i}
		}
	}
	return nil
}

func (t *resourceTable[R]) Pushable(col int) bool { return t.columns[col].pushdown != "" }

func (t *resourceTable[R]) PushableKey(col int) bool { return t.columns[col].keyFilter != "" }

// apiRequest is what one scan sends: where, and with which parameters.
type apiRequest struct {
	regions, accounts []any // nil = all
	ids               []string
	idsConstrained    bool
	filters           []types.Filter
	empty             bool // a constraint no value can satisfy
}

func (t *resourceTable[R]) request(q catalog.ScanRequest) apiRequest {
	var req apiRequest
	keyFilters := map[string][]string{}
	var keyOrder []string
	for _, c := range q.Constraints {
		if c.Key == "" || t.columns[c.Column].keyFilter == "" {
			continue
		}
		name := t.columns[c.Column].keyFilter + c.Key
		vals := distinctStrings(c.Values)
		if prev, seen := keyFilters[name]; seen {
			vals = intersectStrings(prev, vals)
		} else {
			keyOrder = append(keyOrder, name)
		}
		keyFilters[name] = vals
		if len(vals) == 0 {
			req.empty = true
		}
	}

	for i, c := range t.columns {
		if c.pushdown == "" {
			continue
		}
		vals, ok := q.ValuesFor(i)
		if !ok {
			continue
		}
		strs := distinctStrings(vals)
		if len(strs) == 0 {
			req.empty = true
			continue
		}
		switch c.pushdown {
		case pushRegion:
			req.regions = toAny(strs)
		case pushAccount:
			req.accounts = toAny(strs)
		case t.idParam:
			req.ids, req.idsConstrained = strs, true
		default:
			req.filters = append(req.filters, types.Filter{Name: aws.String(c.pushdown), Values: escapeFilterValues(strs)})
		}
	}
	for _, name := range keyOrder {
		req.filters = append(req.filters, types.Filter{Name: aws.String(name), Values: escapeFilterValues(keyFilters[name])})
	}
	return req
}

// Scan returns every target's rows, in target order.
func (t *resourceTable[R]) Scan(ctx context.Context, q catalog.ScanRequest) ([][]any, error) {
	st, err := t.Stream(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.(*regionStream).all()
}

// Stream calls every target in parallel and hands on each one's rows as
// they arrive.
func (t *resourceTable[R]) Stream(ctx context.Context, q catalog.ScanRequest) (catalog.RowStream, error) {
	req := t.request(q)
	if req.empty {
		return &regionStream{}, nil
	}
	targets, err := t.src.targets(ctx, req.regions, req.accounts)
	if err != nil {
		return nil, err
	}
	ttl := cacheTTL(ctx)
	key := t.callKey(req)
	// The cache holds rows, not API objects: converting the nested
	// objects to jsonb is most of a scan's cost, and rows are never
	// modified by the executor.
	return streamOut(ctx, t.src, targets, func(ctx context.Context, tg target) ([][]any, error) {
		scope := tg.accountID + "|" + tg.region
		start := time.Now()
		v, hit, err := t.src.readCache().get(ctx, scope, scope+"|"+key, ttl, func(ctx context.Context) (any, error) {
			testPanic(req.filters)
			objs, err := t.list(ctx, tg, req.ids, req.filters)
			if err != nil {
				return nil, err
			}
			return t.rows(objs), nil
		})
		q.Stats.Record(hit, time.Since(start))
		if err != nil {
			return nil, err
		}
		if hit {
			t.src.noteCacheHit(ctx, tg, t.params(req))
		}
		return v.([][]any), nil
	}), nil
}

// rows converts API objects to table rows.
func (t *resourceTable[R]) rows(objs []R) [][]any {
	rows := make([][]any, len(objs))
	for i := range objs {
		row := make([]any, len(t.columns))
		for j, c := range t.columns {
			row[j] = c.get(&objs[i])
		}
		rows[i] = row
	}
	return rows
}

// callKey identifies a call's parameters for the read cache.
func (t *resourceTable[R]) callKey(req apiRequest) string {
	return strings.Join(t.params(req), "&")
}

// params spells the call's API parameters as they go on the wire.
func (t *resourceTable[R]) params(req apiRequest) []string {
	params := []string{"Action=" + t.action}
	for i, id := range req.ids {
		params = append(params, fmt.Sprintf("%s.%d=%s", t.idParam, i+1, id))
	}
	for i, f := range req.filters {
		params = append(params, fmt.Sprintf("Filter.%d.Name=%s", i+1, aws.ToString(f.Name)))
		for j, v := range f.Values {
			params = append(params, fmt.Sprintf("Filter.%d.Value.%d=%s", i+1, j+1, v))
		}
	}
	return params
}

// Explain lists the calls a scan makes: regions, accounts and the exact
// API parameters.
func (t *resourceTable[R]) Explain(q catalog.ScanRequest) []string {
	req := t.request(q)
	if req.empty {
		return []string{"API Calls: none (constraints cannot match)"}
	}
	regions := "all configured"
	if req.regions != nil {
		regions = joinAny(req.regions)
	}
	accounts := "all configured"
	if req.accounts != nil {
		accounts = joinAny(req.accounts)
	}
	call := strings.Join(t.params(req)[1:], " ")
	if call == "" {
		call = "(no parameters)"
	}
	return []string{"Regions: " + regions, "Accounts: " + accounts, "Sources: " + t.src.explainSources(req.regions, req.accounts),
		"API Call: " + t.action + " " + call}
}

// escapeFilterValues protects SQL values from the API's filter wildcards:
// EC2 reads * and ? as wildcards and \ as their escape, while SQL's = means
// the exact string.
func escapeFilterValues(vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = filterEscaper.Replace(v)
	}
	return out
}

var filterEscaper = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`)

func intersectStrings(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
			}
		}
	}
	return out
}

func distinctStrings(vals []any) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vals {
		s, ok := v.(string)
		if !ok || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func joinAny(v []any) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}
