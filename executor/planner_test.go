package executor

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
)

// TestEngine_PlansInParallel plans (and runs, where no API call is
// needed) statements from many sessions of one Engine at once: joins,
// subqueries in FROM, CTEs, set operations, write-function planning
// errors, functions, regexes and jsonpaths. Under `go test -race` it
// fails on any state two plannings share unguarded (the relation ids,
// the function library, the compiled caches); without -race it checks
// every session gets its own right answers.
func TestEngine_PlansInParallel(t *testing.T) {
	c := catalog.New(ec2.NewVPNConnections(nil))
	c.Add(pgcatalog.Tables(c)...)
	eng := &Engine{Catalog: c}
	planOnly := []string{
		`SELECT v."vpnConnectionId", t.x FROM vpn_connections v JOIN (SELECT 1 AS x) t ON true WHERE v.state = 'available'`,
		`WITH a AS (SELECT "vpnConnectionId" AS id FROM vpn_connections) SELECT count(*) FROM a, a b WHERE a.id = b.id`,
		`SELECT "vpnConnectionId" FROM vpn_connections WHERE "vpnConnectionId" = $1 UNION SELECT 'x'`,
		`SELECT * FROM vpn_connections v, LATERAL jsonb_array_elements(v."vgwTelemetry") t WHERE v.tags->>'Name' ~ '^a'`,
	}
	run := []struct{ sql, want string }{
		{`SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ec2' AND c.relname = 'vpn_connections'`, "1"},
		{`SELECT string_agg(x::text, ',') FROM (SELECT generate_series(1, 3) AS x UNION ALL SELECT 4) s`, "1,2,3,4"},
		{`SELECT regexp_replace('session %d', '\d+', 'n')`, "session n"},
		{`SELECT jsonb_path_query_first('{"a": [1, 2]}', '$.a[%d %% 2]')::text`, "%d"},
	}
	const sessions, rounds = 8, 20
	var wg sync.WaitGroup
	errs := make(chan error, sessions)
	for i := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := eng.NewSession(SessionInfo{User: "test", Database: "aws", PID: int32(100 + i)})
			if err != nil {
				errs <- err
				return
			}
			for r := range rounds {
				for _, sql := range planOnly {
					stmts, err := s.Parse(sql)
					if err == nil {
						_, err = s.Prepare(context.Background(), stmts[0], nil)
					}
					if err != nil {
						errs <- fmt.Errorf("session %d: %s: %w", i, sql, err)
						return
					}
				}
				for _, q := range run {
					sql, want := q.sql, q.want
					switch {
					case want == "%d":
						sql, want = fmt.Sprintf(sql, i+r), fmt.Sprint((i+r)%2+1)
					case want == "session n":
						sql = fmt.Sprintf(sql, i*rounds+r)
					}
					rows, err := queryText(t, s, sql)
					if err != nil || len(rows) != 1 || rows[0] != want {
						errs <- fmt.Errorf("session %d: %s: rows %v, err %v, want %s", i, sql, rows, err, want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
