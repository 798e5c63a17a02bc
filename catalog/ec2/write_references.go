package ec2

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

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
		if t.gone(row) || !slices.Contains(ids, textOf(row[col])) {
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
			e := t.referenced(ref, id).
				WithDetail("Key (%s)=(%s) is still referenced from table %q: %s.", ref.keyColumn(), id, ref.from.Name(), strings.Join(users, ", ")).
				WithHint("EC2 refuses to delete a %s that is in use. Delete what uses it first.", t.writes.noun)
			return &catalog.RowError{Row: i, Key: id, Err: e}
		}
	}
	return nil
}

// referenced is the 23503 of deleting a row ref references, worded as
// PostgreSQL words it.
func (t *resourceTable[S, R]) referenced(ref reference, id string) *pgerr.Error {
	e := pgerr.New(pgerr.ForeignKeyViolation, "update or delete on table %q violates foreign key constraint %q on table %q",
		t.name, ref.fk.Name, ref.from.Name())
	e.SchemaName, e.TableName, e.ConstraintName = t.schema, ref.from.Name(), ref.fk.Name
	return e
}

// keyColumn is the referencing column, quoted as PostgreSQL prints it.
func (r reference) keyColumn() string {
	return quoteIdent(r.from.Columns()[r.fk.Columns[0]].Name)
}

// refusedInUse turns EC2's refusal to delete an object in use (the
// mapping's inUse code) into the 23503 of the check before the calls,
// with EC2's answer in DETAIL. It comes after the check passed: EC2
// counted a user the check does not (a connection still deleting), or one
// appeared since.
func (t *resourceTable[S, R]) refusedInUse(id string, err error) error {
	var refs []reference
	for _, r := range t.refs {
		if !r.fk.Cascade {
			refs = append(refs, r)
		}
	}
	var ae smithy.APIError
	if t.writes == nil || t.writes.inUse == "" || len(refs) == 0 || !errors.As(err, &ae) || ae.ErrorCode() != t.writes.inUse {
		return err
	}
	refusal := pgerr.From(err)
	hint := fmt.Sprintf("EC2 refuses to delete a %s that is in use, also by one that is still being deleted. Delete what uses it first, and wait until it is deleted.", t.writes.noun)
	if len(refs) > 1 {
		// Which table's row uses it, EC2 does not say.
		e := pgerr.Wrap(pgerr.ForeignKeyViolation, err)
		e.Message = fmt.Sprintf("update or delete on table %q violates a foreign key constraint: EC2 answered that %s is in use", t.name, id)
		return e.WithDetail("%s", refusal.Detail).WithHint("%s", hint)
	}
	ref := refs[0]
	return t.referenced(ref, id).
		WithDetail("Key (%s)=(%s) is still referenced from table %q, EC2 answered. %s", ref.keyColumn(), id, ref.from.Name(), refusal.Detail).
		WithHint("%s", hint)
}
