package executor

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
)

// staticIDs creates three static-route connections in us-east-1 beside
// the seeded ones and returns their ids in order.
func staticIDs(w *writeEnv) []string {
	w.t.Helper()
	for i := range 3 {
		cgw, vgw := w.gateways("us-east-1", fmt.Sprintf("198.51.100.%d", 150+i))
		w.exec(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", options) VALUES ($1, 'ipsec.1', $2, '{"staticRoutesOnly": true}')`, cgw, vgw)
	}
	var ids []string
	for _, r := range w.exec(`SELECT "vpnConnectionId" FROM vpn_connections WHERE ` + staticVGW + ` AND jsonb_array_length(routes) = 0 ORDER BY 1`) {
		ids = append(ids, r[0])
	}
	if len(ids) != 3 {
		w.t.Fatalf("%d new static connections in us-east-1, want 3", len(ids))
	}
	return ids
}

// TestWriteCalls_OnlySelectedRows: a write function called per row runs
// for exactly the rows WHERE and JOIN select, the conditions that do not
// read it applied before the call (the statement among them).
func TestWriteCalls_OnlySelectedRows(t *testing.T) {
	w := newWriteEnv(t)
	ids := staticIDs(w)
	route := func(cidr string, ids ...string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, "CreateVpnConnectionRoute DestinationCidrBlock="+cidr+" VpnConnectionId="+id)
		}
		return out
	}
	tests := []struct {
		name, sql string
		want      []string
	}{
		{"the issue's statement",
			`SELECT v."vpnConnectionId" FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.199.0.0/16') r
			 WHERE v.region = 'us-east-1' AND lower(v."vpnConnectionId") = lower('` + strings.ToUpper(ids[1]) + `')`,
			route("10.199.0.0/16", ids[1])},
		{"IN list, excluded rows get no call",
			`SELECT r."vpnConnectionId" FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.198.0.0/16') r
			 WHERE v."vpnConnectionId" IN ('` + ids[0] + `', '` + ids[2] + `') ORDER BY 1`,
			route("10.198.0.0/16", ids[0], ids[2])},
		{"JOIN LATERAL ... ON a condition on the table",
			`SELECT 1 FROM vpn_connections v JOIN LATERAL ec2.vpn_connection_route_create(v."vpnConnectionId", '10.197.0.0/16') r
			 ON v."vpnConnectionId" = '` + ids[2] + `' WHERE v.region = 'us-east-1'`,
			route("10.197.0.0/16", ids[2])},
		{"a correlated EXISTS is a condition too",
			`SELECT 1 FROM vpn_connections v CROSS JOIN LATERAL ec2.vpn_connection_route_create(v."vpnConnectionId", '10.196.0.0/16') r
			 WHERE EXISTS (SELECT 1 FROM vpn_connections x WHERE x."vpnConnectionId" = v."vpnConnectionId" AND x."vpnConnectionId" = '` + ids[0] + `')`,
			route("10.196.0.0/16", ids[0])},
		{"a volatile condition is evaluated once, before the call",
			`SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.195.0.0/16') r
			 WHERE v."vpnConnectionId" = '` + ids[1] + `' AND random() < 2`,
			route("10.195.0.0/16", ids[1])},
		{"a WITH query fences the call; the outer WHERE reads its result",
			`WITH r AS MATERIALIZED (SELECT r.* FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.194.0.0/16') r
			   WHERE v."vpnConnectionId" = '` + ids[0] + `')
			 SELECT "vpnConnectionId" FROM r WHERE state = 'available'`,
			route("10.194.0.0/16", ids[0])},
		{"a constant condition false: no call",
			`SELECT * FROM ec2.vpn_connection_route_create('` + ids[0] + `', '10.193.0.0/16') WHERE 1 = 2`, nil},
		{"WHERE false over a table: no call",
			`SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.192.0.0/16') r WHERE false`, nil},
		{"rows from VALUES need no WHERE",
			`SELECT 1 FROM (VALUES ('` + ids[1] + `'), ('` + ids[2] + `')) x(id), ec2.vpn_connection_route_create(x.id, '10.191.0.0/16') r`,
			route("10.191.0.0/16", ids[1], ids[2])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.reset()
			if _, _, err := run(t, w.s, tt.sql); err != nil {
				t.Fatalf("%s", describeErr(err))
			}
			got := w.writes()
			sort.Strings(got) // the rows of a scan come in no set order
			sort.Strings(tt.want)
			expectCalls(t, got, tt.want...)
		})
	}
}

