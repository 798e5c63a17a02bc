package ec2

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
)

// idTable is a table whose rows, made by conv, carry their object's id
// in column 0.
type idTable[S any] struct{ conv func([]S) [][]any }

func (t *idTable[S]) rows(objs []S, _ target) [][]any { return t.conv(objs) }
func (*idTable[S]) idColumn() int                     { return 0 }

// TestReadSubset_IDIndex: a lookup by ids in a cached full answer returns
// exactly the rows a scan of the answer would keep, in the answer's order:
// one row per id, a child table's adjacent rows, ids the answer lacks, and
// an object listed twice far apart; read and cached alike.
func TestReadSubset_IDIndex(t *testing.T) {
	// objs are the answer's objects; each becomes as many rows as its
	// count, [id, n].
	type obj struct {
		id   string
		rows int
	}
	objs := []obj{{"vpn-a", 1}, {"vpn-b", 2}, {"vpn-c", 1}, {"vpn-d", 3}, {"vpn-a", 1}}
	conv := func(objs []obj) [][]any {
		var out [][]any
		for _, o := range objs {
			for n := range o.rows {
				out = append(out, []any{o.id, n})
			}
		}
		return out
	}
	for _, tc := range []struct {
		ids  []string
		want string
	}{
		{[]string{"vpn-c"}, "[[vpn-c 0]]"},
		{[]string{"vpn-b"}, "[[vpn-b 0] [vpn-b 1]]"},
		{[]string{"vpn-x"}, "[]"},
		{[]string{"vpn-a"}, "[[vpn-a 0] [vpn-a 0]]"},
		{[]string{"vpn-b", "vpn-d", "vpn-x"}, "[[vpn-b 0] [vpn-b 1] [vpn-d 0] [vpn-d 1] [vpn-d 2]]"},
		{[]string{"vpn-d", "vpn-c"}, "[[vpn-c 0] [vpn-d 0] [vpn-d 1] [vpn-d 2]]"},
	} {
		src := &Source{}
		d := &describeCall[obj]{action: "DescribeThings"}
		fresh := catalog.Freshness{TTL: time.Minute}
		ctx := context.Background()
		tg := target{accountID: "a", region: "r"}
		table := &idTable[obj]{conv}
		src.readCache().get(ctx, d.cacheKey(tg, apiRequest{}), fresh, func(context.Context) (any, error) {
			return &described{objs: objs, n: len(objs)}, nil
		})
		rows, ok := d.readSubset(ctx, src, tg, apiRequest{ids: tc.ids}, catalog.ScanRequest{Freshness: fresh}, table)
		if got := fmt.Sprint(rows); !ok || got != tc.want {
			t.Errorf("ids %v: got %s (answered %v), want %s", tc.ids, got, ok, tc.want)
		}
		// The stream's cached path (no goroutine) answers alike.
		ready := d.cachedAll(src.readCache(), []target{tg}, apiRequest{ids: tc.ids}, catalog.ScanRequest{Freshness: fresh}, table)
		if len(ready) != 1 {
			t.Errorf("ids %v, cached: %d answers, want 1", tc.ids, len(ready))
		} else if got := fmt.Sprint(ready[0].rows); got != tc.want {
			t.Errorf("ids %v, cached: got %s, want %s", tc.ids, got, tc.want)
		}
	}
}

// TestDescribeCall_Key: a call's cache key is its wire parameters after
// the action, "&"-joined, however it is spelled.
func TestDescribeCall_Key(t *testing.T) {
	d := &describeCall[struct{}]{action: "DescribeThings", idParam: "ThingId"}
	for _, req := range []apiRequest{
		{},
		{ids: []string{"t-1"}},
		{ids: []string{"t-1", "t-2"}},
		{filters: []types.Filter{{Name: aws.String("state"), Values: []string{"a", "b"}}}},
		{ids: []string{"t-1"}, filters: []types.Filter{{Name: aws.String("state"), Values: []string{"a"}}}},
	} {
		if got, want := d.key(req), strings.Join(d.params(req)[1:], "&"); got != want {
			t.Errorf("%+v: key %q, want %q", req, got, want)
		}
	}
}
