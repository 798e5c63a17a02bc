package ec2sim

// describeOf is what the Describe calls of one resource share: its id
// kind, its filters, and how to list it. Each call reads its own
// parameters and writes its own response; matching does the rest in EC2's
// order (malformed ids, unknown filters, authorization, missing ids).
type describeOf[T any] struct {
	kind   resourceKind
	fields func(rs *regionState) map[string]fieldFunc[*T]
	tags   func(*T) []tag
	// all lists the region's resources as of now (deleted ones past
	// retention gone, lifecycles advanced); called with rs.mu held.
	all func(rs *regionState, c *call) []*T
	has func(rs *regionState, id string) bool
	id  func(*T) string
}

// matching hands each resource the call selects to emit, in listing
// order, with the region's lock held.
func (d describeOf[T]) matching(c *call, ids []string, fs []filter, dry bool, emit func(rs *regionState, x *T)) *apiError {
	if e := checkIDs(d.kind, ids...); e != nil {
		return e
	}
	rs := c.s.regionState(c.account, c.region)
	match, e := compileFilters(fs, d.fields(rs), d.tags)
	if e != nil {
		return e
	}
	if e := c.authorize(dry); e != nil {
		return e
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	all := d.all(rs, c)
	if missing := missingIDs(ids, func(id string) bool { return d.has(rs, id) }); missing != nil {
		return notFound(d.kind, missing)
	}
	for _, x := range selectByID(all, ids, d.id) {
		if match(x) {
			emit(rs, x)
		}
	}
	return nil
}
