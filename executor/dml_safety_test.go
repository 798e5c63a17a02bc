package executor

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/pgerr"
)

// writeStatements are one of each write, for the rules that apply to all:
// $1 is a connection id, $2 and $3 fresh gateways.
var writeStatements = []struct{ name, sql string }{
	{"INSERT", `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", tags) VALUES ($2, 'ipsec.1', $3, jsonb_build_object('next-to', $1::text))`},
	{"UPDATE", `UPDATE vpn_connections SET tags = tags || '{"k": "v"}' WHERE "vpnConnectionId" = $1`},
	{"DELETE", `DELETE FROM vpn_connections WHERE "vpnConnectionId" = $1`},
	{"ec2.vpn_connection_route_create", `SELECT * FROM ec2.vpn_connection_route_create($1, '10.99.0.0/16')`},
}

func TestWriteSafety_Refusals(t *testing.T) {
	rules := []struct {
		name   string
		setup  func(w *writeEnv)
		code   pgerr.Code
		msg    string // %s is the statement's verb
		detail string
		hint   string
	}{
		{name: "inside a transaction block", setup: func(w *writeEnv) { w.exec("BEGIN") },
			code: pgerr.ActiveSqlTransaction, msg: "cannot execute %s inside a transaction block",
			detail: "ROLLBACK could not undo it", hint: "vpnsql.writes_in_transaction = immediate"},
		{name: "--read-only", setup: func(w *writeEnv) { w.eng.ReadOnly = true },
			code: pgerr.ReadOnlySqlTransaction, msg: "cannot execute %s in a read-only transaction", detail: "--read-only"},
		{name: "default_transaction_read_only", setup: func(w *writeEnv) { w.exec("SET default_transaction_read_only = on") },
			code: pgerr.ReadOnlySqlTransaction, msg: "cannot execute %s in a read-only transaction"},
		{name: "BEGIN READ ONLY", setup: func(w *writeEnv) { w.exec("SET vpnsql.writes_in_transaction = immediate; BEGIN READ ONLY") },
			code: pgerr.ReadOnlySqlTransaction, msg: "cannot execute %s in a read-only transaction"},
		{name: "SET TRANSACTION READ ONLY", setup: func(w *writeEnv) {
			w.exec("SET vpnsql.writes_in_transaction = immediate; BEGIN; SET TRANSACTION READ ONLY")
		},
			code: pgerr.ReadOnlySqlTransaction, msg: "cannot execute %s in a read-only transaction"},
		{name: "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY (pgJDBC's setReadOnly)", setup: func(w *writeEnv) { w.exec("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY") },
			code: pgerr.ReadOnlySqlTransaction, msg: "cannot execute %s in a read-only transaction"},
		{name: "a role that may only read", setup: func(w *writeEnv) { w.eng.CanWrite = func(u string) bool { return u != "writer" } },
			code: pgerr.InsufficientPrivilege, msg: "permission denied for table vpn_connections", detail: `Role "writer" may only read.`},
	}
	for _, r := range rules {
		t.Run(r.name, func(t *testing.T) {
			w := newWriteEnv(t)
			id, _ := w.oneConnection(staticVGW)
			cgw, vgw := w.gateways("us-east-1", "198.51.100.70")
			r.setup(w)
			for _, st := range writeStatements {
				w.reset()
				pe := w.fail(st.sql, id, cgw, vgw)
				msg := r.msg
				if strings.Contains(msg, "%s") {
					msg = strings.Replace(msg, "%s", st.name, 1)
				}
				if pe.Code != r.code || !strings.HasPrefix(pe.Message, msg) || !strings.Contains(pe.Detail, r.detail) || !strings.Contains(pe.Hint, r.hint) {
					t.Errorf("%s: %s %q / %q / %q; want %s %q", st.name, pe.Code, pe.Message, pe.Detail, pe.Hint, r.code, msg)
				}
				if calls := w.calls(); len(calls) > 0 && st.name != "UPDATE" && st.name != "DELETE" {
					t.Errorf("%s: API calls before the refusal: %v", st.name, calls)
				}
				if len(w.writes()) > 0 {
					t.Errorf("%s: writes made: %v", st.name, w.writes())
				}
			}
		})
	}
}