// TestWriteCalls_Refused: shapes where the call could happen for a row
// the statement does not select are refused before any call.
func TestWriteCalls_Refused(t *testing.T) {
	w := newWriteEnv(t)
	id := staticIDs(w)[0]
	f := `ec2.vpn_connection_route_create(v."vpnConnectionId", '10.190.0.0/16')`
	tests := []struct {
		name, sql, msg, hint string
	}{
		{"a condition on the result", `SELECT 1 FROM vpn_connections v, ` + f + ` r WHERE r.state = 'available' AND v.region = 'us-east-1'`,
			"WHERE cannot read the result of ec2.vpn_connection_route_create", "WITH r AS MATERIALIZED ("},
		{"the whole result row", `SELECT 1 FROM vpn_connections v, ` + f + ` r WHERE r IS NOT NULL`,
			"WHERE cannot read the result", "WITH r AS MATERIALIZED"},
		{"a subquery reading the result", `SELECT 1 FROM vpn_connections v, ` + f + ` r WHERE EXISTS (SELECT 1 WHERE r.state = 'x')`,
			"WHERE cannot read the result", ""},
		{"the ordinality of the result", `SELECT 1 FROM vpn_connections v, ` + f + ` WITH ORDINALITY r WHERE r.ordinality = 1`,
			"WHERE cannot read the result", ""},
		{"ON reading the result", `SELECT 1 FROM vpn_connections v JOIN LATERAL ` + f + ` r ON r.state = 'available' WHERE true`,
			"JOIN ... ON cannot read the result", `FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", ...) r WHERE`},
		{"a volatile argument", `SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.' || (random() * 200)::int || '.0.0/16') r WHERE true`,
			"an argument of ec2.vpn_connection_route_create cannot be volatile (random())", "pass it as a constant"},
		{"a subquery argument", `SELECT 1 FROM ec2.vpn_connection_route_create((SELECT '` + id + `'), '10.190.0.0/16')`,
			"cannot be a subquery", ""},
		{"an outer join", `SELECT 1 FROM vpn_connections v LEFT JOIN LATERAL ` + f + ` r ON true WHERE true`,
			"cannot be part of an outer join", ""},
		{"not last in FROM", `SELECT 1 FROM vpn_connections v, ` + f + ` r, vpn_connections w WHERE w."vpnConnectionId" = v."vpnConnectionId"`,
			"must be the last item of FROM", ""},
		{"a constant call beside a table", `SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create('` + id + `', '10.190.0.0/16') r WHERE true`,
			"must be alone in FROM", ""},
		{"two write functions", `SELECT 1 FROM vpn_connections v, ` + f + ` r, ec2.vpn_connection_route_delete(v."vpnConnectionId", '10.190.0.0/16') d WHERE true`,
			"cannot be called in one FROM clause", ""},
		{"LIMIT", `SELECT 1 FROM vpn_connections v, ` + f + ` r WHERE true LIMIT 1`,
			"LIMIT and OFFSET are not allowed over a write function called per row", "WITH pick AS"},
		{"OFFSET over a WITH query", `WITH r AS (SELECT 1 FROM vpn_connections v, ` + f + ` r WHERE true) SELECT * FROM r OFFSET 1`,
			"LIMIT and OFFSET are not allowed", ""},
		{"LIMIT over a set operation", `SELECT 1 FROM vpn_connections v, ` + f + ` r WHERE true UNION ALL SELECT 2 LIMIT 1`,
			"LIMIT and OFFSET are not allowed", ""},
		{"HAVING", `SELECT count(*) FROM vpn_connections v, ` + f + ` r WHERE true HAVING count(*) > 1`,
			"HAVING is not allowed", ""},
		{"the select list", `SELECT ec2.vpn_connection_route_create(v."vpnConnectionId", '10.190.0.0/16') FROM vpn_connections v WHERE true`,
			"can only be called in FROM", ""},
		{"a subquery in WHERE", `SELECT 1 FROM vpn_connections v WHERE v."vpnConnectionId" IN (SELECT "vpnConnectionId" FROM ` + strings.ReplaceAll(f, `v."vpnConnectionId"`, `'`+id+`'`) + `)`,
			"cannot be called in a subquery in an expression", ""},
		{"a subquery in FROM", `SELECT 1 FROM (SELECT * FROM vpn_connections v, ` + f + ` r WHERE true) s WHERE s.region = 'us-east-1'`,
			"cannot be called in a subquery in FROM", ""},
		{"a WITH query NOT MATERIALIZED", `WITH r AS NOT MATERIALIZED (SELECT 1 FROM vpn_connections v, ` + f + ` r WHERE true) SELECT * FROM r`,
			"marked NOT MATERIALIZED", ""},
		{"a WITH query read in a subquery", `WITH r AS (SELECT v."vpnConnectionId" FROM vpn_connections v, ` + f + ` r WHERE true) SELECT 1 WHERE EXISTS (SELECT 1 FROM r)`,
			`WITH query "r" calls a write function and cannot be read in a subquery in an expression`, ""},
		{"INSERT ... SELECT", `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") SELECT "customerGatewayId", type, "vpnGatewayId" FROM ` + strings.ReplaceAll(f, `v."vpnConnectionId"`, `'`+id+`'`),
			"cannot be called in an INSERT, UPDATE or DELETE statement", ""},
		{"USING", `SELECT 1 FROM vpn_connections v JOIN ` + f + ` r USING ("vpnConnectionId") WHERE true`,
			"USING", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.reset()
			_, _, err := run(t, w.s, tt.sql)
			if err == nil {
				t.Fatal("no error")
			}
			pe := pgerr.From(err)
			if pe.Code != pgerr.FeatureNotSupported || !strings.Contains(pe.Message, tt.msg) || !strings.Contains(pe.Hint, tt.hint) {
				t.Errorf("%s %q (hint %q); want 0A000 %q, hint with %q", pe.Code, pe.Message, pe.Hint, tt.msg, tt.hint)
			}
			expectCalls(t, w.writes())
		})
	}
}

