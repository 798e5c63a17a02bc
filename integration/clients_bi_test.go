package integration

import (
	"strconv"
	"strings"
	"testing"
)

// testBIToolQueries runs testdata/clients/bi_queries.sql: the catalog
// queries Metabase's postgres driver, Grafana's PostgreSQL data source and
// DBeaver's PostgreSQL plugin send (their JDBC-metadata-driven parts are
// pgJDBC's, covered by the pgjdbc test), against both servers, comparing
// column names, type OIDs and rows as TestCatalogDiff does; an xfail
// query that matches fails, as there.
func testBIToolQueries(t *testing.T, p *clientPair) {
	queries := loadCatalogQueries(t, "testdata/clients/bi_queries.sql")
	ctx := testContext(t)
	// Their own connections: the shared ones serve other subtests.
	ref := connectText(t, p.url(p.refHost, "sslmode=disable"))
	vpn := connectText(t, p.url(p.vpnHost, "sslmode=disable"))
	var known []string
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			want, err := runText(ctx, ref, fill(q.sql, p.refOIDs))
			if err != nil {
				t.Fatalf("PostgreSQL rejects the query: %v\n%s", err, q.sql)
			}
			want.rewrite(p.oidMap)
			want.maskXIDs()
			got, err := runText(ctx, vpn, fill(q.sql, p.vpnOIDs))
			diff := ""
			if err != nil {
				diff = "vpnsql: " + err.Error()
			} else {
				got.maskXIDs()
				diff = want.diff(got)
			}
			switch {
			case q.xfail != "" && diff == "":
				t.Errorf("matches PostgreSQL now: remove its xfail marker (%s)", q.xfail)
			case q.xfail != "":
				known = append(known, q.name)
				t.Logf("known difference (%s):\n%s", q.xfail, diff)
			case diff != "":
				t.Errorf("%s\nquery:\n%s", diff, q.sql)
			}
		})
	}
	t.Logf("%d queries, %d known differences: %v", len(queries), len(known), known)
}

// maskXIDs replaces the normal transaction ids (3 and up) of relfrozenxid
// columns by "<xid>": each cluster counts its own transactions, so two
// PostgreSQL servers holding the same table differ there too. 0 (no xid:
// views, indexes) is kept.
func (r *textResult) maskXIDs() {
	for i, c := range r.cols {
		if !strings.HasPrefix(c, "relfrozenxid:") {
			continue
		}
		for _, row := range r.rows {
			if n, err := strconv.Atoi(row[i]); err == nil && n >= 3 {
				row[i] = "<xid>"
			}
		}
	}
}
