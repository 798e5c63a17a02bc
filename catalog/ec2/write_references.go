package ec2

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Deleting a referenced object. EC2 refuses to delete a gateway a live VPN
// connection still uses (IncorrectState: "The customer gateway is in
// use."), after the statement may have deleted other rows. DELETE checks
// first, for every row, with one Describe of each referencing table per
// row, and reports a referenced row as PostgreSQL reports the deletion of
// a referenced row: 23503 foreign_key_violation naming the constraint,
// with the referencing objects in DETAIL. The foreign keys are NOT VALID
// (catalog.ForeignKey): rows of gone objects do not count.

// reference is a foreign key of another table that points at this one.
type reference struct {
	fk   catalog.ForeignKey
	from referencing
}

// referencing is the side of a resource table a reference needs.
type referencing interface {
	catalog.Table
	// liveReferences lists the keys and states of the live objects in tg
	// whose column col holds one of ids.
	liveReferences(ctx context.Context, tg target, col int, ids []string) ([]string, error)
}

func (t *resourceTable[S, R]) liveReferences(ctx context.Context, tg target, col int, ids []string) ([]string, error) {
	var filters []types.Filter
	if p := t.columns[col].pushdown; p != "" && p != t.describe.idParam {
		filters = []types.Filter{{Name: aws.String(p), Values: escapeFilterValues(ids)}}
	}
	objs, err := t.describe.list(ctx, tg, nil, filters)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, row := range t.rows(objs, tg) {
		if t.gone(row) || !containsString(toAny(ids), textOf(row[col])) {
			continue
		}
		out = append(out, fmt.Sprintf("%s (%s)", t.keyText(row), textOf(row[t.col("state")])))
	}
	return out, nil
}

// checkReferences fails the first row of a DELETE that a live object of
// another table references.
func (t *resourceTable[S, R]) checkReferences(ctx context.Context, rows [][]any, tgs []target) error {
	if len(t.refs) == 0 {
		return nil
	}
	for i, r := range rows {
		if t.gone(r) {
			continue
		}
		id := t.keyText(r)
		for _, ref := range t.refs {
			if ref.fk.Cascade {
				continue // its rows go with the object
			}
			col := ref.fk.Columns[0]
			users, err := ref.from.liveReferences(ctx, tgs[i], col, []string{id})
			if err != nil {
				return &catalog.RowError{Row: i, Key: id, Err: err}
			}
			if len(users) == 0 {
				continue
			}
			keyCol := ref.from.Columns()[col].Name
			e := pgerr.New(pgerr.ForeignKeyViolation, "update or delete on table %q violates foreign key constraint %q on table %q",
				t.name, ref.fk.Name, ref.from.Name()).
				WithDetail("Key (%q)=(%s) is still referenced from table %q: %s.", keyCol, id, ref.from.Name(), strings.Join(users, ", ")).
				WithHint("EC2 refuses to delete a %s that is in use. Delete what uses it first.", t.writes.noun)
			e.SchemaName, e.TableName, e.ConstraintName = t.schema, ref.from.Name(), ref.fk.Name
			return &catalog.RowError{Row: i, Key: id, Err: e}
		}
	}
	return nil
}