// TestWriteCalls_Unqualified: a function called per row of a table needs
// a WHERE clause, as UPDATE and DELETE do.
func TestWriteCalls_Unqualified(t *testing.T) {
	w := newWriteEnv(t)
	id := staticIDs(w)[0]
	w.reset()
	pe := w.fail(`SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.189.0.0/16') r`)
	if pe.Code != pgerr.CardinalityViolation || pe.Message != "ec2.vpn_connection_route_create requires a WHERE clause" {
		t.Errorf("%s %s", pe.Code, pe.Message)
	}
	expectCalls(t, w.writes())
	// A join condition alone does not qualify it; WHERE true does.
	w.exec(`SET vpnsql.dry_run = on`)
	w.exec(`SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.189.0.0/16') r WHERE v."vpnConnectionId" = $1`, id)
	w.exec(`SET vpnsql.allow_unqualified_writes = on`)
	w.exec(`SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.189.0.0/16') r WHERE false`)
	expectCalls(t, w.writes())
}

// TestWriteCalls_FaultDetail: a call failing after others in the same
// statement names, in DETAIL, the calls that were made and stay made.
func TestWriteCalls_FaultDetail(t *testing.T) {
	w := newWriteEnv(t)
	ids := staticIDs(w)
	// The third connection already has the route: its call fails.
	w.exec(`SELECT 1 FROM ec2.vpn_connection_route_create($1, '10.188.0.0/16')`, ids[2])
	w.reset()
	pe := w.fail(`SELECT 1 FROM (SELECT * FROM vpn_connections WHERE "vpnConnectionId" = ANY($1) ORDER BY 1) v,
		ec2.vpn_connection_route_create(v."vpnConnectionId", '10.188.0.0/16') r WHERE true`, []any{ids[0], ids[1], ids[2]})
	for _, want := range []string{
		"Call 3 of this statement (ec2.vpn_connection_route_create on " + ids[2] + ") failed.",
		"2 earlier call(s) were made and stay made: ec2.vpn_connection_route_create on " + ids[0] + " (us-east-1), ec2.vpn_connection_route_create on " + ids[1] + " (us-east-1).",
	} {
		if !strings.Contains(pe.Detail, want) {
			t.Errorf("DETAIL %q lacks %q", pe.Detail, want)
		}
	}
	if !strings.HasPrefix(pe.Hint, "EC2 has no rollback") {
		t.Errorf("HINT %q", pe.Hint)
	}
	expectCalls(t, w.writes(),
		"CreateVpnConnectionRoute DestinationCidrBlock=10.188.0.0/16 VpnConnectionId="+ids[0],
		"CreateVpnConnectionRoute DestinationCidrBlock=10.188.0.0/16 VpnConnectionId="+ids[1],
		"CreateVpnConnectionRoute DestinationCidrBlock=10.188.0.0/16 VpnConnectionId="+ids[2])

	// A fault injected in the simulator between calls (a 500 for the
	// eu-west-1 connection, reached after the us-east-1 ones) reports the
	// same way.
	eu, _ := w.oneConnection(`region = 'eu-west-1' AND state = 'available'`)
	w.sim.SetFaults([]ec2sim.Fault{ecFault("DeleteVpnConnectionRoute", "eu-west-1", "InternalError", 500)})
	w.reset()
	pe = w.fail(`SELECT 1 FROM (SELECT * FROM vpn_connections WHERE "vpnConnectionId" = ANY($1) ORDER BY region DESC, 1) v,
		ec2.vpn_connection_route_delete(v."vpnConnectionId", '10.188.0.0/16') r WHERE true`, []any{ids[0], ids[1], eu})
	if pe.Code != pgerr.TRStatementCompletionUnknown || !strings.Contains(pe.Detail, "Call 3 of this statement (ec2.vpn_connection_route_delete on "+eu+") failed.") ||
		!strings.Contains(pe.Detail, "2 earlier call(s) were made and stay made: ec2.vpn_connection_route_delete on "+ids[0]+" (us-east-1), ec2.vpn_connection_route_delete on "+ids[1]+" (us-east-1).") {
		t.Errorf("%s %s\nDETAIL %s", pe.Code, pe.Message, pe.Detail)
	}
	expectCalls(t, w.writes(),
		"DeleteVpnConnectionRoute DestinationCidrBlock=10.188.0.0/16 VpnConnectionId="+ids[0],
		"DeleteVpnConnectionRoute DestinationCidrBlock=10.188.0.0/16 VpnConnectionId="+ids[1],
		"DeleteVpnConnectionRoute DestinationCidrBlock=10.188.0.0/16 VpnConnectionId="+eu)
}

