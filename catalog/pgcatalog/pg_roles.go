package pgcatalog

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/value"
)

// The database, roles, settings and sessions.

func pgRolesFills(t fillTable) {
	t.add("pg_catalog.pg_database", func(m *model, out *rows) {
		out.add(R{"oid": I(catalog.OIDDatabase), "datname": catalog.Database, "datdba": I(catalog.OIDRoleVpnsql),
			"encoding": I(encodingUTF8), "datlocprovider": "c", "datistemplate": false, "datallowconn": true,
			"datconnlimit": I(-1), "datfrozenxid": I(frozenXID), "datminmxid": I(1), "dattablespace": I(oidDefaultSpace),
			"datcollate": "C.UTF-8", "datctype": "C.UTF-8"})
	})
	t.add("pg_catalog.pg_authid", func(m *model, out *rows) {
		for _, r := range m.roles {
			out.add(R{"oid": I(r.oid), "rolname": r.name, "rolsuper": false, "rolinherit": true,
				"rolcreaterole": false, "rolcreatedb": false, "rolcanlogin": r.canLogin, "rolreplication": false,
				"rolbypassrls": m.bypassRLS(r.oid), "rolconnlimit": I(-1)})
		}
	})
	t.add("pg_catalog.pg_roles", func(m *model, out *rows) {
		for _, r := range m.roles {
			out.add(R{"rolname": r.name, "rolsuper": false, "rolinherit": true, "rolcreaterole": false,
				"rolcreatedb": false, "rolcanlogin": r.canLogin, "rolreplication": false, "rolconnlimit": I(-1),
				"rolpassword": "********", "rolbypassrls": m.bypassRLS(r.oid), "oid": I(r.oid)})
		}
	})
	t.add("pg_catalog.pg_user", func(m *model, out *rows) {
		for _, r := range m.roles {
			if r.canLogin {
				out.add(R{"usename": r.name, "usesysid": I(r.oid), "usecreatedb": false, "usesuper": false,
					"userepl": false, "usebypassrls": m.bypassRLS(r.oid), "passwd": "********"})
			}
		}
	})
	t.add("pg_catalog.pg_group", func(m *model, out *rows) {
		for _, r := range m.roles {
			if r.canLogin {
				continue
			}
			members := []any{}
			for _, am := range staticRows["pg_catalog.pg_auth_members"] {
				if oid(am[0]) == r.oid { // roleid
					members = append(members, am[1])
				}
			}
			out.add(R{"groname": r.name, "grosysid": I(r.oid), "grolist": members})
		}
	})
	t.add("pg_catalog.pg_shdepend", func(m *model, out *rows) {
		// The owner of every object a role other than postgres owns.
		owned := func(db, class, obj uint32) {
			out.add(R{"dbid": I(db), "classid": I(class), "objid": I(obj), "objsubid": I(0),
				"refclassid": I(classPgAuthid), "refobjid": I(catalog.OIDRoleVpnsql), "deptype": "o"})
		}
		owned(0, classPgDatabase, catalog.OIDDatabase)
		for _, n := range m.nss {
			if n.owner == catalog.OIDRoleVpnsql {
				owned(catalog.OIDDatabase, classPgNamespace, n.oid)
			}
		}
		for _, r := range m.resourceRels() {
			if r.kind == 'r' || r.kind == 'v' {
				owned(catalog.OIDDatabase, classPgClass, r.oid)
			}
		}
		for _, p := range m.ownProcs {
			owned(catalog.OIDDatabase, classPgProc, oid(p[0]))
		}
		// The configured users' grants (deptype a) and policies (r),
		// as GRANT and CREATE POLICY record them.
		dep := func(class, obj, role uint32, deptype string) {
			out.add(R{"dbid": I(catalog.OIDDatabase), "classid": I(class), "objid": I(obj), "objsubid": I(0),
				"refclassid": I(classPgAuthid), "refobjid": I(role), "deptype": deptype})
		}
		for _, r := range m.resourceRels() {
			if m.rowSecurity(r) && m.userACL != nil {
				for _, u := range m.users {
					dep(classPgClass, r.oid, u.oid, "a")
				}
			}
		}
		for _, p := range m.policies() {
			dep(classPgPolicy, p.oid, p.user.oid, "r")
		}
	})
	t.add("pg_catalog.pg_settings", settingsRows)
	t.add("pg_catalog.pg_db_role_setting", func(m *model, out *rows) {
		// vpnsql's default search path, as ALTER DATABASE aws SET would
		// record it (psql's \drds shows it).
		out.add(R{"setdatabase": I(catalog.OIDDatabase), "setrole": I(0), "setconfig": []any{"search_path=ec2, public"}})
	})
	t.add("pg_catalog.pg_timezone_names", func(m *model, out *rows) {
		now := time.Now()
		for _, n := range timezoneNames {
			loc, err := time.LoadLocation(n.(string))
			if err != nil {
				continue // not in this machine's time zone database
			}
			t := now.In(loc)
			abbrev, offset := t.Zone()
			out.add(R{"name": n, "abbrev": abbrev, "utc_offset": Iv(0, 0, int64(offset)*1e6), "is_dst": t.IsDST()})
		}
	})
	t.add("pg_catalog.pg_stat_activity", func(m *model, out *rows) {
		if !m.hasSess {
			return
		}
		if m.sess.Activity == nil {
			now := time.Now().UTC()
			out.add(R{"datid": I(catalog.OIDDatabase), "datname": catalog.Database, "pid": I(m.sess.PID),
				"usesysid": I(m.user.oid), "usename": m.user.name, "application_name": m.sess.ApplicationName,
				"xact_start": now, "query_start": now, "state_change": now, "state": "active", "query": "",
				"backend_type": "client backend"})
			return
		}
		opt := func(t time.Time) any {
			if t.IsZero() {
				return nil
			}
			return t.UTC()
		}
		for _, a := range m.sess.Activity() {
			if !m.hasRole(m.user.oid, m.userOID(a.User)) {
				// Another user's session: PostgreSQL shows who and where, not what.
				out.add(R{"datid": I(catalog.OIDDatabase), "datname": catalog.Database, "pid": I(a.PID),
					"usesysid": I(m.userOID(a.User)), "usename": a.User, "application_name": a.ApplicationName,
					"query": "<insufficient privilege>"})
				continue
			}
			r := R{"datid": I(catalog.OIDDatabase), "datname": catalog.Database, "pid": I(a.PID),
				"usesysid": I(m.userOID(a.User)), "usename": a.User, "application_name": a.ApplicationName,
				"backend_start": opt(a.BackendStart), "xact_start": opt(a.XactStart), "query_start": opt(a.QueryStart),
				"state_change": opt(a.StateChange), "state": a.State, "query": a.Query, "backend_type": "client backend"}
			if a.ClientAddr != "" {
				r["client_addr"], r["client_port"] = a.ClientAddr, I(int64(a.ClientPort))
			}
			if a.WaitEvent != "" {
				r["wait_event_type"], r["wait_event"] = a.WaitEventType, a.WaitEvent
			}
			out.add(r)
		}
	})
	// pg_stat_ssl and pg_stat_gssapi: the sessions pg_stat_activity shows
	// in full (the views keep those whose client_port the user may see).
	// vpnsql asks for no client certificates, so pg_stat_ssl's client and
	// issuer columns are null, and speaks no GSSAPI.
	t.add("pg_catalog.pg_stat_ssl", func(m *model, out *rows) {
		for _, a := range m.visibleSessions() {
			r := R{"pid": I(a.PID), "ssl": a.SSL}
			if a.SSL {
				r["version"], r["cipher"], r["bits"] = a.SSLVersion, a.SSLCipher, I(int64(a.SSLBits))
			}
			out.add(r)
		}
	})
	t.add("pg_catalog.pg_stat_gssapi", func(m *model, out *rows) {
		for _, a := range m.visibleSessions() {
			out.add(R{"pid": I(a.PID), "gss_authenticated": false, "encrypted": false})
		}
	})
}

