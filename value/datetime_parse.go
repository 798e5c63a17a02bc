package value

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
)

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

var weekdayNames = map[string]bool{
	"sun": true, "sunday": true, "mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true,
	"wed": true, "wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true,
	"fri": true, "friday": true, "sat": true, "saturday": true,
}

// ZoneAbbrevs are the common abbreviations of PostgreSQL's Default set.
var ZoneAbbrevs = map[string]int{
	"utc": 0, "gmt": 0, "z": 0, "zulu": 0, "ut": 0,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
	"akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600,
	"cet": 3600, "cest": 2 * 3600, "eet": 2 * 3600, "eest": 3 * 3600, "wet": 0, "west": 3600,
	"bst": 3600, "msk": 3 * 3600, "jst": 9 * 3600, "kst": 9 * 3600, "aest": 10 * 3600, "aedt": 11 * 3600,
	"nzst": 12 * 3600, "nzdt": 13 * 3600,
}

func badDatetime(t *Type, s string) *pgerr.Error {
	return pgerr.New(pgerr.InvalidDatetimeFormat, "invalid input syntax for type %s: \"%s\"", t, s)
}

func datetimeOutOfRange(s string, hint bool) *pgerr.Error {
	e := pgerr.New(pgerr.DatetimeFieldOverflow, "date/time field value out of range: \"%s\"", s)
	if hint {
		e.Hint = `Perhaps you need a different "datestyle" setting.`
	}
	return e
}

// ParseTime reads a date, timestamp or timestamptz in a UTC session.
func ParseTime(s string, t *Type) (time.Time, error) {
	return parseTimeIn(s, t, time.UTC)
}

