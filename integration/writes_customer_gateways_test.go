package integration

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// customer_gateways writes from psql and pgx against `vpnsql serve` and
// `vpnsql sim`: INSERT is CreateCustomerGateway, the same INSERT again is
// 23505 against customer_gateways_identity_key naming the gateway (EC2
// would return it) with no call sent, ON CONFLICT DO NOTHING skips it;
// DELETE of a gateway a connection uses is 23503 naming
// vpn_connections_customerGatewayId_fkey and the connections, with no
// call; DELETE of an unused one is DeleteCustomerGateway; EXPLAIN and
// vpnsql.dry_run make no change.

const cgwKeyDetail = `Key (type, "ipAddress", "bgpAsn", "bgpAsnExtended", "deviceName", "certificateArn")=(ipsec.1, %s, 65000, null, null, null) already exists. The live customer gateway is %s (available) in us-east-1.`

// cgwWrites are the customer gateway calls ec2sim logged since the last
// clear, as "Action K=V ..." (parameters sorted).
func (w writesServer) cgwWrites(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range w.requests(t) {
		if r.Action != "CreateCustomerGateway" && r.Action != "DeleteCustomerGateway" {
			continue
		}
		var ps []string
		for k, v := range r.Params {
			if k != "Action" && k != "Version" {
				ps = append(ps, k+"="+strings.Join(v, ","))
			}
		}
		sort.Strings(ps)
		out = append(out, strings.Join(append([]string{r.Action}, ps...), " "))
	}
	return out
}

// usedGateway is a demo customer gateway in us-east-1 that live
// connections use, and those connections as the 23503 DETAIL lists them.
func usedGateway(t *testing.T, url string) (id, users string) {
	t.Helper()
	out := strings.TrimSpace(psql(t, url, "-t", "-c", `SELECT c."customerGatewayId", string_agg(v."vpnConnectionId" || ' (' || v.state || ')', ', ' ORDER BY v."vpnConnectionId")
		FROM customer_gateways c JOIN vpn_connections v USING ("customerGatewayId")
		WHERE c.region = 'us-east-1' AND v.region = 'us-east-1' AND v.state IN ('pending', 'available') GROUP BY 1 ORDER BY 1 LIMIT 1`))
	id, users, ok := strings.Cut(out, "|")
	if !ok {
		t.Fatalf("no customer gateway in use: %q", out)
	}
	return id, users
}

