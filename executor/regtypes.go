package executor

import (
	"strconv"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
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
	c, path := s.engine.Catalog, s.lookupPath()
	switch catalog.TypeByOID(typeOID) {
	case catalog.Regclass:
		return regclassIn(c, path, text)
	case catalog.Regtype:
		return regtypeIn(c, path, text)
	case catalog.Regproc:
		return regprocIn(c, path, text)
	case catalog.Regprocedure:
		return regprocedureIn(c, path, text)
	case catalog.Regnamespace:
		return regnamespaceIn(c, path, text)
	case catalog.Regrole:
		return regroleIn(c, s.info.User, text)
	}
	return 0, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type oid: %q", text)
}

// RegOut is the text form of an OID as type typeOID prints it: a name,
// schema-qualified when not visible, or the number when nothing has it.
func (s *Session) RegOut(typeOID uint32, oid int64) string {
	if oid == 0 && isRegType(catalog.TypeByOID(typeOID)) {
		return "-" // InvalidOid, as every reg* output function prints it
	}
	c, path := s.engine.Catalog, s.lookupPath()
	switch catalog.TypeByOID(typeOID) {
	case catalog.Regclass:
		return regclassOut(c, path, oid)
	case catalog.Regtype:
		return regtypeOut(c, path, oid)
	case catalog.Regproc:
		return regprocOut(c, path, oid)
	case catalog.Regprocedure:
		return regprocedureOut(c, path, oid)
	case catalog.Regnamespace:
		return regnamespaceOut(c, path, oid)
	case catalog.Regrole:
		return regroleOut(c, s.info.User, oid)
	case catalog.Regoper:
		return snapshotFor(c, "", path).RegoperOut(uint32(oid))
	case catalog.Regoperator:
		return snapshotFor(c, "", path).RegoperatorOut(uint32(oid))
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
