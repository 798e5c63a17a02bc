package value

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
)

func IsTimeType(t *Type) bool {
	return t == Timestamptz || t == Timestamp || t == Date
}

// FormatTime prints a date/time value as PostgreSQL's ISO DateStyle does,
// in the UTC session.
func FormatTime(ts time.Time, t *Type) string {
	return string(AppendDateTime(nil, t.OID, ts, time.UTC))
}

var intervalUnits = map[string]struct {
	months int32
	days   int32
	usec   int64
}{
	"microsecond": {usec: 1}, "millisecond": {usec: 1000}, "second": {usec: 1e6}, "minute": {usec: 60e6},
	"hour": {usec: 3600e6}, "day": {days: 1}, "week": {days: 7}, "month": {months: 1}, "year": {months: 12},
	"decade": {months: 120}, "century": {months: 1200}, "millennium": {months: 12000},
}

var unitAliases = map[string]string{
	"us": "microsecond", "usec": "microsecond", "usecs": "microsecond", "microseconds": "microsecond",
	"ms": "millisecond", "msec": "millisecond", "msecs": "millisecond", "milliseconds": "millisecond",
	"s": "second", "sec": "second", "secs": "second", "seconds": "second",
	"m": "minute", "min": "minute", "mins": "minute", "minutes": "minute",
	"h": "hour", "hr": "hour", "hrs": "hour", "hours": "hour",
	"d": "day", "days": "day", "w": "week", "weeks": "week",
	"mon": "month", "mons": "month", "months": "month",
	"y": "year", "yr": "year", "yrs": "year", "years": "year",
	"decades": "decade", "dec": "decade", "decs": "decade", "centuries": "century", "c": "century", "cent": "century",
	"millennia": "millennium", "mil": "millennium", "mils": "millennium",
	"msecond": "millisecond", "mseconds": "millisecond", "usecond": "microsecond", "useconds": "microsecond",
}

func unitName(u string) string {
	u = strings.ToLower(u)
	if a, ok := unitAliases[u]; ok {
		return a
	}
	return u
}

// ParseInterval reads PostgreSQL's interval input: "1 day 2 hours",
// "3 mons", "01:02:03", "-1 days +02:00:00", "@ 1 minute ago".
func ParseInterval(s string) (pgtype.Interval, error) {
	bad := pgerr.New(pgerr.InvalidDatetimeFormat, "invalid input syntax for type interval: \"%s\"", s)
	if iv, ok := parseISOInterval(strings.TrimSpace(s)); ok {
		return iv, nil
	}
	var iv pgtype.Interval
	fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	ago := false
	if len(fields) > 0 && strings.EqualFold(fields[len(fields)-1], "ago") {
		ago, fields = true, fields[:len(fields)-1]
	}
	if len(fields) == 0 {
		return iv, bad
	}
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if strings.Contains(f, ":") {
			neg := strings.HasPrefix(f, "-")
			parts := strings.Split(strings.TrimLeft(f, "+-"), ":")
			var h, m int64
			var sec float64
			var err error
			if h, err = strconv.ParseInt(parts[0], 10, 64); err != nil {
				return iv, bad
			}
			if len(parts) > 1 {
				if m, err = strconv.ParseInt(parts[1], 10, 64); err != nil {
					return iv, bad
				}
			}
			if len(parts) > 2 {
				if sec, err = strconv.ParseFloat(parts[2], 64); err != nil {
					return iv, bad
				}
			}
			us := h*3600e6 + m*60e6 + int64(math.Round(sec*1e6))
			if neg {
				us = -us
			}
			iv.Microseconds += us
			continue
		}
		num, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return iv, bad
		}
		unit := "second"
		if i+1 < len(fields) {
			i++
			unit = unitName(fields[i])
		}
		u, ok := intervalUnits[unit]
		if !ok {
			return iv, bad
		}
		whole, frac := math.Modf(num)
		iv.Months += int32(whole) * u.months
		iv.Days += int32(whole) * u.days
		iv.Microseconds += int64(math.Round(num * float64(u.usec)))
		// Fractions of months and days spill into smaller units.
		if u.months > 0 {
			days := frac * float64(u.months) * 30
			iv.Days += int32(days)
			iv.Microseconds += int64(math.Round((days - math.Trunc(days)) * 86400e6))
		}
		if u.days > 0 {
			iv.Microseconds += int64(math.Round(frac * float64(u.days) * 86400e6))
		}
	}
	if ago {
		iv.Months, iv.Days, iv.Microseconds = -iv.Months, -iv.Days, -iv.Microseconds
	}
	iv.Valid = true
	return iv, nil
}