// TestTransactionRule_Batches: a write sharing its implicit transaction
// with other statements (as the server reports with SetBatch) is refused
// with 25001 before any call, whatever kind of write it is; under
// vpnsql.writes_in_transaction = immediate it runs with a WARNING.
func TestTransactionRule_Batches(t *testing.T) {
	w := newWriteEnv(t)
	id := staticIDs(w)[0]
	writes := []string{
		`UPDATE vpn_connections SET tags = tags || '{"k": "v"}' WHERE "vpnConnectionId" = '` + id + `'`,
		`SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.187.0.0/16') r WHERE v."vpnConnectionId" = '` + id + `'`,
		`COPY (SELECT 1 FROM ec2.vpn_connection_route_create('` + id + `', '10.187.0.0/16')) TO STDOUT`,
		`DELETE FROM vpn_connections WHERE "vpnConnectionId" = '` + id + `'`,
	}
	for _, batch := range []struct {
		b     Batch
		where string
	}{{BatchQuery, "in a Query message with several statements"}, {BatchPipeline, "within a pipeline"}} {
		w.s.SetBatch(batch.b)
		for _, sql := range writes {
			w.reset()
			pe := w.fail(sql)
			if pe.Code != pgerr.ActiveSqlTransaction || !strings.HasSuffix(pe.Message, batch.where) ||
				!strings.Contains(pe.Hint, "vpnsql.writes_in_transaction = immediate") {
				t.Errorf("%s: %s %q (hint %q)", sql, pe.Code, pe.Message, pe.Hint)
			}
			expectCalls(t, w.writes())
		}
	}
	w.s.SetBatch(BatchNone)
	w.exec(`SET vpnsql.writes_in_transaction = immediate`)
	w.s.SetBatch(BatchPipeline)
	w.reset()
	w.exec(writes[0])
	w.s.SetBatch(BatchNone)
	expectCalls(t, w.writes(), "CreateTags ResourceId.1="+id+" Tag.1.Key=k Tag.1.Value=v")
	if n := noticeText(w.s.Notices()); !strings.Contains(n, "UPDATE within a pipeline changes AWS resources immediately") {
		t.Errorf("notices %s", n)
	}
}

