package executor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/vpnsql/vpnsql/executor/parse"
)

// parseCacheCorpus is every statement of the SQL corpora (integration's
// differential and catalog corpora, this package's queries.sql) and a few
// writes and utility statements the corpora lack.
func parseCacheCorpus(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../integration/testdata/sql/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"errors", "explain"} {
		more, _ := filepath.Glob("../integration/testdata/sql/" + dir + "/*.sql")
		files = append(files, more...)
	}
	files = append(files, "../integration/testdata/catalog_queries.sql")
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, entry := range strings.Split(string(b), "\n;;") {
			if sql := strings.TrimSpace(entry); sql != "" {
				out = append(out, sql)
			}
		}
	}
	if len(out) < 500 {
		t.Fatalf("only %d statements in the corpus", len(out))
	}
	b, err := os.ReadFile("testdata/queries.sql")
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, strings.Split(strings.TrimSpace(string(b)), ";\n")...)
	return append(out,
		`INSERT INTO vpn_connections ("customerGatewayId", "vpnGatewayId", type, tags) SELECT "customerGatewayId", "vpnGatewayId", type, '{"Name": "x"}' FROM vpn_connections WHERE "vpnGatewayId" IS NOT NULL LIMIT 1 RETURNING "vpnConnectionId", tags`,
		`UPDATE vpn_connections SET tags = tags || '{"k": "v"}' WHERE tags->>'Name' = 'x' RETURNING *`,
		`EXPLAIN ANALYZE DELETE FROM vpn_connections WHERE tags->>'Name' = 'x' AND state <> 'deleted'`,
		`WITH d AS (SELECT "vpnConnectionId" FROM vpn_connections WHERE state = 'available' ORDER BY 1 LIMIT 1) SELECT * FROM d, LATERAL (SELECT count(*) FROM vpn_tunnels t WHERE t."vpnConnectionId" = d."vpnConnectionId") c`,
		`COPY (SELECT "vpnConnectionId", region FROM vpn_connections ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER)`,
		`COPY vpn_connections ("vpnConnectionId", state) TO STDOUT`,
		`SET search_path = ec2, public; SHOW search_path; RESET search_path`,
		`BEGIN; SELECT 1; SAVEPOINT a; ROLLBACK TO a; COMMIT`,
		`DEALLOCATE ALL`, `DISCARD ALL`,
		`SELECT region, state, count(*) OVER w, rank() OVER (w ORDER BY "vpnConnectionId") FROM vpn_connections WINDOW w AS (PARTITION BY region) ORDER BY 1, 2, 3, 4`,
		`SELECT x FROM generate_series(1, 3) x GROUP BY ROLLUP (x) ORDER BY 1`,
	)
}

// TestParseCache_TreesUnchanged: parse trees in the cache are shared by
// every session that sends the same text, so planning and running a
// statement must never modify its tree. Every statement of the corpus is
// planned and run from the cached tree (its errors do not matter here);
// afterwards each tree must still equal a fresh parse of its text.
func TestParseCache_TreesUnchanged(t *testing.T) {
	first, _ := newResourcesSession(t)
	eng := first.engine
	cache := eng.parseCache()
	trees := map[string]*pg_query.ParseResult{}
	for _, sql := range parseCacheCorpus(t) {
		tree, err := cache.Parse(sql)
		if err != nil {
			continue // a syntax error: no tree
		}
		trees[sql] = tree
		s, err := eng.NewSession(SessionInfo{User: "test", Database: "aws", Params: map[string]string{"vpnsql.cache_ttl": "1h", "vpnsql.statement_mem": "8MB"}})
		if err != nil {
			t.Fatal(err)
		}
		hits := cache.Stats().Hits
		stmts, err := s.Parse(sql)
		if err != nil || cache.Stats().Hits != hits+1 {
			t.Fatalf("%.60q: the session did not parse from the cache (%v)", sql, err)
		}
		// Planning is what reads the tree; a long run (a series of
		// millions, a 1 GB value) is cut short.
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		for _, st := range stmts {
			p, err := s.Prepare(ctx, st, nil)
			if err != nil {
				break
			}
			c, err := s.Execute(ctx, p, nil)
			if err != nil {
				break
			}
			for {
				row, err := c.Next(ctx)
				if err != nil || row == nil {
					break
				}
			}
			c.Close()
		}
		cancel()
	}
	changed := 0
	for sql, tree := range trees {
		fresh, err := parse.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		if !proto.Equal(tree, fresh) {
			if changed++; changed <= 10 {
				t.Errorf("the cached tree of %.80q changed while it was planned and run", sql)
			}
		}
	}
	t.Logf("%d statements planned and run from the cache, %d trees changed", len(trees), changed)
}