// TestWriteSafety_Immediate: with writes_in_transaction = immediate a write
// in a transaction block happens at once, with a WARNING, and ROLLBACK
// leaves it done.
func TestWriteSafety_Immediate(t *testing.T) {
	w := newWriteEnv(t)
	id, _ := w.oneConnection(staticVGW)
	w.exec("SET vpnsql.writes_in_transaction = immediate")
	w.exec("BEGIN")
	w.s.Notices()
	w.exec(`UPDATE vpn_connections SET tags = tags || '{"during": "tx"}' WHERE "vpnConnectionId" = $1`, id)
	n := w.s.Notices()
	if len(n) != 1 || n[0].Severity != pgerr.SeverityWarning || !strings.Contains(n[0].Message, "UPDATE inside a transaction block changes AWS resources immediately") ||
		!strings.Contains(n[0].Detail, "ROLLBACK will not undo them") {
		t.Errorf("notices %+v", n)
	}
	w.exec("ROLLBACK")
	v := w.describe("us-east-1", id)
	found := false
	for _, tg := range v.Tags {
		found = found || *tg.Key == "during"
	}
	if !found {
		t.Error("the tag is gone after ROLLBACK; the write should have been made at once")
	}
}

func TestWriteSafety_Unqualified(t *testing.T) {
	w := newWriteEnv(t)
	for _, sql := range []string{`UPDATE vpn_connections SET tags = tags`, `DELETE FROM vpn_connections`} {
		w.reset()
		pe := w.fail(sql)
		verb := strings.Fields(sql)[0]
		if pe.Code != pgerr.CardinalityViolation || pe.Message != verb+" requires a WHERE clause" || !strings.Contains(pe.Hint, "vpnsql.allow_unqualified_writes = on") {
			t.Errorf("%s: %s %q hint %q", sql, pe.Code, pe.Message, pe.Hint)
		}
		if calls := w.calls(); len(calls) > 0 {
			t.Errorf("%s: calls before the refusal: %v", sql, calls)
		}
	}
	// WHERE true is a WHERE clause, as with pg-safeupdate.
	w.exec(`SET vpnsql.dry_run = on`)
	w.exec(`SET vpnsql.allow_unqualified_writes = on`)
	w.reset()
	n := len(w.exec(`SELECT 1 FROM vpn_connections`))
	w.reset()
	if tag := w.tag(`DELETE FROM vpn_connections`); tag != "DELETE 0" {
		t.Errorf("dry-run DELETE tag %q", tag)
	}
	writes := w.writes()
	if len(writes) != n {
		t.Fatalf("%d calls for %d connections: %v", len(writes), n, writes)
	}
	for _, c := range writes {
		if !strings.HasPrefix(c, "DeleteVpnConnection DryRun=true VpnConnectionId=vpn-") {
			t.Errorf("call %q is not a dry run", c)
		}
	}
}

