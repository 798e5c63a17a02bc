package server

import (
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5/pgtype"
)

// Dates, timestamps and intervals in PostgreSQL 15's text forms:
// DateStyle ISO and IntervalStyle postgres (the defaults, and what pgJDBC
// and psqlODBC set). Other styles are accepted as settings but output stays
// ISO/postgres.

var locations sync.Map // TimeZone setting -> *time.Location

// loadLocation resolves a TimeZone setting; unknown names give UTC (the
// executor validates SET TimeZone).
func loadLocation(name string) *time.Location {
	name = strings.TrimSpace(name)
	if name == "" || strings.EqualFold(name, "UTC") || strings.EqualFold(name, "Etc/UTC") || strings.EqualFold(name, "GMT") {
		return time.UTC
	}
	if l, ok := locations.Load(name); ok {
		return l.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = fixedZone(name)
	}
	locations.Store(name, loc)
	return loc
}

// fixedZone understands numeric zones such as "+02", "-03:30" (POSIX
// sign: "+02" in a TimeZone setting is west of Greenwich, as PostgreSQL
// reads it when it is not an ISO offset).
func fixedZone(name string) *time.Location {
	if off, ok := parseOffset(name); ok {
		return time.FixedZone(name, -off)
	}
	return time.UTC
}

// appendDateTime writes date, timestamp or timestamptz (in loc) in ISO
// style: "2024-01-02 03:04:05.5+00", years <= 0 as "... BC".
func appendDateTime(buf []byte, oid uint32, t time.Time, loc *time.Location) []byte {
	t = t.Round(time.Microsecond)
	switch oid {
	case pgtype.TimestamptzOID:
		t = t.In(loc)
	case pgtype.TimestampOID, pgtype.DateOID:
		// wall clock as given
	}
	year := t.Year()
	bc := year <= 0
	if bc {
		year = 1 - year
	}
	buf = appendPadded(buf, year, 4)
	buf = append(buf, '-')
	buf = appendPadded(buf, int(t.Month()), 2)
	buf = append(buf, '-')
	buf = appendPadded(buf, t.Day(), 2)
	if oid != pgtype.DateOID {
		buf = append(buf, ' ')
		buf = appendPadded(buf, t.Hour(), 2)
		buf = append(buf, ':')
		buf = appendPadded(buf, t.Minute(), 2)
		buf = append(buf, ':')
		buf = appendSeconds(buf, int64(t.Second()), int64(t.Nanosecond()/1000))
		if oid == pgtype.TimestamptzOID {
			_, off := t.Zone()
			buf = appendOffset(buf, off)
		}
	}
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

func appendPadded(buf []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		buf = append(buf, '0')
	}
	return append(buf, s...)
}

// appendSeconds writes two-digit seconds and the fraction without trailing
// zeros.
func appendSeconds(buf []byte, sec, usec int64) []byte {
	buf = appendPadded(buf, int(sec), 2)
	if usec != 0 {
		frac := strconv.FormatInt(usec+1_000_000, 10)[1:]
		buf = append(buf, '.')
		buf = append(buf, strings.TrimRight(frac, "0")...)
	}
	return buf
}

// appendOffset writes a UTC offset the way PostgreSQL does: +HH, +HH:MM or
// +HH:MM:SS.
func appendOffset(buf []byte, off int) []byte {
	if off < 0 {
		buf = append(buf, '-')
		off = -off
	} else {
		buf = append(buf, '+')
	}
	buf = appendPadded(buf, off/3600, 2)
	if m, s := off/60%60, off%60; m != 0 || s != 0 {
		buf = append(buf, ':')
		buf = appendPadded(buf, m, 2)
		if s != 0 {
			buf = append(buf, ':')
			buf = appendPadded(buf, s, 2)
		}
	}
	return buf
}

// appendInterval writes an interval in IntervalStyle postgres, e.g.
// "1 year 2 mons -3 days +04:05:06.5".
func appendInterval(buf []byte, iv pgtype.Interval) []byte {
	zero, before := true, false
	part := func(v int64, unit string) {
		if v == 0 {
			return
		}
		if !zero {
			buf = append(buf, ' ')
		}
		if before && v > 0 {
			buf = append(buf, '+')
		}
		buf = strconv.AppendInt(buf, v, 10)
		buf = append(buf, ' ')
		buf = append(buf, unit...)
		if v != 1 {
			buf = append(buf, 's')
		}
		before, zero = v < 0, false
	}
	part(int64(iv.Months/12), "year")
	part(int64(iv.Months%12), "mon")
	part(int64(iv.Days), "day")
	us := iv.Microseconds
	hour, min, sec, frac := us/3_600_000_000, us/60_000_000%60, us/1_000_000%60, us%1_000_000
	if zero || us != 0 {
		if !zero {
			buf = append(buf, ' ')
		}
		switch {
		case us < 0:
			buf = append(buf, '-')
		case before:
			buf = append(buf, '+')
		}
		buf = appendPadded(buf, int(abs64(hour)), 2)
		buf = append(buf, ':')
		buf = appendPadded(buf, int(abs64(min)), 2)
		buf = append(buf, ':')
		buf = appendSeconds(buf, abs64(sec), abs64(frac))
	}
	return buf
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// parseOffset reads "Z", "+HH", "+HHMM", "+HH:MM", "+HH:MM:SS" into seconds
// east of UTC.
func parseOffset(s string) (int, bool) {
	if s == "Z" || s == "z" {
		return 0, true
	}
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	body := s[1:]
	var parts []string
	if strings.Contains(body, ":") {
		parts = strings.Split(body, ":")
	} else {
		for len(body) > 2 {
			parts = append(parts, body[:2])
			body = body[2:]
		}
		parts = append(parts, body)
	}
	if len(parts) > 3 {
		return 0, false
	}
	mult := []int{3600, 60, 1}
	off := 0
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" {
			return 0, false
		}
		off += n * mult[i]
	}
	return sign * off, true
}

