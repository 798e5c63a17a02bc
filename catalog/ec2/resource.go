package ec2

import (
	"context"
	"fmt"
	"sort"
	"strings"

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

// resourceColumn declares one column of a resource table whose rows are
// read from values of type R.
type resourceColumn[R any] struct {
	name    string
	typ     *value.Type
	notNull bool
	doc     string
	// get reads the column from a row's source; nil for the region and
	// accountId columns (pushdown pushRegion, pushAccount), which say
	// where the object lives.
	get func(*R) any
	// pushdown is the API parameter equality on this column becomes: the
	// Describe call's id list parameter, a Describe filter name,
	// pushRegion or pushAccount; "" when the column is only evaluated
	// locally.
	pushdown string
	// keyFilter, for a jsonb object column, is the filter-name prefix a
	// key constraint becomes: "tag:" sends tags->>'k' = 'v' as tag:k.
	keyFilter string
	// keyFilters, for a jsonb object column, name the filter each of some
	// keys becomes: options->>'dnsSupport' = 'enable' is
	// options.dns-support (other keys are evaluated locally).
	keyFilters map[string]string
	// secret, set for a column holding secrets, is how it reads for a
	// role without the secrets privilege (scope.go): maskWhole, maskMembers.
	secret secretMask
}

// resourceTable is a catalog.Table over one Describe call. A resource is
// declared in one file as a value of this type: its name, columns, key,
// the Describe call it reads (describeCall), and optionally its writes
// and methods. Scanning, pushdown, caching, fan-out over accounts and
// regions, retries, api_calls logging and error mapping are this type's,
// the same for every resource.
//
// S is the API object the Describe call returns, R what one row is read
// from: S itself (expand nil), or a part of it, for a child table such as
// vpn_tunnels (one row per tunnel of a connection).
//
// The list of resources (resources.go) places a declaration: it gives the
// table its schema, OIDs, foreign keys and source.
type resourceTable[S, R any] struct {
	name, comment string
	columns       []resourceColumn[R]
	key           []string // primary key columns
	describe      *describeCall[S]
	expand        func(*S) []R
	// writes maps INSERT, UPDATE and DELETE onto API calls; nil refuses
	// them (0A000) with readOnly as the hint (readonly.go).
	writes   *writeMapping[S]
	readOnly string
	// methods are the functions in the table's schema that make one API
	// call on one object (ec2.vpn_gateway_attach, ...).
	methods []method
	uniques []uniqueKey

	// Set by the list of resources.
	schema string
	oids   tableOIDs
	src    *Source
	fks    []catalog.ForeignKey
	refs   []reference // other tables' foreign keys to this one
}

func (t *resourceTable[S, R]) Schema() string  { return t.schema }
func (t *resourceTable[S, R]) Name() string    { return t.name }
func (t *resourceTable[S, R]) OID() uint32     { return t.oids.table }
func (t *resourceTable[S, R]) Comment() string { return t.comment }

func (t *resourceTable[S, R]) Columns() []catalog.Column {
	cols := make([]catalog.Column, len(t.columns))
	for i, c := range t.columns {
		cols[i] = catalog.Column{Name: c.name, Type: c.typ, NotNull: c.notNull, Comment: c.doc, Secret: c.secret != nil}
	}
	return cols
}

func (t *resourceTable[S, R]) PrimaryKey() []int {
	out := make([]int, len(t.key))
	for i, k := range t.key {
		out[i] = t.col(k)
	}
	return out
}

// ForeignKeys implements catalog.Referencing.
func (t *resourceTable[S, R]) ForeignKeys() []catalog.ForeignKey { return t.fks }

// UniqueIndexes implements catalog.Indexed.
func (t *resourceTable[S, R]) UniqueIndexes() []catalog.UniqueIndex {
	out := make([]catalog.UniqueIndex, len(t.uniques))
	for i, u := range t.uniques {
		out[i] = u.index
	}
	return out
}

// col is a column's index; a name the table lacks is a declaration error.
func (t *resourceTable[S, R]) col(name string) int {
	for i, c := range t.columns {
		if c.name == name {
			return i
		}
	}
	panic("ec2: table " + t.name + " has no column " + name)
}

func (t *resourceTable[S, R]) Pushable(col int) bool { return t.columns[col].pushdown != "" }

// LocationColumns are the region and accountId columns (catalog.Located).
func (t *resourceTable[S, R]) LocationColumns() (region, account int) {
	region, account = -1, -1
	for i, c := range t.columns {
		switch c.pushdown {
		case pushRegion:
			region = i
		case pushAccount:
			account = i
		}
	}
	return region, account
}

func (t *resourceTable[S, R]) PushableKey(col int) bool {
	return t.columns[col].keyFilter != "" || len(t.columns[col].keyFilters) > 0
}

// apiRequest is what one scan sends: where, and with which parameters.
type apiRequest struct {
	regions, accounts []any // nil = all
	ids               []string
	filters           []types.Filter
	empty             bool // a constraint no value can satisfy
}

func (t *resourceTable[S, R]) request(q catalog.ScanRequest) apiRequest {
	var req apiRequest
	keyFilters := map[string][]string{}
	var keyOrder []string
	for _, c := range q.Constraints {
		col := t.columns[c.Column]
		name, named := col.keyFilters[c.Key]
		if c.Key == "" || (!named && col.keyFilter == "") {
			continue
		}
		if !named {
			name = col.keyFilter + c.Key
		}
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
		case t.describe.idParam:
			req.ids = strs
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
func (t *resourceTable[S, R]) Scan(ctx context.Context, q catalog.ScanRequest) ([][]any, error) {
	st, err := t.Stream(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.(*regionStream).all()
}

// Stream calls every target in parallel and hands on each one's rows as
// they arrive.
func (t *resourceTable[S, R]) Stream(ctx context.Context, q catalog.ScanRequest) (catalog.RowStream, error) {
	req := t.request(q)
	if req.empty {
		return &regionStream{}, nil
	}
	targets, err := t.src.targets(ctx, req.regions, req.accounts)
	if err != nil {
		return nil, err
	}
	sc := scopeFrom(ctx)
	ready := t.describe.cachedAll(t.src.readCache(), targets, req, q, t)
	for i, r := range ready {
		ready[i].rows = t.maskRows(ctx, sc, r.rows)
		ready[i].shared = len(r.rows) == 0 || &ready[i].rows[0] == &r.rows[0] // not masked
	}
	var read func(context.Context, target) ([][]any, error) // made only when a target is left to read
	if len(ready) < len(targets) {
		read = func(ctx context.Context, tg target) ([][]any, error) {
			rows, hit, err := t.describe.read(ctx, t.src, tg, req, q, t)
			if hit {
				rec := cacheHit(ctx, t.describe.action, cachedParams{t.describe, req})
				t.src.noteCacheHit(&rec, tg)
			}
			return t.maskRows(ctx, sc, rows), err
		}
	}
	st := streamOut(ctx, t.src, targets, ready, read)
	if len(st.ready) > 0 {
		rec := cacheHit(ctx, t.describe.action, cachedParams{t.describe, req})
		t.src.noteCacheHits(&rec, targets, st.ready)
	}
	return st, nil
}

// rows converts API objects to table rows.
func (t *resourceTable[S, R]) rows(objs []S, tg target) [][]any {
	rows := make([][]any, 0, len(objs))
	for i := range objs {
		if t.expand == nil {
			rows = append(rows, t.row(any(&objs[i]).(*R), tg))
			continue
		}
		for _, r := range t.expand(&objs[i]) {
			rows = append(rows, t.row(&r, tg))
		}
	}
	return rows
}

// row is one row read from r, which lives in tg.
func (t *resourceTable[S, R]) row(r *R, tg target) []any {
	row := make([]any, len(t.columns))
	for j, c := range t.columns {
		switch c.pushdown {
		case pushRegion:
			row[j] = tg.region
		case pushAccount:
			row[j] = tg.accountID
		default:
			row[j] = c.get(r)
		}
	}
	return row
}

// Explain lists the calls a scan makes: regions, accounts and the exact
// API parameters.
func (t *resourceTable[S, R]) Explain(q catalog.ScanRequest) []string {
	req := t.request(q)
	if req.empty {
		return []string{"API Calls: none (constraints cannot match)"}
	}
	sc := q.Scope
	regions := scopedWhere(req.regions, scopeRegions(sc), sc.AllowsRegion)
	accounts := scopedWhere(req.accounts, scopeAccounts(sc), func(v string) bool { return t.src.accountInScope(sc, v) })
	call := strings.Join(t.describe.params(req)[1:], " ")
	if call == "" {
		call = "(no parameters)"
	}
	return []string{"Regions: " + regions, "Accounts: " + accounts, "Sources: " + t.src.explainSources(req.regions, req.accounts, sc),
		"API Call: " + t.describe.action + " " + call}
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

// The columns every resource has, declared alike.

// regionColumn is the region the object lives in.
func regionColumn[R any](what string) resourceColumn[R] {
	return resourceColumn[R]{name: "region", typ: value.Text, notNull: true, pushdown: pushRegion,
		doc: "The AWS Region the " + what + " is in."}
}

// accountColumn is the account that owns the object.
func accountColumn[R any](what string) resourceColumn[R] {
	return resourceColumn[R]{name: "accountId", typ: value.Text, notNull: true, pushdown: pushAccount,
		doc: "The ID of the AWS account that owns the " + what + "."}
}

// tagSetColumn is the object's tags as the API lists them:
// [{"key": k, "value": v}, ...]; equality on a key is a tag: filter.
func tagSetColumn[R any](doc string, tags func(*R) []types.Tag) resourceColumn[R] {
	return resourceColumn[R]{name: "tagSet", typ: value.JSONB, keyFilter: "tag:", doc: doc,
		get: func(r *R) any { return jsonList(tags(r), tagJSON) }}
}

// tagsColumn is the object's tags as one JSON object of key to value.
func tagsColumn[R any](tags func(*R) []types.Tag) resourceColumn[R] {
	return resourceColumn[R]{name: "tags", typ: value.JSONB, keyFilter: "tag:",
		doc: "The tags as one JSON object of key to value.",
		get: func(r *R) any { return tagsObject(tags(r)) }}
}
