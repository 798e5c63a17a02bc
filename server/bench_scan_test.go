package server

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/executor"
)

// Benchmarks of whole results over the wire: 10,000 cached connections
// (each with its customerGatewayConfiguration, a few KB) read by pgconn
// over loopback, client and server in one process. They measure the
// server's row writing (DataRow encoding, buffering) on top of the
// executor's cached scan.

const wireRows = 10000

func startScanServer(b *testing.B) string {
	b.Helper()
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	sim := ec2sim.New(ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{Disabled: true}, VpnConnectionQuota: -1, ResponseHold: -1})
	if err := sim.Seed(ec2sim.SeedConfig{Regions: []string{"us-east-1"}, PerRegion: wireRows, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewServer(sim)
	b.Cleanup(func() { sim.Close(); hs.Close() })
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDBENCH", "secret", ""),
		BaseEndpoint: aws.String(hs.URL)}
	src := &ec2.Source{Accounts: []*ec2.Account{ec2.NewAccount(cfg)}, Regions: []string{"us-east-1"}}
	env := startServer(b, Config{
		Engine: &executor.Engine{Catalog: catalog.New(ec2.NewVPNConnections(src))},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	return env.connString("options='-c vpnsql.cache_ttl=1h'")
}

// drainRows reads a result without keeping its rows; it returns the count.
func drainRows(b *testing.B, rr *pgconn.ResultReader) int {
	n := 0
	for rr.NextRow() {
		n++
	}
	if _, err := rr.Close(); err != nil {
		b.Fatal(err)
	}
	return n
}

// benchWireQuery runs a prepared statement b.N times; want < 0 means any
// number of rows but none.
func benchWireQuery(b *testing.B, sql string, formats []int16, want int) {
	ctx := context.Background()
	pc, err := pgconn.Connect(ctx, startScanServer(b))
	if err != nil {
		b.Fatal(err)
	}
	defer pc.Close(ctx)
	if _, err := pc.Prepare(ctx, "q", sql, nil); err != nil {
		b.Fatal(err)
	}
	run := func() {
		if n := drainRows(b, pc.ExecPrepared(ctx, "q", nil, nil, formats)); n != want && (want >= 0 || n == 0) {
			b.Fatalf("%d rows, want %d", n, want)
		}
	}
	run() // fills the cache
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run()
	}
}

// BenchmarkScanAllText is SELECT * of every cached connection in text,
// as psql reads it.
func BenchmarkScanAllText(b *testing.B) {
	benchWireQuery(b, "SELECT * FROM ec2.vpn_connections", nil, wireRows)
}

// BenchmarkScanAllBinary is the same in binary, as pgx reads it.
func BenchmarkScanAllBinary(b *testing.B) {
	benchWireQuery(b, "SELECT * FROM ec2.vpn_connections", []int16{1}, wireRows)
}

// BenchmarkGroupByWire is issue 20's GROUP BY, as pgbench runs it.
func BenchmarkGroupByWire(b *testing.B) {
	benchWireQuery(b, "SELECT region, state, count(*) FROM ec2.vpn_connections GROUP BY region, state ORDER BY 1, 2", nil, -1)
}
