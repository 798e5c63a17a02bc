package main

import (
	"fmt"
	"maps"
	"strings"

	"github.com/jackc/pgx/v5"
)

// callShape is one query shape of pair 8 with the fewest EC2 calls that
// can answer it over the 16 regions, and why.
type callShape struct {
	name, sql string
	min       map[string]int
	why       string
}

const (
	dvc = "DescribeVpnConnections"
	dcg = "DescribeCustomerGateways"
	dvg = "DescribeVpnGateways"
)

func callShapes(id string) []callShape {
	n := len(liveRegions)
	return []callShape{
		{"point (id)", `SELECT * FROM ec2.vpn_connections WHERE "vpnConnectionId" = '` + id + `'`,
			map[string]int{dvc: n}, "an id does not name its region: one call per region"},
		{"point (id and region)", `SELECT * FROM ec2.vpn_connections WHERE "vpnConnectionId" = '` + id + `' AND region = 'us-east-1'`,
			map[string]int{dvc: 1}, "one region"},
		{"filter (state)", `SELECT * FROM ec2.vpn_connections WHERE state = 'available'`,
			map[string]int{dvc: n}, "one filtered call per region"},
		{"region-pruned", `SELECT * FROM ec2.vpn_connections WHERE region = 'eu-west-1'`,
			map[string]int{dvc: 1}, "one region"},
		{"full scan", `SELECT * FROM ec2.vpn_connections`,
			map[string]int{dvc: n}, "one call per region (the API does not paginate it)"},
		{"join vpn_tunnels", `SELECT count(*) FROM ec2.vpn_connections c JOIN ec2.vpn_tunnels t USING ("vpnConnectionId")`,
			map[string]int{dvc: n}, "both tables read the same answer"},
		{"join vpn_tunnels (id)", `SELECT count(*) FROM ec2.vpn_connections c JOIN ec2.vpn_tunnels t USING ("vpnConnectionId") WHERE c."vpnConnectionId" = '` + id + `'`,
			map[string]int{dvc: n}, "as point (id); the tunnels come with it"},
		{"join customer_gateways", `SELECT count(*) FROM ec2.vpn_connections c JOIN ec2.customer_gateways g USING ("customerGatewayId")`,
			map[string]int{dvc: n, dcg: n}, "each table once per region"},
		{"join customer_gateways (one region)", `SELECT count(*) FROM ec2.vpn_connections c JOIN ec2.customer_gateways g ON g."customerGatewayId" = c."customerGatewayId" AND g.region = c.region WHERE c.region = 'eu-west-1'`,
			map[string]int{dvc: 1, dcg: 1}, "each table once, in that region"},
		{"join customer_gateways (id, same region)", `SELECT count(*) FROM ec2.vpn_connections c JOIN ec2.customer_gateways g ON g."customerGatewayId" = c."customerGatewayId" AND g.region = c.region WHERE c."vpnConnectionId" = '` + id + `'`,
			map[string]int{dvc: n, dcg: 1}, "the connection in every region, then its gateway in the one region that has it"},
		{"join vpn_gateways", `SELECT count(*) FROM ec2.vpn_connections c JOIN ec2.vpn_gateways g USING ("vpnGatewayId")`,
			map[string]int{dvc: n, dvg: n}, "each table once per region"},
		{"join vpn_gateways (one region)", `SELECT count(*) FROM ec2.vpn_connections c JOIN ec2.vpn_gateways g ON g."vpnGatewayId" = c."vpnGatewayId" AND g.region = c.region WHERE c.region = 'eu-west-1'`,
			map[string]int{dvc: 1, dvg: 1}, "each table once, in that region"},
	}
}

// callsPair is pair 8: each shape run once with the cache off, its EC2
// calls counted in the simulator's log, beside the minimum.
func callsPair(cfg *config, e *env, l *live) ([]row, error) {
	ctx := cfg.ctx
	conn, err := pgx.Connect(ctx, l.all.url("0"))
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var rows []row
	for _, s := range callShapes(l.id) {
		if err := l.sim.resetRequests(); err != nil {
			return nil, err
		}
		// The simple protocol: one execution, nothing prepared.
		r, err := conn.Query(ctx, s.sql, pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		for r.Next() {
		}
		if err := r.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		reqs, err := l.sim.requests()
		if err != nil {
			return nil, err
		}
		got, _ := describeCounts(reqs, dvc)
		if len(got) == 0 {
			return nil, fmt.Errorf("%s: the simulator logged no call", s.name)
		}
		cfg.sample("calls shape=%q got=%v min=%v", s.name, got, s.min)
		rows = append(rows, row{pair: "1.8", measure: "API calls: " + s.name + " — `" + s.sql + "`",
			vpnsql: countsText(got), ref: "minimum: " + countsText(s.min) + " (" + s.why + ")",
			ratio: "—", target: "= minimum", holds: verdict(cfg, maps.Equal(got, s.min))})
	}
	return rows, nil
}

func countsText(m map[string]int) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