// parseDateTime reads date, timestamp and timestamptz text input: ISO
// forms with a space or T, optional fraction, optional zone and optional
// " BC"; a timestamptz without zone is in loc. It returns false when the
// text is not understood.
func parseDateTime(s string, oid uint32, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	bc := false
	if u := strings.ToUpper(s); strings.HasSuffix(u, " BC") {
		bc, s = true, strings.TrimSpace(s[:len(s)-3])
	} else if strings.HasSuffix(u, " AD") {
		s = strings.TrimSpace(s[:len(s)-3])
	}
	switch strings.ToLower(s) {
	case "epoch":
		return time.Unix(0, 0).UTC(), true
	case "now", "today", "tomorrow", "yesterday":
		now := time.Now().In(loc)
		if strings.EqualFold(s, "now") {
			if oid == pgtype.TimestampOID {
				return wallUTC(now), true
			}
			return now, true
		}
		d := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
		switch strings.ToLower(s) {
		case "tomorrow":
			d = d.AddDate(0, 0, 1)
		case "yesterday":
			d = d.AddDate(0, 0, -1)
		}
		if oid != pgtype.TimestamptzOID {
			d = wallUTC(d)
		}
		return d, true
	}
	// Date part.
	i := 0
	for i < len(s) && (s[i] == '-' || unicode.IsDigit(rune(s[i]))) {
		i++
	}
	datePart := s[:i]
	rest := strings.TrimLeft(s[i:], " Tt")
	dp := strings.Split(datePart, "-")
	if len(dp) != 3 {
		return time.Time{}, false
	}
	year, e1 := strconv.Atoi(dp[0])
	month, e2 := strconv.Atoi(dp[1])
	day, e3 := strconv.Atoi(dp[2])
	if e1 != nil || e2 != nil || e3 != nil || month < 1 || month > 12 || day < 1 || day > 31 || len(dp[0]) < 1 {
		return time.Time{}, false
	}
	if bc {
		year = 1 - year
	}
	hour, minute, sec, nsec := 0, 0, 0, 0
	zone := ""
	if rest != "" {
		// Time part up to the zone.
		j := 0
		for j < len(rest) && (rest[j] == ':' || rest[j] == '.' || unicode.IsDigit(rune(rest[j]))) {
			j++
		}
		tp, z := rest[:j], strings.TrimSpace(rest[j:])
		zone = z
		hms := strings.Split(tp, ":")
		if len(hms) < 2 || len(hms) > 3 {
			return time.Time{}, false
		}
		var err error
		if hour, err = strconv.Atoi(hms[0]); err != nil || hour > 24 {
			return time.Time{}, false
		}
		if minute, err = strconv.Atoi(hms[1]); err != nil || minute > 59 {
			return time.Time{}, false
		}
		if len(hms) == 3 {
			secs, frac, _ := strings.Cut(hms[2], ".")
			if sec, err = strconv.Atoi(secs); err != nil || sec > 60 {
				return time.Time{}, false
			}
			if frac != "" {
				if len(frac) > 9 {
					frac = frac[:9]
				}
				n, err := strconv.Atoi(frac)
				if err != nil {
					return time.Time{}, false
				}
				for k := len(frac); k < 9; k++ {
					n *= 10
				}
				nsec = n
			}
		}
	}
	if oid == pgtype.DateOID && (rest != "") {
		// PostgreSQL accepts and ignores a time part in date input.
		zone = ""
	}
	l := time.UTC
	if oid == pgtype.TimestamptzOID {
		l = loc
		if zone != "" {
			off, ok := parseOffset(zone)
			if !ok {
				zl, err := time.LoadLocation(zone)
				if err != nil {
					return time.Time{}, false
				}
				l = zl
			} else {
				l = time.FixedZone("", off)
			}
		}
	} else if zone != "" && oid == pgtype.TimestampOID {
		if _, ok := parseOffset(zone); !ok {
			return time.Time{}, false
		}
		// timestamp without time zone ignores a zone in its input.
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, l)
	if t.Day() != day && hour != 24 {
		return time.Time{}, false // e.g. February 30th
	}
	if oid == pgtype.DateOID {
		return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), true
	}
	return t.Round(time.Microsecond), true
}

