package ec2

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// writeMapping declares how INSERT, UPDATE and DELETE on a resource
// become API calls. The resource says which call creates, changes and
// deletes one object; the rest is the same for every resource and written
// once here (catalog.Writable):
//
//   - every row is checked before the first call: the columns a row sets,
//     where it goes (region, accountId), the table's unique keys
//     (write_unique.go), and for DELETE the resource's own refusal
//     (refuseDelete) and the foreign keys that reference the row
//     (write_references.go);
//   - then the calls are made row by row in input order, stopping at the
//     first failure (a *catalog.RowError; earlier rows stay written);
//   - rows in a gone state are skipped by UPDATE and DELETE, with a
//     notice: the object no longer exists, it is only still listed;
//   - tags and tagSet are the same for every resource: INSERT sends them
//     as TagSpecifications, UPDATE as DeleteTags and CreateTags, first;
//   - DryRun, Plan (EXPLAIN), the audit log, retries and error mapping
//     are writeRun's (write_calls.go).
type writeMapping[S any] struct {
	// title names the object as the API reference does ("VPN
	// connection"); noun names one object in messages where the table is
	// understood ("connection").
	title, noun string
	// create maps one INSERT row onto the call that creates it. The
	// columns it reads through v are the ones INSERT may set; tags are
	// the row's tags (from tags or tagSet) as the call's
	// TagSpecifications, for resource type tagType. Its run returns the
	// created object as *S.
	create  func(v *rowValues, tags []types.TagSpecification) (apiCall, error)
	tagType types.ResourceType
	// createdState is the state a created object starts in; a unique
	// key's predicate sees it in the new row.
	createdState string
	// update maps the assignments of one UPDATE row, tags aside, onto
	// calls, in order; it may adjust c.after, the row as it will be. nil
	// means only the tags can change.
	update func(id string, c *rowChange) ([]apiCall, error)
	// delete is the call that deletes one object.
	delete func(id string) apiCall
	// fixed says, by column, why no call changes it: UPDATE of the column
	// is 0A000 with this DETAIL, and so is INSERT, unless notOnCreate
	// says otherwise.
	fixed map[string]string
	// notOnCreate says why INSERT cannot set a column an UPDATE can.
	notOnCreate map[string]string
	// gone are the states in which the object is gone but still listed.
	gone []string
	// inUse is the AWS error code with which the delete call refuses an
	// object another one still uses (IncorrectState). DELETE checks the
	// references first (write_references.go); when EC2 refuses all the
	// same (a user the check does not count, or a race), the refusal is
	// 23503 too.
	inUse string
	// refuseDelete, optional, says why an object cannot be deleted as
	// its row shows it (a gateway still attached to a VPC); DELETE asks
	// for every row before the first call. get reads a column of the row.
	refuseDelete func(id string, get func(column string) any) error
}

// writableTable is a resource table with a writeMapping: catalog.Writable.
type writableTable[S, R any] struct {
	*resourceTable[S, R]
}

// rowValues are the values one INSERT row gives, read by column name; it
// keeps track of the columns read, so a column the create call does not
// take is an error instead of being dropped.
type rowValues struct {
	table interface{ col(string) int }
	vals  catalog.Values
	used  map[int]bool
	// as holds what the created object will have in columns the row
	// leaves out or spells otherwise (an API default, a canonical form),
	// so that the unique keys see the object as EC2 will make it.
	as map[int]any
}

// willBe records the value the created object will have in a column.
func (r *rowValues) willBe(name string, v any) {
	if r.as == nil {
		r.as = map[int]any{}
	}
	r.as[r.table.col(name)] = v
}

// get returns a column's value and whether the row gives it.
func (r *rowValues) get(name string) (any, bool) {
	i := r.table.col(name)
	r.used[i] = true
	v, ok := r.vals[i]
	return v, ok
}

// text returns a text column's value, nil when absent or NULL.
func (r *rowValues) text(name string) *string {
	v, _ := r.get(name)
	return textPtr(v)
}

// json returns a jsonb column's decoded value, nil when absent or NULL.
func (r *rowValues) json(name string) any {
	v, _ := r.get(name)
	if v == nil {
		return nil
	}
	return jsonValue(v)
}