func TestCustomerGatewayWritesFromClients(t *testing.T) {
	t.Parallel()
	w := startWrites(t)
	insert := `INSERT INTO customer_gateways (type, "ipAddress") VALUES ('ipsec.1', '%s')`

	t.Run("psql", func(t *testing.T) {
		ip := "198.51.100.220"
		clearSimRequests(t, w.simURL)
		out := psql(t, w.pgURL, "-c", "EXPLAIN "+fmt.Sprintf(insert, ip))
		if !strings.Contains(out, `API Call 1: CreateCustomerGateway in us-east-1 (account `) || !strings.Contains(out, `{"IpAddress":"`+ip+`","Type":"ipsec.1"}`) {
			t.Errorf("EXPLAIN:\n%s", out)
		}
		psql(t, w.pgURL, "-c", "SET vpnsql.dry_run = on", "-c", fmt.Sprintf(insert, ip))
		expectWrites(t, w.cgwWrites(t), "CreateCustomerGateway DryRun=true IpAddress="+ip+" Type=ipsec.1")

		clearSimRequests(t, w.simURL)
		id := strings.TrimSpace(psql(t, w.pgURL, "-t", "-c", fmt.Sprintf(insert, ip)+` RETURNING "customerGatewayId"`))
		id, _, _ = strings.Cut(id, "\n") // the command tag follows
		expectWrites(t, w.cgwWrites(t), "CreateCustomerGateway IpAddress="+ip+" Type=ipsec.1")

		clearSimRequests(t, w.simURL)
		out, err := psqlResult(t, w.pgURL, "-v", "VERBOSITY=verbose", "-c", fmt.Sprintf(insert, ip))
		if err == nil || !strings.Contains(out, `ERROR:  23505: duplicate key value violates unique constraint "customer_gateways_identity_key"`) ||
			!strings.Contains(out, "DETAIL:  "+fmt.Sprintf(cgwKeyDetail, ip, id)) || !strings.Contains(out, "CONSTRAINT NAME:  customer_gateways_identity_key") {
			t.Errorf("INSERT again: %v\n%s", err, out)
		}
		if out := psql(t, w.pgURL, "-c", fmt.Sprintf(insert, ip)+" ON CONFLICT DO NOTHING"); !strings.Contains(out, "INSERT 0 0") {
			t.Errorf("ON CONFLICT DO NOTHING: %s", out)
		}
		expectWrites(t, w.cgwWrites(t))

		used, users := usedGateway(t, w.pgURL)
		out, err = psqlResult(t, w.pgURL, "-v", "VERBOSITY=verbose", "-c", `DELETE FROM customer_gateways WHERE "customerGatewayId" = '`+used+`'`)
		if err == nil || !strings.Contains(out, `ERROR:  23503: update or delete on table "customer_gateways" violates foreign key constraint "vpn_connections_customerGatewayId_fkey" on table "vpn_connections"`) ||
			!strings.Contains(out, `DETAIL:  Key ("customerGatewayId")=(`+used+`) is still referenced from table "vpn_connections": `+users+`.`) {
			t.Errorf("DELETE of a used gateway: %v\n%s", err, out)
		}
		expectWrites(t, w.cgwWrites(t))

		if out := psql(t, w.pgURL, "-c", `DELETE FROM customer_gateways WHERE "customerGatewayId" = '`+id+`'`); !strings.Contains(out, "DELETE 1") {
			t.Errorf("DELETE of an unused gateway: %s", out)
		}
		expectWrites(t, w.cgwWrites(t), "DeleteCustomerGateway CustomerGatewayId="+id)

		out = psql(t, w.pgURL, "-c", `\d customer_gateways`)
		if !strings.Contains(out, `"customer_gateways_identity_key" UNIQUE, btree (type, "ipAddress", "bgpAsn", "bgpAsnExtended", "deviceName", "certificateArn") NULLS NOT DISTINCT WHERE state = 'available'::text`) {
			t.Errorf(`\d:\n%s`, out)
		}
	})

	t.Run("pgx", func(t *testing.T) {
		ip := "198.51.100.221"
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, w.pgURL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		ins := `INSERT INTO customer_gateways (type, "ipAddress", "bgpAsn") VALUES ('ipsec.1', $1, $2)`
		var id, asn string
		if err := conn.QueryRow(ctx, ins+` RETURNING "customerGatewayId", "bgpAsn"`, ip, "65000").Scan(&id, &asn); err != nil || asn != "65000" {
			t.Fatalf("INSERT: %v %s", err, asn)
		}
		clearSimRequests(t, w.simURL)
		// Without bgpAsn: EC2's default, 65000, so the same gateway.
		_, err = conn.Exec(ctx, `INSERT INTO customer_gateways (type, "ipAddress") VALUES ('ipsec.1', $1)`, ip)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "23505" || pe.ConstraintName != "customer_gateways_identity_key" ||
			pe.TableName != "customer_gateways" || pe.SchemaName != "ec2" || pe.Detail != fmt.Sprintf(cgwKeyDetail, ip, id) {
			t.Errorf("INSERT again: %#v", err)
		}
		tag, err := conn.Exec(ctx, ins+` ON CONFLICT (type, "ipAddress", "bgpAsn", "bgpAsnExtended", "deviceName", "certificateArn") WHERE state = 'available' DO NOTHING`, ip, "65000")
		if err != nil || tag.String() != "INSERT 0 0" {
			t.Errorf("ON CONFLICT: %v %v", tag, err)
		}
		expectWrites(t, w.cgwWrites(t))

		used, users := usedGateway(t, w.pgURL)
		_, err = conn.Exec(ctx, `DELETE FROM customer_gateways WHERE "customerGatewayId" = $1`, used)
		if !errors.As(err, &pe) || pe.Code != "23503" || pe.ConstraintName != "vpn_connections_customerGatewayId_fkey" || pe.TableName != "vpn_connections" ||
			!strings.Contains(pe.Detail, users) {
			t.Errorf("DELETE of a used gateway: %#v", err)
		}
		tag, err = conn.Exec(ctx, `DELETE FROM customer_gateways WHERE "customerGatewayId" = $1`, id)
		if err != nil || tag.String() != "DELETE 1" {
			t.Errorf("DELETE: %v %v", tag, err)
		}
		expectWrites(t, w.cgwWrites(t), "DeleteCustomerGateway CustomerGatewayId="+id)
	})
}
