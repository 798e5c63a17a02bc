package ec2

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Unique keys. Many EC2 create calls are idempotent in a way SQL is not:
// for an object that already exists with the same identity they return
// that object instead of creating one (CreateVpnConnection for a gateway
// pair, CreateCustomerGateway for the same address and ASN). An INSERT
// must not report that as a new row, so such a resource declares the
// identity as a unique index, shown in the catalogs, which INSERT
// enforces:
//
//   - before any call, one Describe per account and region (filtered on
//     a key column) finds the existing objects with the statement's keys;
//     a row whose key is taken, or repeats an earlier row's key, is 23505,
//     or skipped by ON CONFLICT DO NOTHING;
//   - after each create call, the object returned is checked again: if it
//     is not new (created by someone else since the check, a race), the
//     row is 23505 too, and nothing was created for it;
//   - a create whose outcome is unknown (40003) names the objects that now
//     hold the row's key: if the call was carried out, one of them is new.

// uniqueKey is a unique index a resource declares besides its primary key.
type uniqueKey struct {
	// index is the index as the catalogs show it; its Columns and OID are
	// filled in by the list of resources, from columns.
	index   catalog.UniqueIndex
	columns []string
	// where is the index's predicate on a row; nil for a total index. The
	// new row of an INSERT is seen in the resource's createdState.
	where func(row []any) bool
	// nowHolding and noneHolding word the DETAIL of a create whose outcome
	// is unknown: "Connections now using this customer gateway and
	// gateway", "No pending or available connection uses ...".
	nowHolding, noneHolding string
}

func (u *uniqueKey) covers(row []any) bool { return u.where == nil || u.where(row) }

// keyOf is a row's key in u, with where it lives; ok is false when the
// key cannot conflict (a NULL in an index whose NULLs are distinct).
func (t *resourceTable[S, R]) keyOf(u *uniqueKey, row []any) (string, bool) {
	parts := []string{textOf(row[t.pushCol(pushAccount)]), textOf(row[t.pushCol(pushRegion)])}
	for _, c := range u.columns {
		v := row[t.col(c)]
		if v == nil && !u.index.NullsNotDistinct {
			return "", false
		}
		parts = append(parts, keyValue(v))
	}
	return strings.Join(parts, "\x00"), true
}

func keyValue(v any) string {
	if v == nil {
		return "\x01null"
	}
	return value.FormatText(v)
}

// keyText is the DETAIL's key, as PostgreSQL prints a unique violation.
func (t *resourceTable[S, R]) uniqueKeyText(u *uniqueKey, row []any) string {
	cols, vals := make([]string, len(u.columns)), make([]string, len(u.columns))
	for i, c := range u.columns {
		cols[i] = quoteIdent(c)
		vals[i] = "null"
		if v := row[t.col(c)]; v != nil {
			vals[i] = value.FormatText(v)
		}
	}
	return fmt.Sprintf("Key (%s)=(%s)", strings.Join(cols, ", "), strings.Join(vals, ", "))
}

// quoteIdent quotes a column name as PostgreSQL's quote_ident does, for the
// names resource columns have: camelCase names are quoted, plain lower-case
// ones (type, state) are unreserved keywords or none and stay bare.
// (pgcatalog.QuoteIdent knows every keyword; catalog/ec2 cannot import
// it. TestQuoteIdent checks every resource column against it.)
func quoteIdent(s string) string {
	for i, c := range s {
		if !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
	}
	return s
}