// parseTimeIn reads a date, timestamp or timestamptz; loc is the session
// time zone: a timestamptz without a zone is there, and "now", "today" are
// its wall clock for a date or timestamp. A timestamptz comes back in UTC,
// a date or timestamp as its wall clock in UTC.
func parseTimeIn(s string, t *Type, loc *time.Location) (time.Time, error) {
	in := strings.TrimSpace(s)
	now := time.Now().In(loc)
	wall := func(ts time.Time) time.Time {
		if t == Timestamptz {
			return ts.UTC()
		}
		return time.Date(ts.Year(), ts.Month(), ts.Day(), ts.Hour(), ts.Minute(), ts.Second(), ts.Nanosecond(), time.UTC)
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	switch strings.ToLower(in) {
	case "epoch":
		return time.Unix(0, 0).UTC(), nil
	case "now":
		if t == Date {
			return wall(today), nil
		}
		return wall(now), nil
	case "today":
		return wall(today), nil
	case "tomorrow":
		return wall(today.AddDate(0, 0, 1)), nil
	case "yesterday":
		return wall(today.AddDate(0, 0, -1)), nil
	case "infinity", "-infinity", "+infinity":
		return time.Time{}, pgerr.New(pgerr.FeatureNotSupported, "%s values of type %s are not supported", in, t)
	}
	var (
		year, day, hour, minute, sec, usec = -1, -1, 0, 0, 0, 0
		month                              time.Month
		haveTime, haveZone                 bool
		zone                               *time.Location
		offset                             int
		pm, am, bc                         bool
	)
	toks := splitDatetime(in)
	if len(toks) == 0 {
		return time.Time{}, badDatetime(t, s)
	}
	var nums []string // bare numbers of the date part
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		lower := strings.ToLower(tok)
		switch {
		case strings.Count(tok, "-") == 2 && isDigits(strings.ReplaceAll(tok, "-", "")) && !strings.HasPrefix(tok, "-"):
			p := strings.Split(tok, "-")
			y, _ := strconv.Atoi(p[0])
			m, _ := strconv.Atoi(p[1])
			d, _ := strconv.Atoi(p[2])
			if len(p[0]) < 3 { // MDY: 05-14-2024
				y, _ = strconv.Atoi(p[2])
				m, _ = strconv.Atoi(p[0])
				d, _ = strconv.Atoi(p[1])
			}
			year, month, day = y, time.Month(m), d
			if m < 1 || m > 12 {
				return time.Time{}, datetimeOutOfRange(s, true)
			}
		case strings.Count(tok, "/") == 2 && isDigits(strings.ReplaceAll(tok, "/", "")):
			p := strings.Split(tok, "/")
			a, _ := strconv.Atoi(p[0])
			b, _ := strconv.Atoi(p[1])
			c, _ := strconv.Atoi(p[2])
			if len(p[0]) >= 3 {
				year, month, day = a, time.Month(b), c
			} else {
				year, month, day = c, time.Month(a), b
			}
			if month < 1 || month > 12 {
				return time.Time{}, datetimeOutOfRange(s, true)
			}
		case strings.Contains(tok, ":") && !haveTime && (unicode.IsDigit(rune(tok[0]))):
			p := strings.Split(tok, ":")
			if len(p) > 3 {
				return time.Time{}, badDatetime(t, s)
			}
			var err error
			if hour, err = strconv.Atoi(p[0]); err != nil {
				return time.Time{}, badDatetime(t, s)
			}
			if minute, err = strconv.Atoi(p[1]); err != nil {
				return time.Time{}, badDatetime(t, s)
			}
			if len(p) == 3 {
				f, err := strconv.ParseFloat(p[2], 64)
				if err != nil || strings.HasPrefix(p[2], "-") || strings.HasPrefix(p[2], "+") {
					return time.Time{}, badDatetime(t, s)
				}
				sec = int(f)
				usec = int(math.RoundToEven((f - math.Trunc(f)) * 1e6))
			}
			haveTime = true
		case (tok[0] == '+' || tok[0] == '-') && haveTime && !haveZone:
			off, ok := parseOffset(tok[1:])
			if !ok {
				return time.Time{}, badDatetime(t, s)
			}
			if tok[0] == '-' {
				off = -off
			}
			offset, haveZone = off, true
		case lower == "t":
		case lower == "am":
			am = true
		case lower == "pm":
			pm = true
		case lower == "ad":
		case lower == "bc":
			bc = true
		case weekdayNames[lower]:
		case monthNames[lower] != 0:
			month = monthNames[lower]
		case isDigits(tok) && len(tok) == 8 && year < 0 && len(nums) == 0:
			year, _ = strconv.Atoi(tok[:4])
			m, _ := strconv.Atoi(tok[4:6])
			day, _ = strconv.Atoi(tok[6:])
			month = time.Month(m)
			if m < 1 || m > 12 {
				return time.Time{}, datetimeOutOfRange(s, true)
			}
		case isDigits(tok):
			nums = append(nums, tok)
		default:
			if off, ok := ZoneAbbrevs[lower]; ok && !haveZone {
				offset, haveZone = off, true
				continue
			}
			if loc, err := time.LoadLocation(tok); err == nil && !haveZone && strings.Contains(tok, "/") {
				zone, haveZone = loc, true
				continue
			}
			return time.Time{}, badDatetime(t, s)
		}
	}
	// Bare numbers complete a textual date: "May 14 2024", "14 May 2024".
	for _, n := range nums {
		v, _ := strconv.Atoi(n)
		switch {
		case day < 0 && len(n) <= 2 && month != 0:
			day = v
		case year < 0:
			year = v
		default:
			return time.Time{}, badDatetime(t, s)
		}
	}
	if year < 0 || month == 0 || day < 0 {
		return time.Time{}, badDatetime(t, s)
	}
	if bc {
		if year == 0 {
			return time.Time{}, datetimeOutOfRange(s, false) // there is no year 0 BC
		}
		year = 1 - year // 1 BC is year 0
	}
	if pm && hour < 12 {
		hour += 12
	} else if am && hour == 12 {
		hour = 0
	}
	if day < 1 || day > DaysIn(year, month) {
		return time.Time{}, datetimeOutOfRange(s, false)
	}
	if hour > 24 || minute > 59 || sec > 60 || (hour == 24 && (minute > 0 || sec > 0 || usec > 0)) {
		return time.Time{}, datetimeOutOfRange(s, false)
	}
	switch {
	case t != Timestamptz:
		loc = time.UTC // timestamp and date ignore a zone
	case zone != nil:
		loc = zone
	case haveZone:
		loc = time.FixedZone("", offset)
	}
	ts := time.Date(year, month, day, hour, minute, sec, usec*1000, loc).UTC()
	if t == Date {
		ts = time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	}
	return ts, nil
}