// rowChange is one UPDATE row: the row as it is, the assignments, and the
// row as it will be.
type rowChange struct {
	table interface{ col(string) int }
	old   []any
	set   catalog.Values
	after []any
}

func (c *rowChange) was(name string) any { return c.old[c.table.col(name)] }

// will sets a column of the row as it will be.
func (c *rowChange) will(name string, v any) { c.after[c.table.col(name)] = v }

func (c *rowChange) assigned(name string) (any, bool) {
	v, ok := c.set[c.table.col(name)]
	return v, ok
}

// Insert creates one object per row.
func (t *writableTable[S, R]) Insert(ctx context.Context, rows []catalog.Values, opt catalog.WriteOptions) (res catalog.WriteResult, err error) {
	defer func() { res.Rows = t.maskRows(ctx, scopeFrom(ctx), res.Rows) }() // RETURNING, as a scan reads (scope.go)
	w := &writeRun{src: t.src, opt: opt}
	plans := make([]insertPlan, len(rows))
	for i, vals := range rows {
		p, err := t.planInsert(ctx, vals)
		if err != nil {
			return w.res, &catalog.RowError{Row: i, Err: err}
		}
		plans[i] = p
	}
	known, err := t.checkUnique(ctx, plans, opt, &w.res)
	if err != nil {
		return w.res, err
	}
	for i, p := range plans {
		if p.skip {
			continue
		}
		v, err := w.do(ctx, p.tg, i, "", p.call)
		if err != nil {
			return w.res, &catalog.RowError{Row: i, Err: t.explainLostCreate(ctx, p, err)}
		}
		obj, ok := v.(*S)
		if opt.DryRun || opt.Plan || !ok || obj == nil {
			continue
		}
		created := t.rows([]S{*obj}, p.tg)
		if len(created) != 1 {
			continue
		}
		row := created[0]
		id := textOf(row[t.col(t.key[0])])
		if why := notNew(id, row, t.tagsOf(row), p.tags, known); why != "" {
			// A race: someone created the same object after the check.
			err := t.uniqueRace(i, p, row, why, opt, &w.res)
			if err != nil {
				return w.res, err
			}
			continue
		}
		known[id] = true
		w.res.Rows = append(w.res.Rows, row)
	}
	return w.res, nil
}

// insertPlan is one INSERT row, checked: its call, where it goes, and the
// row as it will be (the values given, the created state).
type insertPlan struct {
	call apiCall
	tg   target
	row  []any
	tags []types.Tag
	skip bool
}

func (t *writableTable[S, R]) planInsert(ctx context.Context, vals catalog.Values) (insertPlan, error) {
	m := t.writes
	v := &rowValues{table: t, vals: vals, used: map[int]bool{}}
	tags, err := t.rowTags(v)
	if err != nil {
		return insertPlan{}, err
	}
	region, account := textOf(vals[t.pushCol(pushRegion)]), textOf(vals[t.pushCol(pushAccount)])
	v.used[t.pushCol(pushRegion)], v.used[t.pushCol(pushAccount)] = true, true
	call, err := m.create(v, tagSpecs(m.tagType, tags))
	if err != nil {
		return insertPlan{}, err
	}
	for _, i := range sortedCols(vals) {
		if !v.used[i] && vals[i] != nil {
			return insertPlan{}, t.cannotSet(t.columns[i].name, true)
		}
	}
	tg, err := t.src.placeWrite(ctx, region, account)
	if err == nil {
		err = checkScope(ctx, t.name, tg)
	}
	if err != nil {
		return insertPlan{}, err
	}
	row := make([]any, len(t.columns))
	for i, x := range vals {
		row[i] = x
	}
	for i, x := range v.as {
		row[i] = x
	}
	row[t.pushCol(pushRegion)], row[t.pushCol(pushAccount)] = tg.region, tg.accountID
	if m.createdState != "" {
		row[t.col("state")] = m.createdState
	}
	return insertPlan{call: call, tg: tg, row: row, tags: tags}, nil
}

