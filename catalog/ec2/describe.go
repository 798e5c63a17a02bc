package ec2

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/vpnsql/vpnsql/catalog"
)

// describeCall is one Describe action of the EC2 API, as the resource
// tables read it: its name, its id list parameter, the error code prefix
// with which it rejects ids that do not exist, and the call itself (every
// page of it).
type describeCall[S any] struct {
	action  string // DescribeVpnConnections
	idParam string // VpnConnectionId
	// idError prefixes the error codes of unknown or malformed ids
	// (InvalidVpnConnectionID.NotFound, ...).
	idError string
	call    func(ctx context.Context, c *ec2.Client, ids []string, filters []types.Filter) ([]S, error)
}

// list calls the action in one account and region. Ids that do not exist
// (or are malformed) are not an error for SQL: they are dropped and the
// call repeated for the rest, so `WHERE id IN (...)` returns the rows that
// exist.
func (d *describeCall[S]) list(ctx context.Context, tg target, ids []string, filters []types.Filter) ([]S, error) {
	out, err := d.call(ctx, tg.account.EC2(tg.region), ids, filters)
	if err == nil {
		return out, nil
	}
	if !d.isIDError(err) || len(ids) == 0 {
		return nil, apiError(ctx, err)
	}
	named := idsNamed(err, ids)
	switch {
	case len(named) > 0:
		rest := without(ids, named)
		if len(rest) == 0 {
			return nil, nil
		}
		return d.list(ctx, tg, rest, filters)
	case len(ids) == 1:
		return nil, nil
	}
	// The error names none of the ids: ask for each on its own.
	var objs []S
	for _, id := range ids {
		o, err := d.list(ctx, tg, []string{id}, filters)
		if err != nil {
			return nil, err
		}
		objs = append(objs, o...)
	}
	return objs, nil
}

// isIDError reports whether err rejects the requested ids.
func (d *describeCall[S]) isIDError(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && strings.HasPrefix(ae.ErrorCode(), d.idError)
}

// answerTable is a table made of a call's answers: it turns an answer's
// objects into its rows, and names the column holding the object's id
// (-1: none).
type answerTable[S any] interface {
	rows(objs []S, tg target) [][]any
	idColumn() int
}

// cachedAll answers a scan's call from the read cache alone in every
// target it can, as read would, but without waiting for a call in
// flight: the answers of the targets left out are read. They come in
// target order. The call's own answer is looked for first, then, for a
// call the answer listing every object answers (subsetAnswers), that one.
func (d *describeCall[S]) cachedAll(c *readCache, ts []target, req apiRequest, q catalog.ScanRequest,
	table answerTable[S]) []regionResult {
	if !q.Freshness.Caches() {
		return nil
	}
	// exact[i] is target i's answer to the call, whole[i] its answer
	// listing every object; on the stack for a scan of a few sources.
	var buf [32]any
	vals := buf[:]
	if 2*len(ts) > len(buf) {
		vals = make([]any, 2*len(ts))
	}
	vals = vals[:2*len(ts)]
	exact, whole := vals[:len(ts)], vals[len(ts):]
	key := d.key(req) // spelled once for every target
	c.peekAll(ts, func(tg target) cacheKey {
		return cacheKey{accountID: tg.accountID, region: tg.region, action: d.action, params: key}
	}, q.Freshness, exact)
	subset := subsetAnswers(req, table)
	if subset && slices.Contains(exact, nil) {
		copy(whole, exact)
		c.peekAll(ts, func(tg target) cacheKey { return d.cacheKey(tg, apiRequest{}) }, q.Freshness, whole)
	}
	out := make([]regionResult, 0, len(ts))
	for i := range ts {
		var rows [][]any
		switch {
		case exact[i] != nil:
			rows = tableRowsFor(exact[i].(*described), table, ts[i]).rows
		case whole[i] != nil:
			rows = tableRowsFor(whole[i].(*described), table, ts[i]).subset(req.ids)
		default:
			continue
		}
		q.Stats.Record(true, 0)
		out = append(out, regionResult{target: i, rows: rows})
	}
	return out
}

