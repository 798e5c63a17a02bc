package executor

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/ec2sim"
)

// Benchmarks of the read path on cached data: 10,000 connections in one
// region, read once into the cache, then queried through prepared
// statements exactly as the server runs them. BENCHMARKS.md records the
// results with the command.

const benchRows = 10000

type benchEnv struct {
	s   *Session
	cfg aws.Config
	sim *ec2sim.Sim
}

func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	sim := ec2sim.New(ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{Disabled: true}, VpnConnectionQuota: -1, ResponseHold: -1})
	if err := sim.Seed(ec2sim.SeedConfig{Regions: []string{"us-east-1"}, PerRegion: benchRows, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	b.Cleanup(srv.Close)
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDBENCH", "secret", ""),
		BaseEndpoint: aws.String(srv.URL),
	}
	src := &ec2.Source{Accounts: []*ec2.Account{ec2.NewAccount(cfg)}, Regions: []string{"us-east-1"}}
	eng := &Engine{Catalog: catalog.New(ec2.NewVPNConnections(src))}
	s, err := eng.NewSession(SessionInfo{User: "bench", Database: "aws", Params: map[string]string{"vpnsql.cache_ttl": "1h"}})
	if err != nil {
		b.Fatal(err)
	}
	return &benchEnv{s: s, cfg: cfg, sim: sim}
}

func (be *benchEnv) prepare(b *testing.B, sql string) *Prepared {
	b.Helper()
	stmts, err := be.s.Parse(sql)
	if err != nil {
		b.Fatal(err)
	}
	p, err := be.s.Prepare(context.Background(), stmts[0], nil)
	if err != nil {
		b.Fatal(err)
	}
	return p
}

