package server

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// BenchmarkPreparedRoundTrip is one Bind/Execute/Sync round trip of a
// prepared single-row query over loopback TCP, client (pgconn) and server
// in one process: the protocol's cost per statement, apart from any table.
func BenchmarkPreparedRoundTrip(b *testing.B) {
	ctx := context.Background()
	pc := benchConn(b)
	if _, err := pc.Prepare(ctx, "p", "SELECT id, n FROM ec2.things WHERE id = $1", nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := pc.ExecPrepared(ctx, "p", [][]byte{[]byte("vpn-1")}, nil, nil).Read()
		if res.Err != nil || len(res.Rows) != 1 {
			b.Fatal(res.Err, res.Rows)
		}
	}
}

// BenchmarkSimpleQuery is the same lookup as one simple-protocol Query
// message, as pgbench -M simple and psql send it: each parses the text
// (from the engine's parse cache after the first), plans and runs it.
func BenchmarkSimpleQuery(b *testing.B) {
	ctx := context.Background()
	pc := benchConn(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := pc.Exec(ctx, "SELECT id, n FROM ec2.things WHERE id = 'vpn-1'").ReadAll()
		if err != nil || len(res) != 1 || len(res[0].Rows) != 1 {
			b.Fatal(err, res)
		}
	}
}

// benchConn starts a server that logs nothing and connects to it; both
// end with the benchmark.
func benchConn(b *testing.B) *pgconn.PgConn {
	env := startServer(b, Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	pc, err := pgconn.Connect(context.Background(), env.connString(""))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { pc.Close(context.Background()) })
	return pc
}