// read answers a scan's call in one target from the read cache, or makes
// it, and returns table's rows of the answer (made once per answer and
// table). hit reports that no call was made for this scan.
func (d *describeCall[S]) read(ctx context.Context, src *Source, tg target, req apiRequest, q catalog.ScanRequest,
	table answerTable[S]) (rows [][]any, hit bool, err error) {
	if rows, ok := d.readSubset(ctx, src, tg, req, q, table); ok {
		q.Stats.Record(true, 0)
		return rows, true, nil
	}
	start := time.Now()
	v, hit, err := src.readCache().get(ctx, d.cacheKey(tg, req), q.Freshness, func(ctx context.Context) (any, error) {
		testPanic(req.filters)
		objs, err := d.list(ctx, tg, req.ids, req.filters)
		if err != nil {
			return nil, err
		}
		a := &described{objs: objs, n: len(objs)}
		tableRowsFor(a, table, tg) // before the cache sizes the entry
		return a, nil
	})
	q.Stats.Record(hit, time.Since(start))
	if err != nil {
		return nil, false, err
	}
	return tableRowsFor(v.(*described), table, tg).rows, hit, nil
}

// readSubset answers a call for some ids, and nothing else, from a fresh
// enough answer of the call with no parameters, which lists every object,
// cached or in flight: a correlated subquery or LATERAL join pushes the
// outer row's id into each inner scan (vpn_tunnels WHERE
// "vpnConnectionId" = v."vpnConnectionId"), while the outer scan of the
// same statement lists them all; and a point lookup by id finds its row
// in the answer of an earlier full scan. The answer's id index finds the
// rows, in the answer's order. Ids the answer lacks are left out, as list
// leaves out ids that do not exist.
func (d *describeCall[S]) readSubset(ctx context.Context, src *Source, tg target, req apiRequest, q catalog.ScanRequest,
	table answerTable[S]) ([][]any, bool) {
	if !subsetAnswers(req, table) {
		return nil, false
	}
	v, _, err := src.readCache().get(ctx, d.cacheKey(tg, apiRequest{}), q.Freshness, nil)
	if v == nil || err != nil {
		return nil, false // the call of its own reports a failure
	}
	return tableRowsFor(v.(*described), table, tg).subset(req.ids), true
}

// subsetAnswers reports whether the answer listing every object answers
// req: it asks for ids and nothing else, of a table with an id column.
func subsetAnswers[S any](req apiRequest, table answerTable[S]) bool {
	return len(req.ids) > 0 && len(req.filters) == 0 && table.idColumn() >= 0
}

func (t *resourceTable[S, R]) idColumn() int {
	for i, c := range t.columns {
		if c.pushdown == t.describe.idParam {
			return i
		}
	}
	return -1
}

// key is the call's parameters after its action, "&"-joined: with the
// action, account and region it names the answer in the read cache, which
// tables reading the same call (vpn_connections, vpn_tunnels) share.
func (d *describeCall[S]) key(req apiRequest) string {
	switch {
	case len(req.filters) > 0 || len(req.ids) > 1:
		return strings.Join(d.params(req)[1:], "&")
	case len(req.ids) == 1: // a point lookup's, spelled as params spells it
		return d.idParam + ".1=" + req.ids[0]
	}
	return ""
}

// cacheKey is the read cache's key of req's call in tg.
func (d *describeCall[S]) cacheKey(tg target, req apiRequest) cacheKey {
	return cacheKey{accountID: tg.accountID, region: tg.region, action: d.action, params: d.key(req)}
}

// params spells the call's API parameters as they go on the wire.
func (d *describeCall[S]) params(req apiRequest) []string {
	n := 1 + len(req.ids)
	for _, f := range req.filters {
		n += 1 + len(f.Values)
	}
	params := make([]string, 0, n)
	params = append(params, "Action="+d.action)
	for i, id := range req.ids {
		params = append(params, d.idParam+"."+strconv.Itoa(i+1)+"="+id)
	}
	for i, f := range req.filters {
		filter := "Filter." + strconv.Itoa(i+1)
		params = append(params, filter+".Name="+aws.ToString(f.Name))
		for j, v := range f.Values {
			params = append(params, filter+".Value."+strconv.Itoa(j+1)+"="+v)
		}
	}
	return params
}