// rowTags reads an INSERT row's tags from tags or tagSet, which must agree
// when both are given.
func (t *writableTable[S, R]) rowTags(v *rowValues) ([]types.Tag, error) {
	var tagSet, obj []types.Tag
	ts, hasTagSet := v.get("tagSet")
	to, hasTags := v.get("tags")
	hasTagSet, hasTags = hasTagSet && ts != nil, hasTags && to != nil
	var err error
	if hasTagSet {
		if tagSet, err = parseTags("tagSet", jsonValue(ts)); err != nil {
			return nil, err
		}
	}
	if hasTags {
		if obj, err = parseTags("tags", jsonValue(to)); err != nil {
			return nil, err
		}
	}
	if hasTags && hasTagSet && !tagsEqual(obj, tagSet) {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "tags and tagSet give different tags").
			WithDetail("Both columns hold the same tags; give one of them.")
	}
	if hasTagSet {
		return tagSet, nil
	}
	return obj, nil
}

// tagSpecs is the TagSpecifications of a create call.
func tagSpecs(rt types.ResourceType, tags []types.Tag) []types.TagSpecification {
	if len(tags) == 0 {
		return nil
	}
	return []types.TagSpecification{{ResourceType: rt, Tags: tags}}
}

// tagsOf reads a row's tags (its tagSet column).
func (t *writableTable[S, R]) tagsOf(row []any) []types.Tag {
	tags, _ := parseTags("tagSet", jsonValue(row[t.col("tagSet")]))
	return tags
}

// Update changes each row as its assignments say, calling the API only
// for what differs.
func (t *writableTable[S, R]) Update(ctx context.Context, rows []catalog.RowChange, opt catalog.WriteOptions) (res catalog.WriteResult, err error) {
	defer func() { res.Rows = t.maskRows(ctx, scopeFrom(ctx), res.Rows) }() // RETURNING, as a scan reads (scope.go)
	w := &writeRun{src: t.src, opt: opt}
	type plan struct {
		tg    target
		id    string
		calls []apiCall
		after []any
		skip  bool
	}
	plans := make([]plan, len(rows))
	for i, r := range rows {
		p := &plans[i]
		p.id = t.keyText(r.Old)
		if t.gone(r.Old) {
			p.skip = true
			w.res.Notices = append(w.res.Notices, fmt.Sprintf("%s is %s; not updated", p.id, textOf(r.Old[t.col("state")])))
			continue
		}
		calls, after, err := t.planUpdate(p.id, r)
		if err == nil {
			p.tg, err = t.src.placeWrite(ctx, textOf(r.Old[t.pushCol(pushRegion)]), textOf(r.Old[t.pushCol(pushAccount)]))
		}
		if err != nil {
			return w.res, &catalog.RowError{Row: i, Key: p.id, Err: err}
		}
		p.calls, p.after = calls, after
	}
	for i, p := range plans {
		if p.skip {
			continue
		}
		if err := w.doAll(ctx, p.tg, i, p.id, p.calls); err != nil {
			return w.res, err
		}
		if opt.DryRun || opt.Plan {
			continue
		}
		after := p.after
		if opt.Returning {
			found, err := t.describe.list(ctx, p.tg, []string{p.id}, nil)
			if err != nil {
				return w.res, &catalog.RowError{Row: i, Key: p.id, Err: pgerr.From(err).
					WithDetail("Every change to %s was made; reading it back for RETURNING failed.", p.id)}
			}
			if rows := t.rows(found, p.tg); len(rows) == 1 {
				after = rows[0]
			}
		}
		w.res.Rows = append(w.res.Rows, after)
	}
	return w.res, nil
}