// formatInterval prints the postgres IntervalStyle: "1 year 2 mons 3 days
// 04:05:06".
func formatInterval(iv pgtype.Interval) string { return string(AppendInterval(nil, iv)) }

// AddInterval adds sign * iv as timestamp_pl_interval does: months
// first, clamping the day to the end of a shorter month (Jan 31 + 1 month
// is Feb 29), then days, then the time.
func AddInterval(ts time.Time, iv pgtype.Interval, sign int) time.Time {
	ts = ts.UTC()
	if m := sign * int(iv.Months); m != 0 {
		y, mon, d := ts.Date()
		total := int(mon) - 1 + m
		y += total / 12
		if total%12 < 0 {
			total += 12
			y--
		}
		mon = time.Month(total%12 + 1)
		d = min(d, DaysIn(y, mon))
		h, mi, sec := ts.Clock()
		ts = time.Date(y, mon, d, h, mi, sec, ts.Nanosecond(), time.UTC)
	}
	return ts.AddDate(0, 0, sign*int(iv.Days)).Add(time.Duration(int64(sign)*iv.Microseconds) * time.Microsecond)
}

// IntervalBetween is timestamp_mi: the difference in microseconds, whole
// days of it as days (justify_hours). Not time.Sub, whose Duration
// saturates at 292 years.
func IntervalBetween(a, b time.Time) pgtype.Interval {
	us := (a.Unix()-b.Unix())*1e6 + int64(a.Nanosecond()/1e3-b.Nanosecond()/1e3)
	days := us / 86400e6
	return pgtype.Interval{Days: int32(days), Microseconds: us - days*86400e6, Valid: true}
}

// IntervalMicros orders intervals as PostgreSQL does: a month is 30 days.
func IntervalMicros(iv pgtype.Interval) int64 {
	return (int64(iv.Months)*30+int64(iv.Days))*86400e6 + iv.Microseconds
}

var truncUnits = []string{"microseconds", "milliseconds", "second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade", "century", "millennium"}

func DateTrunc(field string, ts time.Time) (time.Time, error) {
	ts = ts.UTC()
	y, mo, d := ts.Date()
	switch strings.TrimSuffix(unitName(field), "s") {
	case "microsecond":
		return ts.Truncate(time.Microsecond), nil
	case "millisecond":
		return ts.Truncate(time.Millisecond), nil
	case "second":
		return ts.Truncate(time.Second), nil
	case "minute":
		return ts.Truncate(time.Minute), nil
	case "hour":
		return ts.Truncate(time.Hour), nil
	case "day":
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), nil
	case "week":
		wd := (int(ts.Weekday()) + 6) % 7 // Monday is the first day
		return time.Date(y, mo, d-wd, 0, 0, 0, 0, time.UTC), nil
	case "month":
		return time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC), nil
	case "quarter":
		return time.Date(y, (mo-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC), nil
	case "year":
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), nil
	case "decade":
		return time.Date(y/10*10, 1, 1, 0, 0, 0, 0, time.UTC), nil
	case "century":
		return time.Date((y-1)/100*100+1, 1, 1, 0, 0, 0, 0, time.UTC), nil
	case "millennium":
		return time.Date((y-1)/1000*1000+1, 1, 1, 0, 0, 0, 0, time.UTC), nil
	}
	return time.Time{}, pgerr.New(pgerr.InvalidParameterValue, "unit %q not recognized for type timestamp with time zone", field)
}

