package pgcatalog

import (
	"sync"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/value"
)

// The functions vpnsql defines: the tables' methods (catalog.Method, such
// as ec2.vpn_connection_route_create), listed in pg_proc as PostgreSQL 15
// lists the same CREATE FUNCTION ... RETURNS SETOF <table> LANGUAGE sql
// (owner vpnsql, volatile, one overload per arity when parameters are
// optional), with their comments in pg_description, so \df, pgJDBC's
// getFunctions/getProcedures and DBeaver show them.

const oidLanguageSQL = 14

// methodProcs builds the pg_proc rows of the served tables' methods.
func (m *model) methodProcs() []A {
	if m.cat == nil {
		return nil
	}
	// They depend only on the catalog, which does not change once built;
	// making them was a third of a pg_class scan's time.
	if cached, ok := procCache.Load(m.cat); ok {
		return cached.([]A)
	}
	var out []A
	for _, meth := range m.cat.Methods() {
		ns, ok := SchemaOIDs[meth.Schema]
		t := m.cat.Lookup(meth.Schema, meth.Table, nil)
		if !ok || t == nil {
			continue
		}
		rowType, _, _, _, _, _ := relOIDs(t.OID())
		required := 0
		for _, p := range meth.Params {
			if !p.Optional {
				required++
			}
		}
		for i, o := range meth.OIDs {
			params := meth.Params[:required+i]
			var types, names []any
			for _, p := range params {
				types = append(types, I(p.Type.OID))
				names = append(names, p.Name)
			}
			out = append(out, byName(procCols, R{
				"oid": I(o), "proname": meth.Name, "pronamespace": I(ns), "proowner": I(catalog.OIDRoleVpnsql),
				"prolang": I(oidLanguageSQL), "procost": F(100), "prorows": F(1000), "provariadic": I(0),
				"prosupport": I(0), "prokind": "f", "prosecdef": false, "proleakproof": false, "proisstrict": false,
				"proretset": true, "provolatile": "v", "proparallel": "u", "pronargs": I(len(params)),
				"pronargdefaults": I(0), "prorettype": I(rowType), "proargtypes": types, "proargnames": names,
				"prosrc": meth.Body(),
			}))
		}
	}
	out = append(out, m.viewFunctionProcs()...)
	procCache.Store(m.cat, out)
	return out
}

// CacheClearBody is vpnsql.cache_clear()'s pg_proc.prosrc: what it
// returns, the entries the cache held. vpnsql does not run it; it
// empties the cache itself (executor/funcs/catalog.go).
const CacheClearBody = "SELECT count(*) FROM vpnsql.cache -- vpnsql empties the read cache itself; see the function's comment"

// CacheClearDoc is vpnsql.cache_clear()'s comment (pg_description).
const CacheClearDoc = "Empties vpnsql's AWS read cache (vpnsql.cache) and returns how many entries it held."

// viewFunctionProcs are the pg_proc rows of the functions of vpnsql's
// views, listed while the catalog serves the view: vpnsql.cache_clear(),
// as PostgreSQL 15 lists CREATE FUNCTION vpnsql.cache_clear() RETURNS
// bigint LANGUAGE sql AS '<CacheClearBody>' owned by vpnsql.
func (m *model) viewFunctionProcs() []A {
	c, ok := m.cat.Lookup("vpnsql", "cache", nil).(catalog.Clearer)
	if !ok {
		return nil
	}
	return []A{byName(procCols, R{
		"oid": I(c.ClearFunctionOID()), "proname": "cache_clear", "pronamespace": I(catalog.OIDNamespaceVpnsql),
		"proowner": I(catalog.OIDRoleVpnsql), "prolang": I(oidLanguageSQL), "procost": F(100), "prorows": F(0),
		"provariadic": I(0), "prosupport": I(0), "prokind": "f", "prosecdef": false, "proleakproof": false,
		"proisstrict": false, "proretset": false, "provolatile": "v", "proparallel": "u", "pronargs": I(0),
		"pronargdefaults": I(0), "prorettype": I(value.Int8.OID), "proargtypes": A{}, "prosrc": CacheClearBody,
	})}
}

// procCache holds methodProcs' rows per catalog.
var procCache sync.Map // *catalog.Catalog -> []A

// procs are pg_proc's rows: PostgreSQL's, then vpnsql's.
func (m *model) procs() []A {
	return append(procRows[:len(procRows):len(procRows)], m.ownProcs...)
}

// proc finds a pg_proc row by OID.
func (m *model) proc(o uint32) (A, bool) {
	if p, ok := procByOID[o]; ok {
		return p, true
	}
	for _, p := range m.ownProcs {
		if oid(p[0]) == o {
			return p, true
		}
	}
	return nil, false
}

// methodDescriptions are the comments (pg_description) of the methods
// and of the views' functions.
func (m *model) methodDescriptions() []A {
	if m.cat == nil {
		return nil
	}
	var out []A
	if c, ok := m.cat.Lookup("vpnsql", "cache", nil).(catalog.Clearer); ok {
		out = append(out, A{I(c.ClearFunctionOID()), I(classPgProc), I(0), CacheClearDoc})
	}
	for _, meth := range m.cat.Methods() {
		for _, o := range meth.OIDs {
			if _, ok := m.proc(o); ok && meth.Doc != "" {
				out = append(out, A{I(o), I(classPgProc), I(0), meth.Doc})
			}
		}
	}
	return out
}