// planUpdate computes one row's calls (tags first, then the resource's),
// and the row with the assignments applied.
func (t *writableTable[S, R]) planUpdate(id string, r catalog.RowChange) ([]apiCall, []any, error) {
	c := &rowChange{table: t, old: r.Old, set: r.Set, after: append([]any(nil), r.Old...)}
	for _, i := range sortedCols(r.Set) {
		c.after[i] = r.Set[i]
		name := t.columns[i].name
		if _, fixed := t.writes.fixed[name]; fixed && !valuesEqual(r.Old[i], r.Set[i]) {
			return nil, nil, t.cannotSet(name, false)
		}
	}
	calls, err := t.tagCalls(id, c)
	if err != nil {
		return nil, nil, err
	}
	if t.writes.update != nil {
		more, err := t.writes.update(id, c)
		if err != nil {
			return nil, nil, err
		}
		calls = append(calls, more...)
	} else {
		for _, i := range sortedCols(r.Set) {
			if name := t.columns[i].name; name != "tags" && name != "tagSet" && !valuesEqual(r.Old[i], r.Set[i]) {
				return nil, nil, t.cannotSet(name, false)
			}
		}
	}
	return calls, c.after, nil
}

// tagCalls is the DeleteTags and CreateTags that make an UPDATE row's tags
// what tags or tagSet assign.
func (t *writableTable[S, R]) tagCalls(id string, c *rowChange) ([]apiCall, error) {
	nt, hasTagSet := c.assigned("tagSet")
	no, hasTags := c.assigned("tags")
	if !hasTagSet && !hasTags {
		return nil, nil
	}
	var want []types.Tag
	var err error
	if hasTags {
		if want, err = parseTags("tags", jsonValue(no)); err != nil {
			return nil, err
		}
	}
	if hasTagSet {
		ts, err := parseTags("tagSet", jsonValue(nt))
		if err != nil {
			return nil, err
		}
		if hasTags && !tagsEqual(ts, want) {
			return nil, pgerr.New(pgerr.SyntaxError, "tags and tagSet are assigned different tags").
				WithDetail("Both columns hold the same tags; assign one of them.")
		}
		want = ts
	}
	is, _ := parseTags("tagSet", jsonValue(c.was("tagSet")))
	var calls []apiCall
	if del := tagDiffDelete(is, want); len(del) > 0 {
		calls = append(calls, tagsCall(false, id, del))
	}
	if add := tagDiffCreate(is, want); len(add) > 0 {
		calls = append(calls, tagsCall(true, id, add))
	}
	return calls, nil
}

// Delete deletes each row's object.
func (t *writableTable[S, R]) Delete(ctx context.Context, rows [][]any, opt catalog.WriteOptions) (res catalog.WriteResult, err error) {
	defer func() { res.Rows = t.maskRows(ctx, scopeFrom(ctx), res.Rows) }() // RETURNING, as a scan reads (scope.go)
	w := &writeRun{src: t.src, opt: opt}
	tgs := make([]target, len(rows))
	for i, r := range rows {
		if t.gone(r) {
			continue
		}
		if refuse := t.writes.refuseDelete; refuse != nil {
			if err := refuse(t.keyText(r), func(c string) any { return r[t.col(c)] }); err != nil {
				return w.res, &catalog.RowError{Row: i, Key: t.keyText(r), Err: err}
			}
		}
		tg, err := t.src.placeWrite(ctx, textOf(r[t.pushCol(pushRegion)]), textOf(r[t.pushCol(pushAccount)]))
		if err != nil {
			return w.res, &catalog.RowError{Row: i, Key: t.keyText(r), Err: err}
		}
		tgs[i] = tg
	}
	if err := t.checkReferences(ctx, rows, tgs); err != nil {
		return w.res, err
	}
	for i, r := range rows {
		id := t.keyText(r)
		if t.gone(r) {
			w.res.Notices = append(w.res.Notices, fmt.Sprintf("%s is already %s; not deleted again", id, textOf(r[t.col("state")])))
			continue
		}
		if _, err := w.do(ctx, tgs[i], i, id, t.writes.delete(id)); err != nil {
			return w.res, &catalog.RowError{Row: i, Key: id, Err: t.refusedInUse(id, err)}
		}
		if !opt.DryRun && !opt.Plan {
			w.res.Rows = append(w.res.Rows, r)
		}
	}
	return w.res, nil
}

// gone reports whether a row's object is gone, only still listed.
func (t *resourceTable[S, R]) gone(row []any) bool {
	if t.writes == nil {
		return false
	}
	return slices.Contains(t.writes.gone, textOf(row[t.col("state")]))
}

