package executor

import (
	"context"
	"strconv"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// The reg* types are OIDs that print as names. Their conversions need the
// catalog and the session's search path, so casts to and from text run
// through the session rather than folding at bind time.

// Snapshot is the catalog as the session sees it (its user and search
// path), taken once per statement: catalog functions and reg* conversions
// consult it for every row.
func (s *Session) Snapshot() *pgcatalog.Snapshot {
	if s.snap == nil {
		s.snap = pgcatalog.NewSnapshot(catalog.WithSession(context.Background(), s.CatalogSession()), s.engine.Catalog)
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
	snap := s.Snapshot()
	in := map[*value.Type]func(string) (uint32, error){
		value.Regclass: snap.RegclassIn, value.Regtype: snap.RegtypeIn, value.Regproc: snap.RegprocIn,
		value.Regprocedure: snap.RegprocedureIn, value.Regnamespace: snap.RegnamespaceIn, value.Regrole: snap.RegroleIn,
	}[value.TypeByOID(typeOID)]
	if in != nil {
		o, err := in(text)
		return int64(o), err
	}
	return 0, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type oid: %q", text)
}

// RegOut is the text form of an OID as type typeOID prints it: a name,
// schema-qualified when not visible, or the number when nothing has it.
func (s *Session) RegOut(typeOID uint32, oid int64) string {
	if oid == 0 && value.IsRegType(value.TypeByOID(typeOID)) {
		return "-" // InvalidOid, as every reg* output function prints it
	}
	snap := s.Snapshot()
	out := map[*value.Type]func(uint32) string{
		value.Regclass: snap.RegclassOut, value.Regtype: snap.RegtypeOut, value.Regproc: snap.RegprocOut,
		value.Regprocedure: snap.RegprocedureOut, value.Regnamespace: snap.RegnamespaceOut, value.Regrole: snap.RegroleOut,
		value.Regoper: snap.RegoperOut, value.Regoperator: snap.RegoperatorOut,
	}[value.TypeByOID(typeOID)]
	if out != nil {
		return out(uint32(oid))
	}
	return strconv.FormatInt(oid, 10)
}
