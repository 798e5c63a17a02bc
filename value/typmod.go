package value

import (
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
)

// Typmodded is an expression whose values carry a type modifier.
type Typmodded interface {
	Typmod() int32
}

// VarHdrSz is PostgreSQL's VARHDRSZ, which length and numeric modifiers
// include.
const VarHdrSz = 4

// Interval range masks (INTERVAL_MASK of datetime.h's field numbers).
const (
	ivMonth  = 1 << 1
	ivYear   = 1 << 2
	ivDay    = 1 << 3
	ivHour   = 1 << 10
	ivMinute = 1 << 11
	ivSecond = 1 << 12

	IvFullRange     = 0x7FFF
	IvFullPrecision = 0xFFFF
)

// ApplyTypmod coerces a value of type t to the modifier, as an explicit
// cast does: numbers round (and overflow), strings truncate or pad.
func ApplyTypmod(v any, t *Type, mod int32) (any, error) {
	switch t {
	case Numeric:
		n, ok := v.(pgtype.Numeric)
		if !ok || mod < VarHdrSz {
			return v, nil
		}
		p, s := (mod-VarHdrSz)>>16&0xFFFF, int32(int16((mod-VarHdrSz)&0xFFFF))
		if IsSpecial(n) {
			return specialTypmod(n, p, s)
		}
		r := RoundNumericScale(n, s)
		// The integer digits may not exceed p - s.
		limit := new(big.Int).Mul(Pow10(p), big.NewInt(1))
		if s >= 0 {
			if new(big.Int).Abs(r.Int).Cmp(limit) >= 0 {
				return nil, numericOverflow(p, s)
			}
		} else if new(big.Int).Abs(r.Int).Cmp(new(big.Int).Mul(limit, Pow10(-s))) >= 0 {
			return nil, numericOverflow(p, s)
		}
		return r, nil
	case Varchar:
		s := v.(string)
		if n := int(mod - VarHdrSz); utf8.RuneCountInString(s) > n {
			return string([]rune(s)[:n]), nil
		}
		return s, nil
	case BPChar:
		s := v.(string)
		n := int(mod - VarHdrSz)
		if l := utf8.RuneCountInString(s); l > n {
			return string([]rune(s)[:n]), nil
		} else if l < n {
			return s + strings.Repeat(" ", n-l), nil
		}
		return s, nil
	case Timestamp, Timestamptz:
		ts := v.(time.Time)
		unit := time.Duration(math.Pow10(6-int(mod))) * time.Microsecond
		return ts.Round(unit), nil
	case Interval:
		return truncateInterval(v.(pgtype.Interval), mod>>16&IvFullRange, mod&IvFullPrecision), nil
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
	case rng == IvFullRange:
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
	if prec != IvFullPrecision && prec >= 0 && prec < 6 {
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

// ParseIntervalField reads an interval literal under a field qualifier:
// a bare number counts the qualifier's last field.
func ParseIntervalField(s string, rng int32) (pgtype.Interval, error) {
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
			return ParseInterval(f[0] + " " + unit)
		}
	}
	return ParseInterval(s)
}
