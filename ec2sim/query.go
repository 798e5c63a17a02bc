package ec2sim

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// query reads the form parameters of one request by name (never by order:
// aws-sdk-go-v2 sorts them, botocore sends model order). Every getter marks
// the keys it reads, so that after an operation has read its whole input,
// unknown() names what the client sent and the operation does not have
// (EC2 answers UnknownParameter). The first bad value is kept (a sticky
// error) so that parsing code stays flat; err() reports it.
type query struct {
	vals  url.Values
	used  map[string]bool
	first *apiError
}

func newQuery(v url.Values) *query {
	q := &query{vals: v, used: map[string]bool{"Action": true, "Version": true}}
	// Credentials passed as query parameters (presigned requests) are not
	// operation input.
	for k := range v {
		if strings.HasPrefix(k, "X-Amz-") {
			q.used[k] = true
		}
	}
	return q
}

func (q *query) fail(e *apiError) {
	if q.first == nil {
		q.first = e
	}
}

// done reports the first bad value, then any parameter nobody read.
func (q *query) done() *apiError {
	if q.first != nil {
		return q.first
	}
	var unknown []string
	for k := range q.vals {
		if !q.used[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return errorf("UnknownParameter", "The parameter %s is not recognized", unknown[0])
	}
	return nil
}

func (q *query) has(key string) bool {
	_, ok := q.vals[key]
	return ok
}

// str returns the value of key, "" when absent.
func (q *query) str(key string) string {
	q.used[key] = true
	return q.vals.Get(key)
}

// strp returns nil when key is absent, else a pointer to its value.
func (q *query) strp(key string) *string {
	if !q.has(key) {
		return nil
	}
	s := q.str(key)
	return &s
}

func (q *query) boolp(key string) *bool {
	if !q.has(key) {
		return nil
	}
	switch v := q.str(key); strings.ToLower(v) {
	case "true":
		b := true
		return &b
	case "false":
		b := false
		return &b
	default:
		q.fail(errInvalidValue(key, v))
		return nil
	}
}

func (q *query) boolean(key string) bool {
	b := q.boolp(key)
	return b != nil && *b
}

func (q *query) int64p(key string) *int64 {
	if !q.has(key) {
		return nil
	}
	v := q.str(key)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		q.fail(errInvalidValue(key, v))
		return nil
	}
	return &n
}

func (q *query) int32p(key string) *int32 {
	n := q.int64p(key)
	if n == nil {
		return nil
	}
	if *n != int64(int32(*n)) {
		q.fail(errInvalidValue(key, strconv.FormatInt(*n, 10)))
		return nil
	}
	v := int32(*n)
	return &v
}

// indices returns, in numeric order, the N of every key "prefix.N" or
// "prefix.N.<rest>". EC2 lists are 1-based; other indices are bad values.
func (q *query) indices(prefix string) []int {
	p := prefix + "."
	seen := map[int]bool{}
	for k := range q.vals {
		if !strings.HasPrefix(k, p) {
			continue
		}
		rest := k[len(p):]
		if i := strings.IndexByte(rest, '.'); i >= 0 {
			rest = rest[:i]
		}
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 {
			continue // left unread: reported as an unknown parameter
		}
		seen[n] = true
	}
	out := make([]int, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// strList reads "prefix.N" values; nil when the list was not sent.
func (q *query) strList(prefix string) []string {
	var out []string
	for _, n := range q.indices(prefix) {
		out = append(out, q.str(prefix+"."+strconv.Itoa(n)))
	}
	return out
}

// valueList reads "prefix.N.Value" (the one-member wrapper structures of
// tunnel options); nil when the list was not sent.
func (q *query) valueList(prefix string) []string {
	var out []string
	for _, n := range q.indices(prefix) {
		out = append(out, q.str(prefix+"."+strconv.Itoa(n)+".Value"))
	}
	return out
}

func (q *query) int32ValueList(prefix string) []int32 {
	var out []int32
	for _, n := range q.indices(prefix) {
		if v := q.int32p(prefix + "." + strconv.Itoa(n) + ".Value"); v != nil {
			out = append(out, *v)
		}
	}
	return out
}

// filter is one Filter.N: a name and the values that are OR-ed.
type filter struct {
	Name   string
	Values []string
}

func (q *query) filters() []filter {
	var out []filter
	for _, n := range q.indices("Filter") {
		p := "Filter." + strconv.Itoa(n)
		out = append(out, filter{Name: q.str(p + ".Name"), Values: q.strList(p + ".Value")})
	}
	return out
}

// tags reads "prefix.N.Key" / "prefix.N.Value". keyOnly reports, per tag,
// that no Value was sent (DeleteTags treats that as "any value").
func (q *query) tags(prefix string) (tags []tag, keyOnly []bool) {
	for _, n := range q.indices(prefix) {
		p := prefix + "." + strconv.Itoa(n)
		tags = append(tags, tag{Key: q.str(p + ".Key"), Value: q.str(p + ".Value")})
		keyOnly = append(keyOnly, !q.has(p+".Value"))
	}
	return tags, keyOnly
}

// tagSpecs reads TagSpecification.N and returns the tags for resourceType;
// a specification for another resource type is a bad value.
func (q *query) tagSpecs(resourceType string) []tag {
	var out []tag
	for _, n := range q.indices("TagSpecification") {
		p := "TagSpecification." + strconv.Itoa(n)
		rt := q.str(p + ".ResourceType")
		tags, _ := q.tags(p + ".Tag")
		if rt != resourceType {
			q.fail(errorf("InvalidParameterValue", "'%s' is not a valid taggable resource type for this operation.", rt))
		}
		out = append(out, tags...)
	}
	return out
}