// existing reads, with one Describe per account and region, the objects
// that hold the keys of rows in u, keyed by key.
func (t *resourceTable[S, R]) existing(ctx context.Context, u *uniqueKey, rows [][]any, tgs []target) (map[string][]any, error) {
	byTarget := map[string][]int{}
	var order []string
	for i, tg := range tgs {
		k := tg.accountID + "|" + tg.region
		if _, ok := byTarget[k]; !ok {
			order = append(order, k)
		}
		byTarget[k] = append(byTarget[k], i)
	}
	out := map[string][]any{}
	for _, k := range order {
		idx := byTarget[k]
		tg := tgs[idx[0]]
		var ids []string
		var filters []types.Filter
		// Filter on the first key column the API can filter on and every
		// row gives.
		for _, c := range u.columns {
			col := t.columns[t.col(c)]
			if col.pushdown == "" || col.pushdown == pushRegion || col.pushdown == pushAccount {
				continue
			}
			var vals []string
			for _, i := range idx {
				s, ok := rows[i][t.col(c)].(string)
				if !ok {
					vals = nil
					break
				}
				if !slices.Contains(vals, s) {
					vals = append(vals, s)
				}
			}
			if vals == nil {
				continue
			}
			if col.pushdown == t.describe.idParam {
				ids = vals
			} else {
				filters = []types.Filter{{Name: aws.String(col.pushdown), Values: escapeFilterValues(vals)}}
			}
			break
		}
		objs, err := t.describe.list(ctx, tg, ids, filters)
		if err != nil {
			return nil, err
		}
		for _, row := range t.rows(objs, tg) {
			if t.gone(row) || !u.covers(row) {
				continue
			}
			if key, ok := t.keyOf(u, row); ok {
				out[key] = row
			}
		}
	}
	return out, nil
}

// checkUnique enforces the unique keys on the rows of an INSERT before any
// call: a row whose key is taken is an error, or with ON CONFLICT DO
// NOTHING skipped with a notice. It returns the ids of the existing
// objects it saw, for the check after each create.
func (t *writableTable[S, R]) checkUnique(ctx context.Context, plans []insertPlan, opt catalog.WriteOptions, res *catalog.WriteResult) (map[string]bool, error) {
	known := map[string]bool{}
	for ui := range t.uniques {
		u := &t.uniques[ui]
		var rows [][]any
		var tgs []target
		var which []int
		for i, p := range plans {
			if p.skip || !u.covers(p.row) {
				continue
			}
			if _, ok := t.keyOf(u, p.row); !ok {
				continue
			}
			rows, tgs, which = append(rows, p.row), append(tgs, p.tg), append(which, i)
		}
		if len(rows) == 0 {
			continue
		}
		live, err := t.existing(ctx, u, rows, tgs)
		if err != nil {
			return nil, err // before any call: no row to name
		}
		for _, row := range live {
			known[t.keyText(row)] = true
		}
		first := map[string]int{}
		for _, i := range which {
			key, _ := t.keyOf(u, plans[i].row)
			var holder string
			if row, ok := live[key]; ok {
				holder = t.describeHolder(row)
			} else if j, ok := first[key]; ok {
				holder = fmt.Sprintf("Row %d of this INSERT has the same key.", j+1)
			} else {
				first[key] = i
				continue
			}
			if !slices.Contains(opt.SkipConflicts, u.index.Name) {
				return nil, &catalog.RowError{Row: i, Err: t.duplicate(u, plans[i].row, holder)}
			}
			plans[i].skip = true
			res.Notices = append(res.Notices, conflictNote(i, t.uniqueKeyText(u, plans[i].row), holder))
		}
	}
	return known, nil
}

// uniqueRace handles a create call that returned an existing object: the
// row's key was taken after the check.
func (t *writableTable[S, R]) uniqueRace(i int, p insertPlan, row []any, why string, opt catalog.WriteOptions, res *catalog.WriteResult) error {
	u := t.keyFor(p.row)
	holder := fmt.Sprintf("%s returned the existing %s %s (%s) in %s instead of creating one: %s. Nothing was created for this row.",
		p.call.action, t.writes.noun, t.keyText(row), textOf(row[t.col("state")]), p.tg.region, why)
	if u == nil {
		return &catalog.RowError{Row: i, Err: pgerr.New(pgerr.UniqueViolation, "%s", holder)}
	}
	if !slices.Contains(opt.SkipConflicts, u.index.Name) {
		return &catalog.RowError{Row: i, Err: t.duplicate(u, p.row, holder)}
	}
	res.Notices = append(res.Notices, conflictNote(i, t.uniqueKeyText(u, p.row), holder))
	return nil
}

