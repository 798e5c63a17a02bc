package server

import (
	"encoding/binary"
	"strings"

	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Arrays travel as []any; a nested []any is one more dimension. Text form
// as PostgreSQL's array_out writes it, binary as array_send (lower bound 1,
// or 0 for int2vector/oidvector).

// arrayText writes {a,"b c",NULL,{1,2}}.
func (c *codec) arrayText(buf []byte, elem uint32, elems []any) ([]byte, error) {
	if _, ok := arrayShape(elems, elem); !ok {
		return nil, errRagged
	}
	// A []any element of a vector type is the vector, not a sub-array.
	dims := !isArray(elem) && elem != oidInt2Vector && elem != oidOIDVector
	return executor.AppendArray(buf, elems, dims, func(b []byte, v any) ([]byte, error) { return c.encodeText(b, elem, v) })
}

var errRagged = pgerr.New(pgerr.InternalError, "multidimensional arrays must have sub-arrays with matching dimensions")

// vectorText writes int2vector/oidvector: "1 2 3".
func (c *codec) vectorText(buf []byte, elem uint32, elems []any) ([]byte, error) {
	for i, e := range elems {
		if i > 0 {
			buf = append(buf, ' ')
		}
		var err error
		if buf, err = c.encodeText(buf, elem, e); err != nil {
			return nil, err
		}
	}
	return buf, nil
}

// arrayBinary writes array_send's format: ndim, has-nulls flag, element
// type, (length, lower bound) per dimension, then length-prefixed elements.
func (c *codec) arrayBinary(buf []byte, elem uint32, elems []any, lbound int32) ([]byte, error) {
	dims, ok := arrayShape(elems, elem)
	if !ok {
		return nil, errRagged
	}
	if len(elems) == 0 && lbound != 0 {
		dims = nil // an empty array has no dimensions; an empty vector has one
	}
	hasNull := int32(0)
	walkLeaves(elems, len(dims), func(v any) {
		if v == nil {
			hasNull = 1
		}
	})
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(dims)))
	buf = binary.BigEndian.AppendUint32(buf, uint32(hasNull))
	buf = binary.BigEndian.AppendUint32(buf, elem)
	for _, d := range dims {
		buf = binary.BigEndian.AppendUint32(buf, uint32(d))
		buf = binary.BigEndian.AppendUint32(buf, uint32(lbound))
	}
	var err error
	walkLeaves(elems, len(dims), func(v any) {
		if err != nil {
			return
		}
		if v == nil {
			buf = binary.BigEndian.AppendUint32(buf, 0xFFFFFFFF)
			return
		}
		lenAt := len(buf)
		buf = append(buf, 0, 0, 0, 0)
		buf, err = c.encodeBinary(buf, elem, v)
		if err == nil {
			binary.BigEndian.PutUint32(buf[lenAt:], uint32(len(buf)-lenAt-4))
		}
	})
	return buf, err
}

// arrayShape returns the dimension lengths of a (possibly nested) array,
// and false if it is not rectangular: every element of a level must be a
// sub-array of the same shape, or every one a scalar or NULL. (A vector
// type's element is a scalar even though it is a []any.)
func arrayShape(elems []any, elem uint32) ([]int, bool) {
	dims := []int{len(elems)}
	if len(elems) == 0 {
		return dims, true
	}
	scalarElems := elem == oidInt2Vector || elem == oidOIDVector
	first, nested := elems[0].([]any)
	if !nested || scalarElems {
		for _, e := range elems {
			if _, isSub := e.([]any); isSub && !scalarElems {
				return nil, false
			}
		}
		return dims, true
	}
	sub, ok := arrayShape(first, elem)
	if !ok || sub[0] == 0 {
		return nil, false
	}
	for _, e := range elems[1:] {
		s, isSub := e.([]any)
		if !isSub {
			return nil, false
		}
		d, ok := arrayShape(s, elem)
		if !ok || len(d) != len(sub) {
			return nil, false
		}
		for i := range d {
			if d[i] != sub[i] {
				return nil, false
			}
		}
	}
	return append(dims, sub...), true
}

func walkLeaves(elems []any, depth int, f func(any)) {
	for _, e := range elems {
		if sub, ok := e.([]any); ok && depth > 1 {
			walkLeaves(sub, depth-1, f)
			continue
		}
		f(e)
	}
}