// visibleSessions are the live sessions the user may see in full: its
// own roles' sessions.
func (m *model) visibleSessions() []catalog.Activity {
	if !m.hasSess || m.sess.Activity == nil {
		return nil
	}
	var out []catalog.Activity
	for _, a := range m.sess.Activity() {
		if m.hasRole(m.user.oid, m.userOID(a.User)) {
			out = append(out, a)
		}
	}
	return out
}

// settingsRows are PostgreSQL 15's pg_settings rows for the settings
// vpnsql knows, with the session's values, plus the session's custom
// (dotted) settings.
func settingsRows(m *model, out *rows) {
	var current map[string]string
	if m.hasSess && m.sess.Settings != nil {
		current = map[string]string{}
		for k, v := range m.sess.Settings() {
			current[strings.ToLower(k)] = v
		}
	}
	cols := out.t.idx
	seen := map[string]bool{}
	for _, g := range settingRows {
		r := append(A(nil), g...)
		name := strings.ToLower(r[cols["name"]].(string))
		seen[name] = true
		r[cols["sourcefile"]], r[cols["sourceline"]] = nil, nil
		r[cols["source"]] = "default"
		if v, ok := current[name]; ok {
			if ms, ok := value.ShownMilliseconds(v); ok && r[cols["unit"]] == "ms" {
				v = strconv.FormatInt(ms, 10) // SHOW's form: pg_settings gives the base unit
			}
			r[cols["setting"]], r[cols["reset_val"]] = v, v
			if v != r[cols["boot_val"]] {
				r[cols["source"]] = "session"
			}
		}
		out.addRow(r)
	}
	var custom []string
	for name := range current {
		if strings.Contains(name, ".") && !seen[name] {
			custom = append(custom, name)
		}
	}
	sort.Strings(custom)
	for _, name := range custom {
		out.add(R{"name": name, "setting": current[name], "category": "Customized Options",
			"short_desc": "vpnsql setting (see docs/sql.md).", "context": "user", "vartype": "string",
			"source": "session", "reset_val": current[name], "pending_restart": false})
	}
}
