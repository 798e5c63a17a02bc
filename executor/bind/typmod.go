package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// resolveTypmod computes the modifier a type name's arguments give t.
func resolveTypmod(tn *pg_query.TypeName, t *value.Type) (int32, error) {
	if len(tn.Typmods) == 0 || t.Elem != nil && len(tn.ArrayBounds) > 0 {
		return -1, nil
	}
	var mods []int64
	for _, m := range tn.Typmods {
		c := m.GetAConst()
		iv, ok := c.GetVal().(*pg_query.A_Const_Ival)
		if c == nil || !ok {
			return 0, pgerr.At(pgerr.New(pgerr.SyntaxError, "type modifiers must be simple constants or identifiers"), tn.Location)
		}
		mods = append(mods, int64(iv.Ival.Ival))
	}
	switch t {
	case value.Numeric:
		p, s := mods[0], int64(0)
		if len(mods) > 1 {
			s = mods[1]
		}
		if len(mods) > 2 {
			return 0, pgerr.At(pgerr.New(pgerr.InvalidParameterValue, "invalid NUMERIC type modifier"), tn.Location)
		}
		if p < 1 || p > 1000 {
			return 0, pgerr.At(pgerr.New(pgerr.InvalidParameterValue, "NUMERIC precision %d must be between 1 and %d", p, 1000), tn.Location)
		}
		if s < -1000 || s > 1000 {
			return 0, pgerr.At(pgerr.New(pgerr.InvalidParameterValue, "NUMERIC scale %d must be between %d and %d", s, -1000, 1000), tn.Location)
		}
		return int32(p<<16|(s&0xFFFF)) + value.VarHdrSz, nil
	case value.Varchar, value.BPChar:
		if len(mods) != 1 {
			return 0, pgerr.At(pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier"), tn.Location)
		}
		if mods[0] < 1 {
			return 0, pgerr.At(pgerr.New(pgerr.InvalidParameterValue, "length for type %s must be at least 1", t.Name), tn.Location)
		}
		return int32(mods[0]) + value.VarHdrSz, nil
	case value.Timestamp, value.Timestamptz:
		if len(mods) != 1 || mods[0] < 0 {
			return 0, pgerr.At(pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier"), tn.Location)
		}
		return int32(min(mods[0], 6)), nil
	case value.Interval:
		rng, prec := mods[0], int64(value.IvFullPrecision)
		if len(mods) > 1 {
			prec = min(mods[1], 6)
		}
		return int32(rng<<16 | prec), nil
	}
	return -1, nil
}