// decodeArrayText parses an array literal ('{1,2,"x y",NULL}', with an
// optional '[1:3]=' dimension decoration) and decodes each element.
func (c *codec) decodeArrayText(s string, oid, elem uint32) (any, error) {
	p := arrayParser{s: strings.TrimSpace(s)}
	if strings.HasPrefix(p.s, "[") {
		eq := strings.Index(p.s, "=")
		if eq < 0 {
			return nil, p.malformed(s, "Missing \"=\" after array dimensions.")
		}
		p.s = strings.TrimSpace(p.s[eq+1:])
	}
	if !strings.HasPrefix(p.s, "{") {
		return nil, p.malformed(s, "Array value must start with \"{\" or dimension information.")
	}
	v, err := p.parse(c, elem)
	if err != nil {
		if _, ok := err.(*pgerr.Error); ok {
			return nil, err
		}
		return nil, p.malformed(s, err.Error())
	}
	if strings.TrimSpace(p.s[p.i:]) != "" {
		return nil, p.malformed(s, "Junk after closing right brace.")
	}
	if _, ok := arrayShape(v, elem); !ok {
		return nil, p.malformed(s, "Multidimensional arrays must have sub-arrays with matching dimensions.")
	}
	_ = oid
	return v, nil
}

type arrayParser struct {
	s     string
	i     int
	depth int
}

type arrayErr string

func (e arrayErr) Error() string { return string(e) }

func (p *arrayParser) malformed(s, detail string) error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "malformed array literal: \"%s\"", s).WithDetail("%s", detail)
}

func (p *arrayParser) skipSpace() {
	for p.i < len(p.s) && strings.IndexByte(" \t\n\r\v\f", p.s[p.i]) >= 0 {
		p.i++
	}
}

// maxArrayDims is PostgreSQL's MAXDIM.
const maxArrayDims = 6

// parse reads one {...} level at p.i.
func (p *arrayParser) parse(c *codec, elem uint32) ([]any, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxArrayDims {
		return nil, pgerr.New(pgerr.ProgramLimitExceeded, "number of array dimensions (%d) exceeds the maximum allowed (%d)", p.depth, maxArrayDims)
	}
	p.i++ // '{'
	out := []any{}
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return out, nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, arrayErr("Unexpected end of input.")
		}
		if p.s[p.i] == '{' {
			sub, err := p.parse(c, elem)
			if err != nil {
				return nil, err
			}
			out = append(out, sub)
		} else {
			tok, quoted, err := p.element()
			if err != nil {
				return nil, err
			}
			if !quoted && strings.EqualFold(tok, "NULL") {
				out = append(out, nil)
			} else {
				v, err := c.decodeText(tok, elem)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
		}
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, arrayErr("Unexpected end of input.")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return out, nil
		default:
			return nil, arrayErr("Unexpected array element.")
		}
	}
}

// element reads a quoted or unquoted element.
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
			return strings.TrimRight(sb.String(), " \t\n\r\v\f"), false, nil
		case '{', '"':
			return "", false, arrayErr("Unexpected array element.")
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

// decodeArrayBinary reads array_recv's format into nested []any.
func (c *codec) decodeArrayBinary(src []byte, elem uint32) (any, error) {
	bad := func() error {
		return pgerr.New(pgerr.InvalidBinaryRepresentation, "incorrect binary data format in array")
	}
	if len(src) < 12 {
		return nil, bad()
	}
	ndim := int(int32(binary.BigEndian.Uint32(src)))
	gotElem := binary.BigEndian.Uint32(src[8:])
	if ndim < 0 || ndim > maxArrayDims {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid number of dimensions: %d", ndim)
	}
	if gotElem != elem {
		return nil, pgerr.New(pgerr.DatatypeMismatch, "binary data has array element type %d (%s) instead of expected %d (%s)", gotElem, typeName(gotElem), elem, typeName(elem))
	}
	src = src[12:]
	if len(src) < 8*ndim {
		return nil, bad()
	}
	dims := make([]int, ndim)
	total := 1
	for i := range dims {
		n := int(int32(binary.BigEndian.Uint32(src[8*i:])))
		if n < 0 || n > len(src) {
			return nil, bad()
		}
		dims[i] = n
		total *= n
		// Every element takes at least its 4-byte length: a count the
		// message cannot hold is a lie, not an allocation to make.
		if total > len(src)/4 {
			return nil, bad()
		}
	}
	src = src[8*ndim:]
	if ndim == 0 {
		return []any{}, nil
	}
	flat := make([]any, 0, total)
	for range total {
		if len(src) < 4 {
			return nil, bad()
		}
		n := int(int32(binary.BigEndian.Uint32(src)))
		src = src[4:]
		if n == -1 {
			flat = append(flat, nil)
			continue
		}
		if n < 0 || n > len(src) {
			return nil, bad()
		}
		v, err := c.decodeBinary(src[:n], elem)
		if err != nil {
			return nil, err
		}
		flat = append(flat, v)
		src = src[n:]
	}
	if len(src) != 0 {
		return nil, bad()
	}
	return reshape(flat, dims), nil
}

// reshape nests a flat element list into dims.
func reshape(flat []any, dims []int) []any {
	if len(dims) == 1 {
		return flat
	}
	stride := len(flat) / max(dims[0], 1)
	out := make([]any, dims[0])
	for i := range out {
		out[i] = reshape(flat[i*stride:(i+1)*stride], dims[1:])
	}
	return out
}
