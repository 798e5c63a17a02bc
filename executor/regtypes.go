package executor

import (
	"context"
	"strconv"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// The reg* types are OIDs that print as names. Their conversions need the
// catalog and the session's search path, so casts to and from text run
// through the session rather than folding at bind time.

func isRegType(t *catalog.Type) bool {
	switch t {
	case catalog.Regclass, catalog.Regtype, catalog.Regproc, catalog.Regprocedure, catalog.Regnamespace, catalog.Regrole:
		return true
	}
	return false
}

// snapshot is the catalog as the session sees it (its user and search
// path), taken once per statement: catalog functions and reg* conversions
// consult it for every row.
func (s *Session) snapshot() *pgcatalog.Snapshot {
	if s.snap == nil {
		s.snap = pgcatalog.NewSnapshot(catalog.WithSession(context.Background(), s.catalogSession()), s.engine.Catalog)
	}
	return s.snap
}

// RegIn resolves a name (or a number) to an OID as type typeOID's input
// function does, with PostgreSQL's errors. The server uses it to decode
// reg* parameters.
func (s *Session) RegIn(typeOID uint32, text string) (int64, error) {
	text = strings.TrimSpace(text)
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, nil
	}
	if text == "-" {
		return 0, nil // InvalidOid
	}
	snap := s.snapshot()
	in := map[*catalog.Type]func(string) (uint32, error){
		catalog.Regclass: snap.RegclassIn, catalog.Regtype: snap.RegtypeIn, catalog.Regproc: snap.RegprocIn,
		catalog.Regprocedure: snap.RegprocedureIn, catalog.Regnamespace: snap.RegnamespaceIn, catalog.Regrole: snap.RegroleIn,
	}[catalog.TypeByOID(typeOID)]
	if in != nil {
		o, err := in(text)
		return int64(o), err
	}
	return 0, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type oid: %q", text)
}

// RegOut is the text form of an OID as type typeOID prints it: a name,
// schema-qualified when not visible, or the number when nothing has it.
func (s *Session) RegOut(typeOID uint32, oid int64) string {
	if oid == 0 && isRegType(catalog.TypeByOID(typeOID)) {
		return "-" // InvalidOid, as every reg* output function prints it
	}
	snap := s.snapshot()
	out := map[*catalog.Type]func(uint32) string{
		catalog.Regclass: snap.RegclassOut, catalog.Regtype: snap.RegtypeOut, catalog.Regproc: snap.RegprocOut,
		catalog.Regprocedure: snap.RegprocedureOut, catalog.Regnamespace: snap.RegnamespaceOut, catalog.Regrole: snap.RegroleOut,
		catalog.Regoper: snap.RegoperOut, catalog.Regoperator: snap.RegoperatorOut,
	}[catalog.TypeByOID(typeOID)]
	if out != nil {
		return out(uint32(oid))
	}
	return strconv.FormatInt(oid, 10)
}

// regCast converts between text and a reg* type at execution time.
func regCast(x expr, from, to *catalog.Type) expr {
	if isRegType(to) && !isRegType(from) && !from.IsNumeric() {
		return &funcExpr{name: to.Name, args: []expr{x}, t: to, strict: true, fn: func(e *env, a []any) (any, error) {
			return e.s.RegIn(to.OID, formatTyped(a[0], from))
		}}
	}
	if isRegType(from) && to.IsString() {
		return &funcExpr{name: to.Name, args: []expr{x}, t: to, strict: true, fn: func(e *env, a []any) (any, error) {
			return e.s.RegOut(from.OID, a[0].(int64)), nil
		}}
	}
	// regtype[]::text[] (pgcli's proargtypes::regtype[]::text[]): each
	// element by name.
	if fe, te := elemType(from), elemType(to); fe != nil && te != nil && isRegType(fe) && te.IsString() {
		return &funcExpr{name: to.Name, args: []expr{x}, t: to, strict: true, fn: func(e *env, a []any) (any, error) {
			arr, _ := a[0].([]any)
			out := make([]any, len(arr))
			for i, v := range arr {
				if o, ok := v.(int64); ok {
					out[i] = e.s.RegOut(fe.OID, o)
				}
			}
			return out, nil
		}}
	}
	return nil
}

// elemType is the element type of an array, or of int2vector/oidvector,
// which behave as arrays of int2/oid.
func elemType(t *catalog.Type) *catalog.Type {
	switch t {
	case catalog.Int2Vector:
		return catalog.Int2
	case catalog.OIDVector:
		return catalog.OIDType
	}
	return t.Elem
}

// lowerBound is the first subscript: 0 for int2vector and oidvector, as in
// PostgreSQL, 1 for arrays.
func lowerBound(t *catalog.Type) int64 {
	if t == catalog.Int2Vector || t == catalog.OIDVector {
		return 0
	}
	return 1
}
