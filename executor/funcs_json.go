package executor

import (
	"encoding/json"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
)

var _ = json.Number("")

// columnDefs reads a column definition list.
func columnDefs(defs []*pg_query.Node, rel, relID string) ([]expr.ScopeCol, error) {
	var cols []expr.ScopeCol
	for _, d := range defs {
		cd := d.GetColumnDef()
		if cd == nil {
			continue
		}
		t, err := resolveTypeName(cd.TypeName)
		if err != nil {
			return nil, err
		}
		mod, err := resolveTypmod(cd.TypeName, t)
		if err != nil {
			return nil, err
		}
		cols = append(cols, expr.ScopeCol{Name: cd.Colname, Rel: rel, RelID: relID, T: t, Typmod: mod})
	}
	return cols, nil
}
