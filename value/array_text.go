package value

import (
	"strings"

	"github.com/vpnsql/vpnsql/pgerr"
)

// maxArrayDims is PostgreSQL's MAXDIM.
const maxArrayDims = 6

// ParseArray reads an array literal ('{1,2,"x y",NULL}', '{{1,2},{3,4}}',
// with an optional '[1:2]=' dimension decoration) with array_in's errors;
// elem reads one element's text (NULL is nil without a call).
func ParseArray(s string, elem func(string) (any, error)) ([]any, error) {
	p := arrayParser{s: strings.TrimSpace(s), elem: elem}
	malformed := func(detail string) error {
		return pgerr.New(pgerr.InvalidTextRepresentation, "malformed array literal: \"%s\"", s).WithDetail("%s", detail)
	}
	if strings.HasPrefix(p.s, "[") {
		eq := strings.Index(p.s, "=")
		if eq < 0 {
			return nil, malformed(`Missing "=" after array dimensions.`)
		}
		p.s = strings.TrimSpace(p.s[eq+1:])
	}
	if !strings.HasPrefix(p.s, "{") {
		return nil, malformed(`Array value must start with "{" or dimension information.`)
	}
	v, _, err := p.parse()
	if err != nil {
		if detail, ok := err.(arrayErr); ok {
			return nil, malformed(string(detail))
		}
		return nil, err
	}
	if strings.TrimSpace(p.s[p.i:]) != "" {
		return nil, malformed("Junk after closing right brace.")
	}
	return v, nil
}

type arrayParser struct {
	s     string
	i     int
	depth int
	elem  func(string) (any, error)
}

// arrayErr is the DETAIL of a malformed array literal.
type arrayErr string

func (e arrayErr) Error() string { return string(e) }

func unexpected(ch byte) error { return arrayErr("Unexpected \"" + string(ch) + "\" character.") }

func (p *arrayParser) skipSpace() {
	for p.i < len(p.s) && strings.IndexByte(" \t\n\r\v\f", p.s[p.i]) >= 0 {
		p.i++
	}
}

// parse reads one {...} level at p.i: its elements and its shape (its
// length, then its sub-arrays' common shape).
func (p *arrayParser) parse() ([]any, []int, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxArrayDims {
		return nil, nil, pgerr.New(pgerr.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", p.depth, maxArrayDims)
	}
	p.i++ // '{'
	out := []any{}
	var sub []int // the shape every sub-array must have; nil for scalars
	mismatch := arrayErr("Multidimensional arrays must have sub-arrays with matching dimensions.")
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return out, []int{0}, nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, nil, arrayErr("Unexpected end of input.")
		}
		if p.s[p.i] == '{' {
			v, shape, err := p.parse()
			if err != nil {
				return nil, nil, err
			}
			switch {
			case len(out) > 0 && sub == nil, shape[0] == 0:
				return nil, nil, mismatch
			case sub == nil:
				sub = shape
			case !equalInts(sub, shape):
				return nil, nil, mismatch
			}
			out = append(out, v)
		} else {
			if sub != nil {
				return nil, nil, mismatch
			}
			tok, quoted, err := p.element()
			if err != nil {
				return nil, nil, err
			}
			if !quoted && strings.EqualFold(tok, "NULL") {
				out = append(out, nil)
			} else {
				v, err := p.elem(tok)
				if err != nil {
					return nil, nil, err
				}
				out = append(out, v)
			}
		}
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, nil, arrayErr("Unexpected end of input.")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return out, append([]int{len(out)}, sub...), nil
		default:
			return nil, nil, arrayErr("Unexpected array element.")
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// element reads a quoted or unquoted element; an unquoted one keeps its
// inner white space and loses its trailing white space.
func (p *arrayParser) element() (string, bool, error) {
	var sb strings.Builder
	if p.s[p.i] == '"' {
		p.i++
		for p.i < len(p.s) {
			ch := p.s[p.i]
			switch ch {
			case '\\':
				p.i++
				if p.i >= len(p.s) {
					return "", false, arrayErr("Unexpected end of input.")
				}
				sb.WriteByte(p.s[p.i])
			case '"':
				p.i++
				return sb.String(), true, nil
			default:
				sb.WriteByte(ch)
			}
			p.i++
		}
		return "", false, arrayErr("Unexpected end of input.")
	}
	for p.i < len(p.s) {
		ch := p.s[p.i]
		switch ch {
		case ',', '}':
			if sb.Len() == 0 {
				return "", false, unexpected(ch) // {1,,2}
			}
			return strings.TrimRight(sb.String(), " \t\n\r\v\f"), false, nil
		case '{', '"':
			return "", false, unexpected(ch)
		case '\\':
			p.i++
			if p.i >= len(p.s) {
				return "", false, arrayErr("Unexpected end of input.")
			}
			sb.WriteByte(p.s[p.i])
		default:
			sb.WriteByte(ch)
		}
		p.i++
	}
	return "", false, arrayErr("Unexpected end of input.")
}

// AppendArray writes array_out's text form, {a,"b c",NULL,{1,2}}:
// appendElem writes one non-NULL element's text, which is quoted where
// array_out quotes it; a nested []any is a sub-array when dims is set (it
// is not when the element type is itself a vector, such as int2vector).
func AppendArray(buf []byte, elems []any, dims bool, appendElem func([]byte, any) ([]byte, error)) ([]byte, error) {
	buf = append(buf, '{')
	for i, e := range elems {
		if i > 0 {
			buf = append(buf, ',')
		}
		if e == nil {
			buf = append(buf, "NULL"...)
			continue
		}
		var err error
		if sub, ok := e.([]any); ok && dims {
			if buf, err = AppendArray(buf, sub, dims, appendElem); err != nil {
				return nil, err
			}
			continue
		}
		start := len(buf)
		if buf, err = appendElem(buf, e); err != nil {
			return nil, err
		}
		if s := string(buf[start:]); arrayElemNeedsQuotes(s) {
			buf = append(buf[:start], '"')
			for _, ch := range []byte(s) {
				if ch == '"' || ch == '\\' {
					buf = append(buf, '\\')
				}
				buf = append(buf, ch)
			}
			buf = append(buf, '"')
		}
	}
	return append(buf, '}'), nil
}

// arrayElemNeedsQuotes: empty, NULL in any case, or holding a delimiter,
// brace, quote, backslash or white space.
func arrayElemNeedsQuotes(s string) bool {
	if s == "" || strings.EqualFold(s, "NULL") {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{', '}', ',', '"', '\\', ' ', '\t', '\n', '\r', '\v', '\f':
			return true
		}
	}
	return false
}
