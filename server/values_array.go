package server

import (
	"encoding/binary"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
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
	return value.AppendArray(buf, elems, dims, func(b []byte, v any) ([]byte, error) { return c.encodeText(b, elem, v) })
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

// decodeArrayText reads an array literal with the executor's array_in,
// decoding each element as Bind would.
func (c *codec) decodeArrayText(s string, elem uint32) (any, error) {
	v, err := value.ParseArray(s, func(e string) (any, error) { return c.decodeText(e, elem) })
	if err != nil {
		return nil, err
	}
	return v, nil
}

// maxArrayDims is PostgreSQL's MAXDIM.
const maxArrayDims = 6

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