// TestWriteCalls_Explain: EXPLAIN shows the conditions where they apply,
// on the scan below the call, and pushed into the API call.
func TestWriteCalls_Explain(t *testing.T) {
	w := newWriteEnv(t)
	var lines []string
	for _, r := range w.exec(`EXPLAIN SELECT 1 FROM vpn_connections v JOIN LATERAL ec2.vpn_connection_route_create(v."vpnConnectionId", '10.199.0.0/16') r
		ON v.state = 'available' WHERE v.region = 'us-east-1'`) {
		lines = append(lines, r[0])
	}
	want := []string{"Nested Loop", "  ->  Foreign Scan on ec2.vpn_connections v", "        Filter: v.state = 'available' AND v.region = 'us-east-1'",
		"        Regions: us-east-1", "        Accounts: all configured", "        Sources: 123456789012: us-east-1",
		"        API Call: DescribeVpnConnections Filter.1.Name=state Filter.1.Value.1=available", "  ->  Function Scan on r"}
	// Then the calls the function would make, one per row the conditions
	// select, listed and not made (explain_write.go).
	for _, r := range w.exec(`SELECT "vpnConnectionId" FROM vpn_connections WHERE state = 'available' AND region = 'us-east-1'`) {
		want = append(want, `        API Call n: CreateVpnConnectionRoute in us-east-1 (account 123456789012) for `+r[0]+
			`: {"DestinationCidrBlock":"10.199.0.0/16","VpnConnectionId":"`+r[0]+`"}`)
	}
	for i := 8; i < len(lines); i++ { // the order of the calls is the rows'
		lines[i] = regexp.MustCompile(`API Call \d+:`).ReplaceAllString(lines[i], "API Call n:")
	}
	if len(lines) > 8 {
		sort.Strings(lines[8:])
	}
	sort.Strings(want[8:])
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("EXPLAIN:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	expectCalls(t, w.writes())
}

// TestWriteCalls_StableArguments: ordinary expressions over the row, the
// parameters and stable functions are accepted as arguments.
func TestWriteCalls_StableArguments(t *testing.T) {
	w := newWriteEnv(t)
	id := staticIDs(w)[0]
	w.exec(`SET vpnsql.dry_run = on`)
	for _, arg := range []string{
		`'{"localIpv4NetworkCidr": "10.1.0.0/16"}'`,
		`jsonb_build_object('localIpv4NetworkCidr', $2::text)`,
		`('{"localIpv4NetworkCidr": "' || $2 || '"}')::jsonb`,
		`CASE WHEN v.region = 'us-east-1' THEN '{"localIpv4NetworkCidr": "10.1.0.0/16"}'::jsonb ELSE '{}' END`,
		`COALESCE(NULL::jsonb, jsonb_build_object('localIpv4NetworkCidr', format('10.%s.0.0/16', 1 + 1)))`,
		`json_build_object('localIpv4NetworkCidr', $2)::text::jsonb`,
		`jsonb_set('{}', '{localIpv4NetworkCidr}', to_jsonb($2::text))`,
	} {
		if _, _, err := run(t, w.s, `SELECT 1 FROM vpn_connections v, ec2.vpn_connection_options_modify(v."vpnConnectionId"::text, `+arg+`) r
			WHERE v."vpnConnectionId" = $1 AND now() > '2000-01-01'`, id, "10.1.0.0/16"); err != nil {
			t.Errorf("%s: %s", arg, describeErr(err))
		}
	}
}

// TestVolatileFuncs: pgcatalog.FunctionVolatile, which write calls and
// pushdown ask, says volatile for exactly the implemented functions that
// pg_proc (PostgreSQL 15's own catalog, as the session sees it) marks
// volatile in some overload.
func TestVolatileFuncs(t *testing.T) {
	s := catalogTestSession(t)
	_, rows, err := run(t, s, `SELECT proname, bool_or(provolatile = 'v') FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	volatile := map[string]bool{}
	for _, r := range rows {
		name := r[0]
		volatile[name] = r[1] == "t"
		_, implemented := funcs.Builtin().Scalars[name]
		if _, srf := funcs.Builtin().Sets[name]; srf {
			implemented = true
		}
		if implemented && volatile[name] != pgcatalog.FunctionVolatile(name) {
			t.Errorf("%s: pg_proc says volatile %v, FunctionVolatile %v", name, volatile[name], !volatile[name])
		}
	}
	for _, name := range []string{"random", "setseed", "clock_timestamp", "pg_sleep"} {
		if !volatile[name] || !pgcatalog.FunctionVolatile(name) {
			t.Errorf("%s is not volatile", name)
		}
	}
	for _, name := range []string{"now", "lower", "statement_timestamp"} {
		if pgcatalog.FunctionVolatile(name) {
			t.Errorf("%s is volatile", name)
		}
	}
}