func wallUTC(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// parseInterval reads the common interval inputs: "1 year 2 mons 3 days
// 04:05:06.5", unit words with optional plural and abbreviations ("2
// hours", "30 min"), a trailing "ago", and ISO 8601 "P1Y2M3DT4H5M6S".
func parseInterval(s string) (pgtype.Interval, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return pgtype.Interval{}, false
	}
	if s[0] == 'p' {
		return parseISOInterval(s[1:])
	}
	var months, days int64
	var usec float64
	ago := false
	if strings.HasSuffix(s, " ago") {
		ago, s = true, strings.TrimSpace(strings.TrimSuffix(s, " ago"))
	}
	f := strings.Fields(s)
	seen := false
	for i := 0; i < len(f); i++ {
		tok := strings.TrimPrefix(f[i], "@")
		if tok == "" {
			continue
		}
		if strings.Contains(tok, ":") {
			neg := strings.HasPrefix(tok, "-")
			tok = strings.TrimLeft(tok, "+-")
			parts := strings.Split(tok, ":")
			if len(parts) > 3 {
				return pgtype.Interval{}, false
			}
			mult := []float64{3600e6, 60e6, 1e6}
			var t float64
			for k, p := range parts {
				v, err := strconv.ParseFloat(p, 64)
				if err != nil || v < 0 {
					return pgtype.Interval{}, false
				}
				t += v * mult[k]
			}
			if neg {
				t = -t
			}
			usec += t
			seen = true
			continue
		}
		num, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			return pgtype.Interval{}, false
		}
		unit := "second"
		if i+1 < len(f) {
			i++
			unit = f[i]
		}
		u, ok := intervalUnits[unit]
		if !ok {
			u, ok = intervalUnits[strings.TrimSuffix(unit, "s")]
		}
		if !ok {
			return pgtype.Interval{}, false
		}
		switch {
		case u.months != 0:
			whole := int64(num * u.months)
			months += whole
			if u.months == 1 {
				days += int64((num - float64(whole)) * 30)
			}
		case u.days != 0:
			whole := int64(num * u.days)
			days += whole
			usec += (num*u.days - float64(whole)) * 86400e6
		default:
			usec += num * u.usec
		}
		seen = true
	}
	if !seen {
		return pgtype.Interval{}, false
	}
	iv := pgtype.Interval{Months: int32(months), Days: int32(days), Microseconds: int64(usec + copySign(0.5, usec)), Valid: true}
	if ago {
		iv.Months, iv.Days, iv.Microseconds = -iv.Months, -iv.Days, -iv.Microseconds
	}
	return iv, true
}

type intervalUnit struct{ months, days, usec float64 }

// intervalUnits maps unit words (singular or as written) to their size.
var intervalUnits = map[string]intervalUnit{
	"millennium": {months: 12000}, "millennia": {months: 12000}, "mil": {months: 12000},
	"century": {months: 1200}, "centuries": {months: 1200}, "c": {months: 1200},
	"decade": {months: 120}, "dec": {months: 120},
	"year": {months: 12}, "yr": {months: 12}, "y": {months: 12}, "yrs": {months: 12},
	"mon": {months: 1}, "month": {months: 1},
	"week": {days: 7}, "w": {days: 7},
	"day": {days: 1}, "d": {days: 1},
	"hour": {usec: 3600e6}, "hr": {usec: 3600e6}, "h": {usec: 3600e6},
	"minute": {usec: 60e6}, "min": {usec: 60e6}, "m": {usec: 60e6},
	"second": {usec: 1e6}, "sec": {usec: 1e6}, "s": {usec: 1e6},
	"millisecond": {usec: 1e3}, "msec": {usec: 1e3}, "ms": {usec: 1e3},
	"microsecond": {usec: 1}, "usec": {usec: 1}, "us": {usec: 1},
}

func copySign(v, sign float64) float64 {
	if sign < 0 {
		return -v
	}
	return v
}

func parseISOInterval(s string) (pgtype.Interval, bool) {
	var iv pgtype.Interval
	inTime := false
	num := ""
	for _, r := range s {
		switch {
		case r == 't':
			inTime = true
		case unicode.IsDigit(r) || r == '.' || r == '-':
			num += string(r)
		default:
			v, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return pgtype.Interval{}, false
			}
			num = ""
			switch {
			case r == 'y' && !inTime:
				iv.Months += int32(v * 12)
			case r == 'm' && !inTime:
				iv.Months += int32(v)
			case r == 'w' && !inTime:
				iv.Days += int32(v * 7)
			case r == 'd' && !inTime:
				iv.Days += int32(v)
			case r == 'h' && inTime:
				iv.Microseconds += int64(v * 3600e6)
			case r == 'm' && inTime:
				iv.Microseconds += int64(v * 60e6)
			case r == 's' && inTime:
				iv.Microseconds += int64(v * 1e6)
			default:
				return pgtype.Interval{}, false
			}
		}
	}
	if num != "" {
		return pgtype.Interval{}, false
	}
	iv.Valid = true
	return iv, true
}