// described is one Describe call's answer as the read cache keeps it: the
// API objects, and the rows each table made of them. Converting nested
// objects to jsonb is most of a scan's cost, so each table converts once
// per answer; rows are never modified by the executor. The tables' rows
// are a list replaced whole under mu, so a hit reads it without a lock.
type described struct {
	objs any // []S
	n    int
	mu   sync.Mutex
	rows atomic.Pointer[[]answerRows]
}

// answerRows are one table's rows of an answer.
type answerRows struct {
	table any // the answerTable
	rows  *tableRows
}

// tables returns each table's rows made so far.
func (d *described) tables() []answerRows {
	if l := d.rows.Load(); l != nil {
		return *l
	}
	return nil
}

// tableRows are one table's rows of an answer, with an index of them by
// the object's id for a table whose rows carry it (idColumn): a lookup
// by id in a cached answer of thousands of objects reads only its rows.
type tableRows struct {
	rows [][]any
	col  int             // the id column
	byID map[string]span // nil without an id column
}

// span is the rows from first to last holding one id. They are adjacent
// (rows expands each object in turn, and an answer lists an object once),
// but rowsOf checks the ids between, so an answer repeating an object
// far apart is read right, only slower.
type span struct{ first, last int32 }

// rowsOf returns the rows of one id, nil when the answer lacks it.
func (tr *tableRows) rowsOf(id string) [][]any {
	sp, ok := tr.byID[id]
	if !ok {
		return nil
	}
	in := tr.rows[sp.first : sp.last+1 : sp.last+1]
	for i, r := range in {
		if r[tr.col] != id {
			// Not adjacent: copy the ones that match.
			out := slices.Clone(in[:i])
			for _, r := range in[i+1:] {
				if r[tr.col] == id {
					out = append(out, r)
				}
			}
			return out
		}
	}
	return in
}

// subset returns the rows of some ids in the answer's order, as a scan of
// it would give them.
func (tr *tableRows) subset(ids []string) [][]any {
	if len(ids) == 1 {
		return tr.rowsOf(ids[0])
	}
	var spans []span
	for _, id := range ids {
		if sp, ok := tr.byID[id]; ok {
			spans = append(spans, sp)
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return int(a.first - b.first) })
	var rows [][]any
	for _, sp := range spans {
		rows = append(rows, tr.rowsOf(tr.rows[sp.first][tr.col].(string))...)
	}
	return rows
}

// tableRowsFor returns table's rows of the answer (read in tg) and their
// id index, made the first time: before the cache sizes the entry for the
// table whose call it was, later for another table sharing the answer.
func tableRowsFor[S any](d *described, table answerTable[S], tg target) *tableRows {
	for _, a := range d.tables() {
		if a.table == table {
			return a.rows
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	made := d.tables()
	for _, a := range made {
		if a.table == table {
			return a.rows
		}
	}
	tr := &tableRows{rows: table.rows(d.objs.([]S), tg)}
	if col := table.idColumn(); col >= 0 {
		tr.col = col
		tr.byID = make(map[string]span, len(tr.rows))
		for i, r := range tr.rows {
			id, ok := r[tr.col].(string)
			if !ok {
				continue
			}
			sp, seen := tr.byID[id]
			if !seen {
				sp.first = int32(i)
			}
			sp.last = int32(i)
			tr.byID[id] = sp
		}
	}
	l := append(slices.Clip(made), answerRows{table: table, rows: tr})
	d.rows.Store(&l)
	return tr
}

// idsNamed returns the requested ids the error message names.
func idsNamed(err error, ids []string) []string {
	var ae smithy.APIError
	errors.As(err, &ae)
	var named []string
	for _, id := range ids {
		if strings.Contains(ae.ErrorMessage(), id) {
			named = append(named, id)
		}
	}
	return named
}

func without(ids, drop []string) []string {
	var out []string
	for _, id := range ids {
		if !slices.Contains(drop, id) {
			out = append(out, id)
		}
	}
	return out
}