// DatePart is extract/date_part's value as a decimal string; a date has
// no time fields, and its epoch has no fraction.
func DatePart(field string, ts time.Time, t *Type) (string, error) {
	ts = ts.UTC()
	f := strings.ToLower(field)
	if t == Date {
		switch unitName(f) {
		case "hour", "minute", "second", "millisecond", "microsecond", "timezone", "timezone_hour", "timezone_minute":
			return "", pgerr.New(pgerr.FeatureNotSupported, "unit %q not supported for type date", field)
		}
		if f == "epoch" {
			return strconv.FormatInt(ts.Unix(), 10), nil
		}
	}
	switch f {
	case "epoch":
		us := ts.UnixMicro()
		sign := ""
		if us < 0 && us%1e6 != 0 {
			sign = "-"
		}
		return fmt.Sprintf("%s%d.%06d", sign, us/1e6, abs64(us%1e6)), nil
	case "dow":
		return strconv.Itoa(int(ts.Weekday())), nil
	case "isodow":
		return strconv.Itoa((int(ts.Weekday())+6)%7 + 1), nil
	case "doy":
		return strconv.Itoa(ts.YearDay()), nil
	case "week":
		_, w := ts.ISOWeek()
		return strconv.Itoa(w), nil
	case "quarter":
		return strconv.Itoa((int(ts.Month())-1)/3 + 1), nil
	case "timezone", "timezone_hour", "timezone_minute":
		return "0", nil
	}
	switch unitName(f) {
	case "year":
		return strconv.Itoa(ts.Year()), nil
	case "month":
		return strconv.Itoa(int(ts.Month())), nil
	case "day":
		return strconv.Itoa(ts.Day()), nil
	case "hour":
		return strconv.Itoa(ts.Hour()), nil
	case "minute":
		return strconv.Itoa(ts.Minute()), nil
	case "second":
		return fmt.Sprintf("%d.%06d", ts.Second(), ts.Nanosecond()/1000), nil
	case "millisecond":
		return fmt.Sprintf("%d.%03d", ts.Second()*1000+ts.Nanosecond()/1e6, (ts.Nanosecond()/1000)%1000), nil
	case "microsecond":
		return strconv.Itoa(ts.Second()*1e6 + ts.Nanosecond()/1000), nil
	case "decade":
		return strconv.Itoa(ts.Year() / 10), nil
	case "century":
		return strconv.Itoa((ts.Year()-1)/100 + 1), nil
	case "millennium":
		return strconv.Itoa((ts.Year()-1)/1000 + 1), nil
	}
	return "", pgerr.New(pgerr.InvalidParameterValue, "unit %q not recognized for type %s", field, t)
}

// IntervalPart is extract(field FROM interval): epoch counts a year as
// 365.25 days and a month as 30.
func IntervalPart(field string, iv pgtype.Interval) (string, error) {
	us := iv.Microseconds
	switch f := strings.ToLower(field); f {
	case "epoch":
		secs := new(big.Rat).SetFrac64(us, 1e6)
		days := int64(iv.Days) + int64(iv.Months%12)*30
		secs.Add(secs, new(big.Rat).SetInt64(days*86400))
		secs.Add(secs, new(big.Rat).SetFrac64(int64(iv.Months/12)*36525*86400, 100))
		return secs.FloatString(6), nil
	default:
		switch unitName(f) {
		case "millennium":
			return strconv.Itoa(int(iv.Months / 12000)), nil
		case "century":
			return strconv.Itoa(int(iv.Months / 1200)), nil
		case "decade":
			return strconv.Itoa(int(iv.Months / 120)), nil
		case "year":
			return strconv.Itoa(int(iv.Months / 12)), nil
		case "quarter":
			return strconv.Itoa(int(iv.Months%12)/3 + 1), nil
		case "month":
			return strconv.Itoa(int(iv.Months % 12)), nil
		case "day":
			return strconv.Itoa(int(iv.Days)), nil
		case "hour":
			return strconv.FormatInt(us/3600e6, 10), nil
		case "minute":
			return strconv.FormatInt(us/60e6%60, 10), nil
		case "second":
			return new(big.Rat).SetFrac64(us%60e6, 1e6).FloatString(6), nil
		case "millisecond":
			return new(big.Rat).SetFrac64(us%60e6, 1e3).FloatString(3), nil
		case "microsecond":
			return strconv.FormatInt(us%60e6, 10), nil
		}
	}
	return "", pgerr.New(pgerr.InvalidParameterValue, "unit %q not recognized for type interval", field)
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// AgeInterval is age(a, b): years, months and days between the dates,
// then the time difference, as PostgreSQL's symbolic subtraction.
func AgeInterval(a, b time.Time) pgtype.Interval {
	neg := a.Before(b)
	if neg {
		a, b = b, a
	}
	y1, m1, d1 := a.Date()
	y0, m0, d0 := b.Date()
	months := (y1-y0)*12 + int(m1-m0)
	days := d1 - d0
	us := (a.Sub(time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)) - b.Sub(time.Date(y0, m0, d0, 0, 0, 0, 0, time.UTC))) / time.Microsecond
	if us < 0 {
		us += 86400e6
		days--
	}
	if days < 0 {
		// Borrow the length of b's month, as timestamp_age does.
		days += time.Date(y0, m0+1, 0, 0, 0, 0, 0, time.UTC).Day()
		months--
	}
	iv := pgtype.Interval{Months: int32(months), Days: int32(days), Microseconds: int64(us), Valid: true}
	if neg {
		iv.Months, iv.Days, iv.Microseconds = -iv.Months, -iv.Days, -iv.Microseconds
	}
	return iv
}

