package ec2

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/value"
)

// NewCacheTable returns vpnsql.cache: one row per entry of the read cache,
// most recently used first. It is a catalog.Clearer: vpnsql.cache_clear()
// empties the cache through it.
func NewCacheTable(src *Source) catalog.Table { return tableNamed(Tables(src, nil), "cache") }

type cacheTable struct {
	src      *Source
	oid      uint32
	clearOID uint32 // vpnsql.cache_clear()
}

var cacheColumns = []catalog.Column{
	{Name: "accountId", Type: value.Text, Comment: "The account the call went to."},
	{Name: "region", Type: value.Text, Comment: "The region the call went to."},
	{Name: "action", Type: value.Text, Comment: "The API action."},
	{Name: "parameters", Type: value.Text, Comment: "The call's parameters as sent (ids, filters), & separated."},
	{Name: "fetched", Type: value.Timestamptz, Comment: "When the answer arrived."},
	{Name: "age", Type: value.Interval, Comment: "How old the answer is."},
	{Name: "rows", Type: value.Int8, Comment: "Rows the entry holds."},
	{Name: "bytes", Type: value.Int8, Comment: "Estimated bytes the entry holds (the cache is bounded by serve --cache-size)."},
}

// IsView makes vpnsql.cache a view in the catalogs (catalog.View).
func (t *cacheTable) IsView() {}

func (t *cacheTable) Schema() string            { return "vpnsql" }
func (t *cacheTable) Name() string              { return "cache" }
func (t *cacheTable) OID() uint32               { return t.oid }
func (t *cacheTable) Columns() []catalog.Column { return cacheColumns }
func (t *cacheTable) PrimaryKey() []int         { return nil }
func (t *cacheTable) Pushable(int) bool         { return false }
func (t *cacheTable) Explain(catalog.ScanRequest) []string {
	return []string{"API Calls: none (the read cache, from the server's memory)"}
}

// ClearFunctionOID is vpnsql.cache_clear()'s pg_proc OID.
func (t *cacheTable) ClearFunctionOID() uint32 { return t.clearOID }

// Clear empties the read cache (vpnsql.cache_clear()).
func (t *cacheTable) Clear() int64 { return int64(t.src.readCache().clear()) }

func (t *cacheTable) Scan(ctx context.Context, _ catalog.ScanRequest) ([][]any, error) {
	now := time.Now()
	var rows [][]any
	for _, it := range t.src.readCache().entries() {
		k := it.key
		if !scopeFrom(ctx).AllowsAccount("", k.accountID) || !scopeFrom(ctx).AllowsRegion(k.region) {
			continue // a scoped role sees its accounts' and regions' entries
		}
		age := now.Sub(it.fetched)
		rows = append(rows, []any{k.accountID, k.region, k.action, nullIfEmpty(k.params), it.fetched.UTC(),
			intervalOf(age), int64(it.rows), it.bytes})
	}
	return rows, nil
}

func intervalOf(d time.Duration) pgtype.Interval {
	return pgtype.Interval{Microseconds: d.Microseconds(), Valid: true}
}