// splitDatetime breaks input into fields: runs of digits with their
// separators (2024-05-14, 10:00:03.5), words, and signed offsets after a
// time (+02:00).
func splitDatetime(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		c := rs[i]
		switch {
		case c == ' ' || c == ',':
			i++
		case unicode.IsDigit(c):
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == '-' || rs[j] == ':' || rs[j] == '.' || rs[j] == '/') {
				// A '-' after a time starts a zone offset.
				if rs[j] == '-' && strings.Contains(string(rs[i:j]), ":") {
					break
				}
				j++
			}
			out = append(out, string(rs[i:j]))
			i = j
		case c == '+' || c == '-':
			j := i + 1
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == ':') {
				j++
			}
			out = append(out, string(rs[i:j]))
			i = j
		case unicode.IsLetter(c):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '/' || rs[j] == '_') {
				j++
			}
			word := string(rs[i:j])
			// "2024-05-14T10:00": a T joins the date and the time.
			if (word == "T" || word == "t") && j < len(rs) && unicode.IsDigit(rs[j]) {
				i = j
				continue
			}
			if (word == "Z" || word == "z") && len(out) > 0 {
				out = append(out, "z")
				i = j
				continue
			}
			out = append(out, word)
			i = j
		default:
			out = append(out, string(c))
			i++
		}
	}
	return out
}

// parseOffset reads a zone offset's digits: 5, 05, 0530, 05:30, 05:30:15.
func parseOffset(s string) (int, bool) {
	var h, m, sec int
	var err error
	switch p := strings.Split(s, ":"); {
	case len(p) > 1:
		if h, err = strconv.Atoi(p[0]); err != nil {
			return 0, false
		}
		if m, err = strconv.Atoi(p[1]); err != nil {
			return 0, false
		}
		if len(p) > 2 {
			if sec, err = strconv.Atoi(p[2]); err != nil {
				return 0, false
			}
		}
	case len(s) <= 2:
		if h, err = strconv.Atoi(s); err != nil {
			return 0, false
		}
	case len(s) == 4:
		h, _ = strconv.Atoi(s[:2])
		if m, err = strconv.Atoi(s[2:]); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	return h*3600 + m*60 + sec, h <= 15 && m < 60 && sec < 60
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func DaysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// parseISOInterval reads ISO 8601 durations: P1Y2M3DT4H5M6.5S, P2W.
func parseISOInterval(s string) (pgtype.Interval, bool) {
	u := strings.ToUpper(s)
	if !strings.HasPrefix(u, "P") || len(u) < 2 {
		return pgtype.Interval{}, false
	}
	var iv pgtype.Interval
	inTime := false
	num := ""
	for _, c := range u[1:] {
		switch {
		case c == 'T':
			inTime = true
		case (c >= '0' && c <= '9') || c == '.' || c == '-':
			num += string(c)
		default:
			f, err := parseFloat(num)
			if err != nil || num == "" {
				return pgtype.Interval{}, false
			}
			num = ""
			switch {
			case c == 'Y' && !inTime:
				iv.Months += int32(f * 12)
			case c == 'M' && !inTime:
				iv.Months += int32(f)
			case c == 'W' && !inTime:
				iv.Days += int32(f * 7)
			case c == 'D' && !inTime:
				iv.Days += int32(f)
			case c == 'H' && inTime:
				iv.Microseconds += int64(math.Round(f * 3600e6))
			case c == 'M' && inTime:
				iv.Microseconds += int64(math.Round(f * 60e6))
			case c == 'S' && inTime:
				iv.Microseconds += int64(math.Round(f * 1e6))
			default:
				return pgtype.Interval{}, false
			}
		}
	}
	iv.Valid = num == ""
	return iv, iv.Valid
}