// ScaleInterval multiplies or divides an interval as interval_mul and
// interval_div do: each field is scaled on its own, fractional months
// spill into days (30 to a month) and fractional days into time, rounded
// to the microsecond.
func ScaleInterval(iv pgtype.Interval, f float64, divide bool) (pgtype.Interval, error) {
	scale := func(x float64) float64 {
		if divide {
			return x / f
		}
		return x * f
	}
	months := scale(float64(iv.Months))
	days := scale(float64(iv.Days))
	if !fitsInt32(months) || !fitsInt32(days) {
		return pgtype.Interval{}, ErrIntervalRange()
	}
	out := pgtype.Interval{Months: int32(months), Days: int32(days), Valid: true}
	// TSROUND, in interval_mul and interval_div alike.
	monthDays := math.Round((months-math.Trunc(months))*30*1e6) / 1e6
	secs := (days - math.Trunc(days) + monthDays - math.Trunc(monthDays)) * 86400
	secs = math.Round(secs*1e6) / 1e6
	if math.Abs(secs) >= 86400 {
		out.Days += int32(secs / 86400)
		secs -= math.Trunc(secs/86400) * 86400
	}
	out.Days += int32(monthDays)
	us := math.RoundToEven(scale(float64(iv.Microseconds)) + secs*1e6)
	if math.IsNaN(us) || us < math.MinInt64 || us >= math.MaxInt64 {
		return pgtype.Interval{}, ErrIntervalRange()
	}
	out.Microseconds = int64(us)
	return out, nil
}

func fitsInt32(f float64) bool { return !math.IsNaN(f) && f >= math.MinInt32 && f <= math.MaxInt32 }

// ErrIntervalRange is interval arithmetic past what an interval holds
// (int32 months and days, int64 microseconds), as PostgreSQL reports it.
func ErrIntervalRange() error {
	return pgerr.New(pgerr.DatetimeFieldOverflow, "interval out of range")
}

// PostgreSQL's timestamps run from 4714-11-24 BC to 294276-12-31
// 23:59:59.999999 (year -4713 in the proleptic calendar Go uses).
var (
	minTimestamp = time.Date(-4713, time.November, 24, 0, 0, 0, 0, time.UTC)
	maxTimestamp = time.Date(294277, time.January, 1, 0, 0, 0, 0, time.UTC)
)

// InTimestampRange refuses a computed timestamp PostgreSQL cannot hold.
func InTimestampRange(t time.Time) (any, error) {
	if t.Before(minTimestamp) || !t.Before(maxTimestamp) {
		return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "timestamp out of range")
	}
	return t, nil
}