// drain executes p and reads every row, returning the count.
func (be *benchEnv) drain(b *testing.B, p *Prepared, params ...any) int {
	c, err := be.s.Execute(context.Background(), p, params)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for {
		r, err := c.Next(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if r == nil {
			break
		}
		n++
	}
	c.Close()
	return n
}

func BenchmarkPointLookup(b *testing.B) {
	be := newBenchEnv(b)
	all := be.prepare(b, `SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 LIMIT 1`)
	c, _ := be.s.Execute(context.Background(), all, nil)
	row, _ := c.Next(context.Background())
	id := row[0]
	p := be.prepare(b, `SELECT "vpnConnectionId", state, tags->>'Name' FROM vpn_connections WHERE "vpnConnectionId" = $1`)
	if n := be.drain(b, p, id); n != 1 { // fills the cache
		b.Fatalf("%d rows", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for i := 0; i < b.N; i++ {
		be.drain(b, p, id)
	}
}

func BenchmarkGroupBy(b *testing.B) {
	be := newBenchEnv(b)
	p := be.prepare(b, `SELECT state, "type", count(*), count(DISTINCT "customerGatewayId") FROM vpn_connections GROUP BY 1, 2`)
	be.drain(b, p)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		be.drain(b, p)
	}
}

func BenchmarkScan10k(b *testing.B) {
	be := newBenchEnv(b)
	p := be.prepare(b, `SELECT "vpnConnectionId", state, region, tags->>'Name' FROM vpn_connections`)
	if n := be.drain(b, p); n != benchRows {
		b.Fatalf("%d rows", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		be.drain(b, p)
	}
	b.ReportMetric(float64(b.N*benchRows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkScan10kUncached is the same scan with the cache off: every
// execution calls DescribeVpnConnections for 10,000 connections.
func BenchmarkScan10kUncached(b *testing.B) {
	be := newBenchEnv(b)
	if _, _, err := runB(be.s, "SET vpnsql.cache_ttl = 0"); err != nil {
		b.Fatal(err)
	}
	p := be.prepare(b, `SELECT "vpnConnectionId", state, region, tags->>'Name' FROM vpn_connections`)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		be.drain(b, p)
	}
}

// BenchmarkDirectSDK is the floor the uncached scan is compared with: the
// same DescribeVpnConnections call made with the SDK directly.
func BenchmarkDirectSDK(b *testing.B) {
	be := newBenchEnv(b)
	client := awsec2.NewFromConfig(ec2.NewAccount(be.cfg).Config)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := client.DescribeVpnConnections(context.Background(), &awsec2.DescribeVpnConnectionsInput{})
		if err != nil || len(out.VpnConnections) != benchRows {
			b.Fatal(err)
		}
	}
}

func runB(s *Session, sql string) ([]string, [][]any, error) {
	stmts, err := s.Parse(sql)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.Prepare(context.Background(), stmts[0], nil)
	if err != nil {
		return nil, nil, err
	}
	_, err = s.Execute(context.Background(), p, nil)
	return nil, nil, err
}

// BenchmarkCatalogColumns is psql's \d column query: a lookup in
// pg_attribute (about 3,500 rows) by a regclass constant, with
// format_type per column, prepared once.
func BenchmarkCatalogColumns(b *testing.B) {
	benchCatalogQuery(b, `SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
		FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'ec2.vpn_connections'::regclass AND a.attnum > 0
		AND NOT a.attisdropped ORDER BY a.attnum`, 18)
}

// BenchmarkCatalogLookup is psql's \d name lookup: the relation by a
// regular expression over all of pg_class, joined to pg_namespace.
func BenchmarkCatalogLookup(b *testing.B) {
	benchCatalogQuery(b, `SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relname OPERATOR(pg_catalog.~) '^(vpn_connections)$' COLLATE pg_catalog.default AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 2, 3`, 1)
}

// newCatalogBenchEnv is a session of user vpnsql over the resource tables'
// definitions and pg_catalog, as psql's and pgJDBC's catalog queries find
// them (no simulator: the catalogs read no AWS data).
func newCatalogBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	c := catalog.New(ec2.NewVPNConnections(nil))
	c.Add(pgcatalog.Tables(c)...)
	s, err := (&Engine{Catalog: c}).NewSession(SessionInfo{User: "vpnsql", Database: "aws"})
	if err != nil {
		b.Fatal(err)
	}
	return &benchEnv{s: s}
}

// benchCatalogQuery runs a prepared catalog query b.N times, checking its
// row count each time.
func benchCatalogQuery(b *testing.B, sql string, want int) {
	be := newCatalogBenchEnv(b)
	p := be.prepare(b, sql)
	b.ReportAllocs()
	b.ResetTimer()
	defer reportCPU(b)()
	for i := 0; i < b.N; i++ {
		if n := be.drain(b, p); n != want {
			b.Fatalf("%d rows, want %d", n, want)
		}
	}
}

// BenchmarkCatalogTables is psql 15's \dt: every ordinary table of
// pg_class outside the system schemas that the search path shows, with
// its schema, access method and owner.
func BenchmarkCatalogTables(b *testing.B) {
	benchCatalogQuery(b, catalogTablesSQL, 1)
}

// catalogTablesSQL is psql 15's \dt as it sends it (integration/bench/catalog_tables.sql).
const catalogTablesSQL = `SELECT n.nspname as "Schema",
  c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2`

// BenchmarkCatalogJDBCColumns is pgJDBC 42.x's DatabaseMetaData.getColumns
// (null, "ec2", "vpn_connections", null): pg_attribute joined to
// pg_namespace, pg_class, pg_type, pg_attrdef and pg_description, numbered
// by a window function.
func BenchmarkCatalogJDBCColumns(b *testing.B) {
	benchCatalogQuery(b, catalogJDBCColumnsSQL, 18)
}

// catalogJDBCColumnsSQL is the query as pgJDBC 42.5 sends it
// (integration/bench/catalog_jdbc_columns.sql).
const catalogJDBCColumnsSQL = `SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,a.atttypmod,a.attlen,t.typtypmod,row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') as attidentity,nullif(a.attgenerated, '') as attgenerated,pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc,dsc.description,t.typbasetype,t.typtype  FROM pg_catalog.pg_namespace n  JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)  JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid)  JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)  LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)  LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)  LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')  WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped  AND n.nspname LIKE 'ec2' AND c.relname LIKE 'vpn_connections') c WHERE true  ORDER BY nspname,c.relname,attnum `

// BenchmarkCatalogJDBCColumnsPlan is the planning of the getColumns query
// alone: pgJDBC sends it through the unnamed statement, so every call
// plans it again (the parse cache spares only the parse).
func BenchmarkCatalogJDBCColumnsPlan(b *testing.B) {
	be := newCatalogBenchEnv(b)
	stmts, err := be.s.Parse(catalogJDBCColumnsSQL)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer reportCPU(b)()
	for i := 0; i < b.N; i++ {
		if _, err := be.s.Prepare(context.Background(), stmts[0], nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCatalogDescribe is psql's \d vpn_connections: the 12 queries
// psql 15 sends (testdata/psql_describe.sql). "simple" parses, plans and
// runs each, as a simple-protocol Query message is; the others run one
// prepared query each, to show which costs what.
func BenchmarkCatalogDescribe(b *testing.B) {
	text, err := os.ReadFile("testdata/psql_describe.sql")
	if err != nil {
		b.Fatal(err)
	}
	be := newCatalogBenchEnv(b)
	stmts, err := be.s.Parse(string(text))
	if err != nil {
		b.Fatal(err)
	}
	queries := strings.SplitAfter(strings.TrimSpace(string(text)), ";")
	b.Run("simple", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		for i := 0; i < b.N; i++ {
			for _, q := range queries {
				ps, err := be.s.Parse(q)
				if err != nil {
					b.Fatal(err)
				}
				for _, st := range ps {
					p, err := be.s.Prepare(context.Background(), st, nil)
					if err != nil {
						b.Fatal(err)
					}
					be.drain(b, p)
				}
			}
		}
	})
	for i, st := range stmts {
		p, err := be.s.Prepare(context.Background(), st, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("q%02d", i+1), func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for i := 0; i < b.N; i++ {
				be.drain(b, p)
			}
		})
	}
}

// BenchmarkGroupByRegionState is issue 20's dashboard query: two text
// grouping keys and count(*) over 10,000 cached rows, sorted.
func BenchmarkGroupByRegionState(b *testing.B) {
	be := newBenchEnv(b)
	p := be.prepare(b, `SELECT region, state, count(*) FROM vpn_connections GROUP BY region, state ORDER BY 1, 2`)
	be.drain(b, p)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		be.drain(b, p)
	}
}
