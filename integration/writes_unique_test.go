package integration

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The unique index vpn_connections_gateway_pair_key from psql, pgJDBC,
// psycopg2 and pgx: the first INSERT of a fresh pair creates a connection;
// the same INSERT again is 23505 naming the index and the connection, with
// no CreateVpnConnection sent; ON CONFLICT DO NOTHING is INSERT 0 0, again
// with no call; ec2sim holds one connection for the pair afterwards.

const uniqueDetail = `Key ("customerGatewayId", "vpnGatewayId", "transitGatewayId")=(%s, %s, null) already exists. The live connection is %s (available) in us-east-1.`

// pairConnections lists ec2sim's live connections for a pair.
func (w writesServer) pairConnections(t *testing.T, cgw, vgw string) []string {
	t.Helper()
	c := ec2.New(ec2.Options{Region: "us-east-1", BaseEndpoint: aws.String(w.simURL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDSETUP", "secret", ""), Retryer: aws.NopRetryer{}})
	out, err := c.DescribeVpnConnections(testContext(t), &ec2.DescribeVpnConnectionsInput{Filters: []types.Filter{
		{Name: aws.String("customer-gateway-id"), Values: []string{cgw}}, {Name: aws.String("vpn-gateway-id"), Values: []string{vgw}},
		{Name: aws.String("state"), Values: []string{"pending", "available"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range out.VpnConnections {
		ids = append(ids, *v.VpnConnectionId)
	}
	return ids
}

// creates counts the CreateVpnConnection calls ec2sim logged since the last clear.
func (w writesServer) creates(t *testing.T) int {
	n := 0
	for _, r := range w.requests(t) {
		if r.Action == "CreateVpnConnection" {
			n++
		}
	}
	return n
}

func TestGatewayPairUniqueFromClients(t *testing.T) {
	t.Parallel()
	w := startWrites(t)
	insert := `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ('%s', 'ipsec.1', '%s')`

	t.Run("psql", func(t *testing.T) {
		cgw, vgw := w.gateways(t, "198.51.100.210")
		clearSimRequests(t, w.simURL)
		// Plan before apply: EXPLAIN lists the call and makes none.
		out := psql(t, w.pgURL, "-c", "EXPLAIN "+fmt.Sprintf(insert, cgw, vgw))
		if !strings.Contains(out, `API Call 1: CreateVpnConnection in us-east-1 (account `) ||
			!strings.Contains(out, `{"CustomerGatewayId":"`+cgw+`","Type":"ipsec.1","VpnGatewayId":"`+vgw+`"}`) || w.creates(t) != 0 {
			t.Errorf("EXPLAIN:\n%s", out)
		}
		psql(t, w.pgURL, "-c", fmt.Sprintf(insert, cgw, vgw))
		ids := w.pairConnections(t, cgw, vgw)
		if len(ids) != 1 || w.creates(t) != 1 {
			t.Fatalf("first INSERT: connections %v", ids)
		}
		clearSimRequests(t, w.simURL)
		out, err := psqlResult(t, w.pgURL, "-v", "VERBOSITY=verbose", "-c", fmt.Sprintf(insert, cgw, vgw))
		if err == nil || !strings.Contains(out, `ERROR:  23505: duplicate key value violates unique constraint "vpn_connections_gateway_pair_key"`) ||
			!strings.Contains(out, "DETAIL:  "+fmt.Sprintf(uniqueDetail, cgw, vgw, ids[0])) ||
			!strings.Contains(out, "CONSTRAINT NAME:  vpn_connections_gateway_pair_key") {
			t.Errorf("psql: %v\n%s", err, out)
		}
		out = psql(t, w.pgURL, "-c", fmt.Sprintf(insert, cgw, vgw)+" ON CONFLICT DO NOTHING")
		if !strings.Contains(out, "INSERT 0 0") {
			t.Errorf("ON CONFLICT DO NOTHING: %s", out)
		}
		out, err = psqlResult(t, w.pgURL, "-c", fmt.Sprintf(insert, cgw, vgw)+` ON CONFLICT ("vpnConnectionId") DO UPDATE SET type = 'ipsec.1'`)
		if err == nil || !strings.Contains(out, "ERROR:  ON CONFLICT DO UPDATE is not supported") || !strings.Contains(out, "HINT:") {
			t.Errorf("DO UPDATE: %v\n%s", err, out)
		}
		if n := w.creates(t); n != 0 {
			t.Errorf("%d CreateVpnConnection for refused statements", n)
		}
		if got := w.pairConnections(t, cgw, vgw); len(got) != 1 || got[0] != ids[0] {
			t.Errorf("connections afterwards %v, want %v", got, ids)
		}
		// \d shows the index as PostgreSQL 15 does.
		out = psql(t, w.pgURL, "-c", `\d vpn_connections`)
		if !strings.Contains(out, `"vpn_connections_gateway_pair_key" UNIQUE, btree ("customerGatewayId", "vpnGatewayId", "transitGatewayId") NULLS NOT DISTINCT WHERE (state <> ALL (ARRAY['deleting'::text, 'deleted'::text])) AND ("vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL)`) {
			t.Errorf(`\d:\n%s`, out)
		}
	})

	t.Run("pgx", func(t *testing.T) {
		cgw, vgw := w.gateways(t, "198.51.100.211")
		clearSimRequests(t, w.simURL)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, w.pgURL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		ins := `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2)`
		var id string
		if err := conn.QueryRow(ctx, ins+` RETURNING "vpnConnectionId"`, cgw, vgw).Scan(&id); err != nil {
			t.Fatal(err)
		}
		clearSimRequests(t, w.simURL)
		_, err = conn.Exec(ctx, ins, cgw, vgw)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "23505" || pe.ConstraintName != "vpn_connections_gateway_pair_key" ||
			pe.TableName != "vpn_connections" || pe.SchemaName != "ec2" || pe.Detail != fmt.Sprintf(uniqueDetail, cgw, vgw, id) {
			t.Errorf("pgx: %#v", err)
		}
		tag, err := conn.Exec(ctx, ins+` ON CONFLICT ("customerGatewayId", "vpnGatewayId", "transitGatewayId") WHERE state = 'available' AND "vpnGatewayId" IS NOT NULL DO NOTHING`, cgw, vgw)
		if err != nil || tag.String() != "INSERT 0 0" {
			t.Errorf("ON CONFLICT: %v %v", tag, err)
		}
		_, err = conn.Exec(ctx, ins+` ON CONFLICT ("customerGatewayId", "vpnGatewayId", "transitGatewayId") DO NOTHING`, cgw, vgw)
		if !errors.As(err, &pe) || pe.Code != "42P10" {
			t.Errorf("target without the predicate: %v", err)
		}
		_, err = conn.Exec(ctx, ins+` ON CONFLICT ON CONSTRAINT vpn_connections_gateway_pair_key DO NOTHING`, cgw, vgw)
		if !errors.As(err, &pe) || pe.Code != "42704" {
			t.Errorf("ON CONSTRAINT of an index: %v", err)
		}
		if n := w.creates(t); n != 0 {
			t.Errorf("%d CreateVpnConnection for refused statements", n)
		}
		if got := w.pairConnections(t, cgw, vgw); len(got) != 1 || got[0] != id {
			t.Errorf("connections afterwards %v, want [%s]", got, id)
		}
	})

	t.Run("psycopg2", func(t *testing.T) {
		python := "/usr/bin/python3"
		if out, err := exec.Command(python, "-c", "import psycopg2").CombinedOutput(); err != nil {
			t.Fatalf("psycopg2 is not installed for %s (%v: %s)", python, err, out)
		}
		cgw, vgw := w.gateways(t, "198.51.100.212")
		clearSimRequests(t, w.simURL)
		u, _ := url.Parse(w.pgURL)
		dsn := fmt.Sprintf("host=%s port=%s dbname=aws user=psycopg application_name=unique-psycopg2", u.Hostname(), u.Port())
		out, err := exec.Command(python, "testdata/writes/unique.py", dsn, cgw, vgw).CombinedOutput()
		if err != nil {
			t.Fatalf("python: %v\n%s", err, out)
		}
		got := lines(string(out))
		ids := w.pairConnections(t, cgw, vgw)
		if len(ids) != 1 || got["inserted"] != ids[0]+" 1" ||
			got["duplicate"] != "23505 vpn_connections_gateway_pair_key vpn_connections ec2" ||
			got["detail"] != fmt.Sprintf(uniqueDetail, cgw, vgw, ids[0]) || got["on-conflict"] != "0 INSERT 0 0" {
			t.Errorf("output:\n%s\nconnections %v", out, ids)
		}
		if n := w.creates(t); n != 1 {
			t.Errorf("%d CreateVpnConnection, want 1 (the first INSERT)", n)
		}
	})

	t.Run("pgJDBC", func(t *testing.T) {
		java, classpath := compileJDBC(t, "testdata/writes/Unique.java")
		cgw, vgw := w.gateways(t, "198.51.100.213")
		clearSimRequests(t, w.simURL)
		u, _ := url.Parse(w.pgURL)
		jdbcURL := fmt.Sprintf("jdbc:postgresql://%s%s?user=jdbc&prepareThreshold=1&ApplicationName=unique-jdbc", u.Host, u.Path)
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, java, "-cp", classpath, "Unique", jdbcURL, cgw, vgw).CombinedOutput()
		if err != nil {
			t.Fatalf("java: %v\n%s", err, out)
		}
		got := lines(string(out))
		ids := w.pairConnections(t, cgw, vgw)
		if len(ids) != 1 || got["inserted"] != "1" || got["duplicate"] != "23505 vpn_connections_gateway_pair_key vpn_connections ec2" ||
			got["detail"] != fmt.Sprintf(uniqueDetail, cgw, vgw, ids[0]) || got["on-conflict"] != "0" || got["bad-target"] != "42P10" {
			t.Errorf("output:\n%s\nconnections %v", out, ids)
		}
		if n := w.creates(t); n != 1 {
			t.Errorf("%d CreateVpnConnection, want 1 (the first INSERT)", n)
		}
	})
}

// lines reads "key value" lines.
func lines(out string) map[string]string {
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		k, v, _ := strings.Cut(l, " ")
		got[k] = v
	}
	return got
}
