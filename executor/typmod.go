package executor

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Type modifiers: numeric(p,s), varchar(n), char(n), timestamp(p),
// interval fields. A cast to a modified type coerces the value (rounds,
// truncates, pads) and the modifier travels with the expression into the
// RowDescription, as PostgreSQL reports it (atttypmod).

// typmodded is an expression whose values carry a type modifier.
type typmodded interface {
	typmod() int32
}

// exprTypmod is an expression's type modifier, -1 when it has none.
func exprTypmod(x expr) int32 {
	if t, ok := x.(typmodded); ok {
		return t.typmod()
	}
	return -1
}

// varHdrSz is PostgreSQL's VARHDRSZ, which length and numeric modifiers
// include.
const varHdrSz = 4

// Interval range masks (INTERVAL_MASK of datetime.h's field numbers).
const (
	ivMonth  = 1 << 1
	ivYear   = 1 << 2
	ivDay    = 1 << 3
	ivHour   = 1 << 10
	ivMinute = 1 << 11
	ivSecond = 1 << 12

	ivFullRange     = 0x7FFF
	ivFullPrecision = 0xFFFF
)

// resolveTypmod computes the modifier a type name's arguments give t.
func resolveTypmod(tn *pg_query.TypeName, t *catalog.Type) (int32, error) {
	if len(tn.Typmods) == 0 || t.Elem != nil && len(tn.ArrayBounds) > 0 {
		return -1, nil
	}
	var mods []int64
	for _, m := range tn.Typmods {
		c := m.GetAConst()
		iv, ok := c.GetVal().(*pg_query.A_Const_Ival)
		if c == nil || !ok {
			return 0, errAt(pgerr.New(pgerr.SyntaxError, "type modifiers must be simple constants or identifiers"), tn.Location)
		}
		mods = append(mods, int64(iv.Ival.Ival))
	}
	switch t {
	case catalog.Numeric:
		p, s := mods[0], int64(0)
		if len(mods) > 1 {
			s = mods[1]
		}
		if len(mods) > 2 {
			return 0, errAt(pgerr.New(pgerr.InvalidParameterValue, "invalid NUMERIC type modifier"), tn.Location)
		}
		if p < 1 || p > 1000 {
			return 0, errAt(pgerr.New(pgerr.InvalidParameterValue, "NUMERIC precision %d must be between 1 and %d", p, 1000), tn.Location)
		}
		if s < -1000 || s > 1000 {
			return 0, errAt(pgerr.New(pgerr.InvalidParameterValue, "NUMERIC scale %d must be between %d and %d", s, -1000, 1000), tn.Location)
		}
		return int32(p<<16|(s&0xFFFF)) + varHdrSz, nil
	case catalog.Varchar, catalog.BPChar:
		if len(mods) != 1 {
			return 0, errAt(pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier"), tn.Location)
		}
		if mods[0] < 1 {
			return 0, errAt(pgerr.New(pgerr.InvalidParameterValue, "length for type %s must be at least 1", t.Name), tn.Location)
		}
		return int32(mods[0]) + varHdrSz, nil
	case catalog.Timestamp, catalog.Timestamptz:
		if len(mods) != 1 || mods[0] < 0 {
			return 0, errAt(pgerr.New(pgerr.InvalidParameterValue, "invalid type modifier"), tn.Location)
		}
		return int32(min(mods[0], 6)), nil
	case catalog.Interval:
		rng, prec := mods[0], int64(ivFullPrecision)
		if len(mods) > 1 {
			prec = min(mods[1], 6)
		}
		return int32(rng<<16 | prec), nil
	}
	return -1, nil
}

// modExpr is a cast to a type with a modifier.
type modExpr struct {
	x   expr
	mod int32
}

func (m *modExpr) typ() *catalog.Type { return m.x.typ() }
func (m *modExpr) typmod() int32      { return m.mod }

func (m *modExpr) eval(e *env) (any, error) {
	v, err := m.x.eval(e)
	if err != nil || v == nil {
		return v, err
	}
	return applyTypmod(v, m.x.typ(), m.mod)
}

// castTypmod casts x to t with modifier mod; constants are converted at
// once, so their errors come from planning as in PostgreSQL.
func castTypmod(x expr, t *catalog.Type, mod int32, loc int32) (expr, error) {
	c, err := castExpr(x, t, true, loc)
	if err != nil || mod < 0 {
		return c, err
	}
	if t == catalog.Interval && mod>>16&ivFullRange != ivFullRange {
		if k, ok := x.(*constExpr); ok && k.t == catalog.Unknown && k.v != nil {
			// A bare number in an interval literal counts the field the
			// qualifier names: INTERVAL '1' DAY is one day.
			iv, err := parseIntervalField(k.v.(string), mod>>16)
			if err != nil {
				return nil, errAt(pgerr.From(err), k.loc)
			}
			c = &constExpr{v: iv, t: t}
		}
	}
	m := &modExpr{x: c, mod: mod}
	if k, ok := c.(*constExpr); ok {
		v, err := m.eval(nil)
		if err != nil {
			return nil, err
		}
		return &modExpr{x: &constExpr{v: v, t: k.t}, mod: mod}, nil
	}
	return m, nil
}

// applyTypmod coerces a value of type t to the modifier, as an explicit
// cast does: numbers round (and overflow), strings truncate or pad.
func applyTypmod(v any, t *catalog.Type, mod int32) (any, error) {
	switch t {
	case catalog.Numeric:
		n, ok := v.(pgtype.Numeric)
		if !ok || n.NaN || mod < varHdrSz {
			return v, nil
		}
		p, s := (mod-varHdrSz)>>16&0xFFFF, int32(int16((mod-varHdrSz)&0xFFFF))
		r := roundNumericScale(n, s)
		// The integer digits may not exceed p - s.
		limit := new(big.Int).Mul(pow10(p), big.NewInt(1))
		if s >= 0 {
			if new(big.Int).Abs(r.Int).Cmp(limit) >= 0 {
				return nil, numericOverflow(p, s)
			}
		} else if new(big.Int).Abs(r.Int).Cmp(new(big.Int).Mul(limit, pow10(-s))) >= 0 {
			return nil, numericOverflow(p, s)
		}
		return r, nil
	case catalog.Varchar:
		s := v.(string)
		if n := int(mod - varHdrSz); utf8.RuneCountInString(s) > n {
			return string([]rune(s)[:n]), nil
		}
		return s, nil
	case catalog.BPChar:
		s := v.(string)
		n := int(mod - varHdrSz)
		if l := utf8.RuneCountInString(s); l > n {
			return string([]rune(s)[:n]), nil
		} else if l < n {
			return s + strings.Repeat(" ", n-l), nil
		}
		return s, nil
	case catalog.Timestamp, catalog.Timestamptz:
		ts := v.(time.Time)
		unit := time.Duration(math.Pow10(6-int(mod))) * time.Microsecond
		return ts.Round(unit), nil
	case catalog.Interval:
		return truncateInterval(v.(pgtype.Interval), mod>>16&ivFullRange, mod&ivFullPrecision), nil
	}
	return v, nil
}

func numericOverflow(p, s int32) *pgerr.Error {
	limit := "1"
	if p > s {
		limit = fmt.Sprintf("10^%d", p-s)
	}
	return pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow").
		WithDetail("A field with precision %d, scale %d must round to an absolute value less than %s.", p, s, limit)
}

// truncateInterval drops the fields below an interval qualifier's last
// field (INTERVAL ... DAY keeps no time) and rounds seconds to the
// precision, as AdjustIntervalForTypmod does.
func truncateInterval(iv pgtype.Interval, rng, prec int32) pgtype.Interval {
	switch {
	case rng == ivFullRange:
	case rng == ivYear:
		iv.Months, iv.Days, iv.Microseconds = iv.Months/12*12, 0, 0
	case rng == ivMonth, rng == ivYear|ivMonth:
		iv.Days, iv.Microseconds = 0, 0
	case rng == ivDay:
		iv.Microseconds = 0
	case rng == ivHour, rng == ivDay|ivHour:
		iv.Microseconds = iv.Microseconds / 3600e6 * 3600e6
	case rng == ivMinute, rng == ivDay|ivHour|ivMinute, rng == ivHour|ivMinute:
		iv.Microseconds = iv.Microseconds / 60e6 * 60e6
	}
	if prec != ivFullPrecision && prec >= 0 && prec < 6 {
		unit := int64(math.Pow10(6 - int(prec)))
		us := iv.Microseconds
		r := us / unit * unit
		if rem := us - r; rem*2 >= unit {
			r += unit
		} else if rem*2 <= -unit {
			r -= unit
		}
		iv.Microseconds = r
	}
	return iv
}

// parseIntervalField reads an interval literal under a field qualifier:
// a bare number counts the qualifier's last field.
func parseIntervalField(s string, rng int32) (pgtype.Interval, error) {
	unit := ""
	switch {
	case rng&ivSecond != 0:
		unit = "second"
	case rng&ivMinute != 0:
		unit = "minute"
	case rng&ivHour != 0:
		unit = "hour"
	case rng&ivDay != 0:
		unit = "day"
	case rng&ivMonth != 0:
		unit = "month"
	case rng&ivYear != 0:
		unit = "year"
	}
	if f := strings.Fields(s); len(f) == 1 && unit != "" {
		if _, err := parseFloat(f[0]); err == nil && !strings.Contains(f[0], ":") {
			return parseInterval(f[0] + " " + unit)
		}
	}
	return parseInterval(s)
}