// keyFor is the first unique key that covers a new row.
func (t *resourceTable[S, R]) keyFor(row []any) *uniqueKey {
	for i := range t.uniques {
		if u := &t.uniques[i]; u.covers(row) {
			if _, ok := t.keyOf(u, row); ok {
				return u
			}
		}
	}
	return nil
}

func (t *resourceTable[S, R]) describeHolder(row []any) string {
	return fmt.Sprintf("The live %s is %s (%s) in %s.", t.writes.noun, t.keyText(row), textOf(row[t.col("state")]), textOf(row[t.pushCol(pushRegion)]))
}

// duplicate is the error of a row whose key is taken; holder names what
// holds it: an object or an earlier row of the statement.
func (t *resourceTable[S, R]) duplicate(u *uniqueKey, row []any, holder string) *pgerr.Error {
	e := pgerr.New(pgerr.UniqueViolation, "duplicate key value violates unique constraint %q", u.index.Name).
		WithDetail("%s already exists. %s", t.uniqueKeyText(u, row), holder)
	e.Hint = fmt.Sprintf("EC2 would return the existing %s instead of creating one. Use it, or INSERT ... ON CONFLICT DO NOTHING to skip such rows.", t.writes.noun)
	e.SchemaName, e.TableName, e.ConstraintName = t.schema, t.name, u.index.Name
	return e
}

// notNew reports why the object a create call returned is not the one it
// was asked to create ("" if it may be new): it existed before the
// statement, or lacks the tags asked for. (Its state is no sign: AWS
// answers pending, but ec2sim and other endpoints may answer available at
// once.) An INSERT without tags cannot tell its object from one made by
// someone else at the same moment.
func notNew(id string, row []any, has, want []types.Tag, known map[string]bool) string {
	if known[id] {
		return "it existed before the statement"
	}
	for _, w := range want {
		if !slices.ContainsFunc(has, func(t types.Tag) bool {
			return aws.ToString(t.Key) == aws.ToString(w.Key) && aws.ToString(t.Value) == aws.ToString(w.Value)
		}) {
			return fmt.Sprintf("it lacks the tag %s asked for", aws.ToString(w.Key))
		}
	}
	return ""
}

// conflictNote is the NOTICE of a row ON CONFLICT DO NOTHING skipped.
func conflictNote(row int, key, holder string) string {
	return strings.TrimSpace(fmt.Sprintf("row %d skipped (ON CONFLICT DO NOTHING): %s already exists. %s", row+1, key, holder))
}

// explainLostCreate adds to a create call's unknown-outcome error the
// objects that now hold the row's key: if the call was carried out, the
// new object is among them.
func (t *writableTable[S, R]) explainLostCreate(ctx context.Context, p insertPlan, err error) error {
	pe, ok := err.(*pgerr.Error)
	u := t.keyFor(p.row)
	if !ok || pe.Code != pgerr.TRStatementCompletionUnknown || ctx.Err() != nil || u == nil {
		return err
	}
	live, lerr := t.existing(ctx, u, [][]any{p.row}, []target{p.tg})
	if lerr != nil {
		pe.Detail += " Looking for the " + t.writes.noun + " failed too: " + lerr.Error()
		return pe
	}
	key, _ := t.keyOf(u, p.row)
	row, found := live[key]
	if !found {
		pe.Detail += " " + u.noneHolding
		return pe
	}
	pe.Detail += fmt.Sprintf(" %s: %s (%s).", u.nowHolding, t.keyText(row), textOf(row[t.col("state")]))
	pe.Hint = "If one of them is new, the call was carried out; do not run the INSERT again for this row."
	return pe
}
