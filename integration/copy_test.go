package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestCopyTo runs COPY ... TO STDOUT statements against PostgreSQL 15
// holding vpnsql's demo rows and against vpnsql, through pgconn's COPY
// support, and compares the bytes sent and the command tag, or the error
// (SQLSTATE, message, hint).
func TestCopyTo(t *testing.T) {
	t.Parallel()
	ref := startReferencePG(t)
	vpn := connectText(t, withUser(startDemo(t), "vpnsql"))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	loadReference(ctx, t, vpn, ref)
	for _, sql := range []string{
		`COPY (SELECT "vpnConnectionId", region, state, tags->>'Name' FROM vpn_connections ORDER BY 1) TO STDOUT`,
		`COPY (SELECT "vpnConnectionId", options, routes, "tagSet" FROM vpn_connections ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER)`,
		`COPY (SELECT "vpnConnectionId", "customerGatewayConfiguration" FROM vpn_connections ORDER BY 1 LIMIT 2) TO STDOUT`,
		`COPY (SELECT "vpnConnectionId", "customerGatewayConfiguration" FROM vpn_connections ORDER BY 1 LIMIT 2) TO STDOUT CSV`,
		`COPY (SELECT E'tab\there', E'new\nline', E'back\\slash', '', NULL::text, 'a|b') TO STDOUT WITH (DELIMITER '|', NULL 'nil', HEADER)`,
		`COPY (SELECT 'x,y', '"q"', '', NULL, 1.5::numeric, true, '2026-01-02'::date) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)`,
		`COPY (SELECT 'a' AS p, 'b' AS q) TO STDOUT WITH (FORMAT csv, QUOTE '''', ESCAPE '\', FORCE_QUOTE (q), NULL 'NULL')`,
		`COPY (SELECT 1 AS a, 'x,y' AS "b,c", 2 AS "q""") TO STDOUT WITH (FORMAT csv, HEADER, FORCE_QUOTE *)`, // the header is never forced
		`COPY (SELECT '\.') TO STDOUT CSV`,
		`COPY (SELECT region, count(*) FROM vpn_connections GROUP BY 1 ORDER BY 1) TO STDOUT WITH (FORMAT text, HEADER true)`,
		`COPY (SELECT * FROM vpn_connections WHERE false) TO STDOUT`,
		`COPY (SELECT $$it's$$, 1, 2.5::float8, '1 day'::interval, '2026-11-25 10:00:00+00'::timestamptz) TO STDOUT`,
		`COPY (SELECT ARRAY['a', NULL, 'b c'], '{"k": [1, 2]}'::jsonb) TO STDOUT`,
		// Errors. (COPY FROM STDIN is refused by vpnsql at once, but
		// PostgreSQL would wait for the data: executor tests cover it.)
		`COPY vpn_connections TO '/tmp/x.csv'`,
		`COPY (SELECT 1) TO PROGRAM 'cat'`,
		`COPY (SELECT 1) TO STDOUT WITH (FORMAT xml)`,
		`COPY (SELECT 1) TO STDOUT WITH (FORMAT csv, FORMAT text)`,
		`COPY (SELECT 1) TO STDOUT WITH (DELIMITER ',,')`,
		`COPY (SELECT 1) TO STDOUT WITH (QUOTE '"')`,
		`COPY (SELECT 1) TO STDOUT WITH (NOSUCH 1)`,
		`COPY (SELECT 1 AS a) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (b))`,
		`COPY nosuch TO STDOUT`,
		`COPY (SELECT nosuch FROM vpn_connections) TO STDOUT`,
	} {
		want, wantErr := copyTo(ctx, ref, sql)
		got, gotErr := copyTo(ctx, vpn, sql)
		if want != got || wantErr != gotErr {
			t.Errorf("%s\n postgres: %q %s\n vpnsql:   %q %s", sql, want, wantErr, got, gotErr)
		}
	}
	// COPY table TO STDOUT writes every column in order, as COPY (SELECT *).
	// Neither has an order (a scan hands on regions as they answer), so
	// the lines are compared sorted.
	all, err := copyTo(ctx, vpn, `COPY vpn_connections TO STDOUT`)
	star, err2 := copyTo(ctx, vpn, `COPY (SELECT * FROM vpn_connections) TO STDOUT`)
	if sortedLines(all) != sortedLines(star) || all == "" || err != "" || err2 != "" {
		t.Errorf("COPY table and COPY (SELECT *) differ: %q %s / %q %s", all, err, star, err2)
	}
	// After an error the session goes on.
	if out, err := copyTo(ctx, vpn, `COPY (SELECT 1) TO STDOUT`); out != "1\n[COPY 1]" || err != "" {
		t.Errorf("after errors: %q %s", out, err)
	}
}

// copyTo returns what COPY wrote followed by its command tag, or the
// error as "SQLSTATE message (hint)".
func copyTo(ctx context.Context, conn *pgconn.PgConn, sql string) (string, string) {
	var buf bytes.Buffer
	tag, err := conn.CopyTo(ctx, &buf, sql)
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return "", fmt.Sprintf("%s %s (%s)", pe.Code, pe.Message, pe.Hint)
		}
		return "", err.Error()
	}
	return buf.String() + "[" + tag.String() + "]", ""
}

// sortedLines is s with its lines sorted.
func sortedLines(s string) string {
	lines := strings.Split(s, "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