// TestWriteSafety_IAMRefusal: an access key without the permission gets
// 42501 from UnauthorizedOperation.
func TestWriteSafety_IAMRefusal(t *testing.T) {
	w := newWriteEnv(t, func(o *writeEnvOptions) {
		o.sim.Allow = map[string][]string{"AKIDWRITES": {"Describe*"}}
	})
	cgw, vgw := w.gateways("us-east-1", "198.51.100.71")
	pe := w.fail(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2)`, cgw, vgw)
	if pe.Code != pgerr.InsufficientPrivilege || !strings.Contains(pe.Message, "not authorized") || !strings.Contains(pe.Detail, "AWS error code: UnauthorizedOperation") {
		t.Errorf("%s %q / %q", pe.Code, pe.Message, pe.Detail)
	}
}

func TestDryRun(t *testing.T) {
	w := newWriteEnv(t)
	cgw, vgw := w.gateways("us-east-1", "198.51.100.72")
	static := w.conn(staticVGW)
	w.exec(`SET vpnsql.dry_run = on`)
	w.s.Notices()

	t.Run("INSERT that would succeed", func(t *testing.T) {
		w.reset()
		if tag := w.tag(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2) RETURNING *`, cgw, vgw); tag != "INSERT 0 0" {
			t.Errorf("tag %q", tag)
		}
		expectCalls(t, w.writes(), "CreateVpnConnection CustomerGatewayId="+cgw+" DryRun=true Type=ipsec.1 VpnGatewayId="+vgw)
		notices := noticeText(w.s.Notices())
		if !strings.Contains(notices, "NOTICE dry run: row 1: CreateVpnConnection would succeed") || !strings.Contains(notices, "nothing was changed") {
			t.Errorf("notices: %s", notices)
		}
		if n := w.exec(`SELECT count(*) FROM vpn_connections WHERE "customerGatewayId" = $1`, cgw)[0][0]; n != "0" {
			t.Errorf("a dry run created %s connections", n)
		}
	})
	t.Run("INSERT rows that would fail", func(t *testing.T) {
		w.reset()
		// A dry run checks permissions and parameters, not that the
		// gateways exist (EC2 answers DryRunOperation before that).
		// Two pairs: one pair twice would be 23505 before any call.
		_, vgw2 := w.gateways("us-east-1", "198.51.100.79")
		w.reset()
		pe := w.fail(`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2), ($1, 'ipsec.2', $3)`, cgw, vgw, vgw2)
		if pe.Code != pgerr.InvalidParameterValue || pe.Message != "dry run: 1 of 2 call(s) would fail" ||
			!strings.HasPrefix(pe.Detail, "row 2: CreateVpnConnection: ") || !strings.Contains(pe.Detail, "AWS error code: InvalidParameterValue") ||
			!strings.Contains(pe.Hint, "Nothing was changed") {
			t.Errorf("%s %q / %q / %q", pe.Code, pe.Message, pe.Detail, pe.Hint)
		}
		if n := len(w.writes()); n != 2 {
			t.Errorf("%d calls, want both rows checked", n)
		}
		notices := noticeText(w.s.Notices())
		if !strings.Contains(notices, "NOTICE dry run: row 1: CreateVpnConnection would succeed") ||
			!strings.Contains(notices, "WARNING dry run: row 2: CreateVpnConnection would fail") {
			t.Errorf("notices: %s", notices)
		}
	})
	t.Run("UPDATE: each call checked, routes cannot be", func(t *testing.T) {
		w.reset()
		if tag := w.tag(`UPDATE vpn_connections SET tags = tags || '{"k": "v"}', routes = routes || '["10.98.0.0/16"]' WHERE "vpnConnectionId" = $1`, static.id); tag != "UPDATE 0" {
			t.Errorf("tag %q", tag)
		}
		expectCalls(t, w.writes(), "CreateTags DryRun=true ResourceId.1="+static.id+" Tag.1.Key=k Tag.1.Value=v")
		notices := noticeText(w.s.Notices())
		if !strings.Contains(notices, static.id+": CreateTags would succeed") ||
			!strings.Contains(notices, static.id+": CreateVpnConnectionRoute has no DryRun parameter: not sent, not checked") {
			t.Errorf("notices: %s", notices)
		}
	})
	t.Run("DELETE", func(t *testing.T) {
		w.reset()
		if tag := w.tag(`DELETE FROM vpn_connections WHERE "vpnConnectionId" = $1`, static.id); tag != "DELETE 0" {
			t.Errorf("tag %q", tag)
		}
		expectCalls(t, w.writes(), "DeleteVpnConnection DryRun=true VpnConnectionId="+static.id)
		if v := w.describe("us-east-1", static.id); v.State != "available" {
			t.Errorf("state %s after a dry-run DELETE", v.State)
		}
	})
	t.Run("a bad value is refused by SET", func(t *testing.T) {
		pe := w.fail(`SET vpnsql.dry_run = maybe`)
		if pe.Code != pgerr.InvalidParameterValue || pe.Message != `parameter "vpnsql.dry_run" requires a Boolean value` {
			t.Errorf("%s %q", pe.Code, pe.Message)
		}
	})
}

func noticeText(ns []Notice) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString(n.Severity + " " + n.Message + "\n")
	}
	return b.String()
}

var _ = ec2sim.FaultError