// keyText is a row's primary key as text (one column; a composite key's
// values joined by "/").
func (t *resourceTable[S, R]) keyText(row []any) string {
	parts := make([]string, len(t.key))
	for i, k := range t.key {
		parts[i] = value.FormatText(row[t.col(k)])
	}
	return strings.Join(parts, "/")
}

// pushCol is the column that says where the object lives (pushRegion,
// pushAccount).
func (t *resourceTable[S, R]) pushCol(push string) int {
	for i, c := range t.columns {
		if c.pushdown == push {
			return i
		}
	}
	panic("ec2: table " + t.name + " has no " + push + " column")
}

// cannotSet is the 0A000 of a column no call sets.
func (t *resourceTable[S, R]) cannotSet(name string, insert bool) error {
	why := t.writes.fixed[name]
	verb := "changed"
	if insert {
		verb = "set by INSERT"
		if w, ok := t.writes.notOnCreate[name]; ok {
			why = w
		}
	}
	e := pgerr.New(pgerr.FeatureNotSupported, "column %q cannot be %s", name, verb)
	if why != "" {
		e = e.WithDetail("%s", why)
	}
	return e
}

// placeWrite finds where a row lives or an INSERT puts it. An empty
// account is the first configured account the role's scope admits; an empty region that account's
// default region (the SDK configuration's, if vpnsql serves it, else the
// first served), narrowed to the scope's regions (scopedDefault).
func (s *Source) placeWrite(ctx context.Context, region, accountID string) (target, error) {
	if s == nil || len(s.Accounts) == 0 {
		return target{}, pgerr.New(pgerr.FeatureNotSupported, "no AWS account or region is configured")
	}
	sc := scopeFrom(ctx)
	for _, a := range s.Accounts {
		id, err := a.ID(ctx)
		if err != nil {
			return target{}, sourceError(ctx, target{account: a}, err)
		}
		if accountID != "" && accountID != id || accountID == "" && !sc.AllowsAccount(a.Name, id) {
			continue // no account given: the first the role's scope admits
		}
		regions, err := a.regionList(ctx, s.Regions)
		if err != nil {
			return target{}, sourceError(ctx, target{account: a, accountID: id}, err)
		}
		if len(regions) == 0 {
			return target{}, pgerr.New(pgerr.FeatureNotSupported, "no AWS region is configured")
		}
		if region == "" {
			region = regions[0]
			if r := a.Config.Region; slices.Contains(regions, r) {
				region = r
			}
			region = scopedDefault(sc, region, regions)
		}
		if !slices.Contains(regions, region) {
			return target{}, pgerr.New(pgerr.InvalidParameterValue, "region %q is not served by this vpnsql", region).
				WithDetail("Served regions of account %s: %s.", a.label(id), strings.Join(regions, ", "))
		}
		return target{account: a, accountID: id, region: region}, nil
	}
	if accountID == "" {
		return target{}, pgerr.New(pgerr.InsufficientPrivilege, "no configured account is in the scope of this role")
	}
	return target{}, pgerr.New(pgerr.InvalidParameterValue, "account %q is not configured in this vpnsql", accountID)
}

func sortedCols(vals catalog.Values) []int {
	idxs := make([]int, 0, len(vals))
	for i := range vals {
		idxs = append(idxs, i)
	}
	slices.Sort(idxs)
	return idxs
}

// Values of the table's columns as the executor passes them.

func textPtr(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

func textOf(v any) string {
	s, _ := v.(string)
	return s
}

// jsonValue unwraps a jsonb value; a string (a client that sent text) is
// parsed.
func jsonValue(v any) any {
	switch v := v.(type) {
	case value.JSON:
		return v.V
	case string:
		if j, err := value.ParseJSON([]byte(v)); err == nil {
			return j.V
		}
	}
	return v
}

func valuesEqual(a, b any) bool {
	ja, okA := a.(value.JSON)
	jb, okB := b.(value.JSON)
	if okA || okB {
		return okA && okB && jsonEqual(ja.V, jb.V)
	}
	return a == b
}
