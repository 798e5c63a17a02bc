package integration

import (
	"testing"
)

// testBIToolQueries runs testdata/clients/bi_queries.sql: the catalog
// queries Metabase's postgres driver, Grafana's PostgreSQL data source and
// DBeaver's PostgreSQL plugin send (their JDBC-metadata-driven parts are
// pgJDBC's, covered by the pgjdbc test), against both servers, comparing
// column names, type OIDs and rows as TestCatalogDiff does.
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
			got, err := runText(ctx, vpn, fill(q.sql, p.vpnOIDs))
			diff := ""
			if err != nil {
				diff = "vpnsql: " + err.Error()
			} else {
				diff = want.diff(got)
			}
			switch {
			case q.xfail != "" && diff == "":
				t.Logf("matches now: remove its xfail marker (%s)", q.xfail)
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
