package value

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
)

func Sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

// templateNode is one piece of a template: a pattern keyword with its
// modifiers, or literal text.
type templateNode struct {
	key     string // "" for literal text
	literal string
	fm      bool   // FM: no padding
	suffix  string // "TH" or "th"
}

var datePatterns = []string{
	"A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "Day", "Dy", "D",
	"FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "FX", "HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY",
	"IYY", "IY", "I", "J", "MI", "MM", "MONTH", "MON", "MS", "Month", "Mon", "OF", "P.M.", "PM", "Q",
	"RM", "SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ", "US", "WW", "W", "Y,YYY", "YYYY", "YYY", "YY", "Y",
	"a.d.", "a.m.", "ad", "am", "b.c.", "bc", "day", "dd", "ddd", "dy", "d", "month", "mon", "p.m.",
	"pm", "rm", "tz", "of",
}

// parseTemplate splits a template into pattern keywords and literal text.
func parseTemplate(f string, patterns []string) []templateNode {
	var out []templateNode
	for i := 0; i < len(f); {
		switch {
		case f[i] == '"':
			j := i + 1
			var lit strings.Builder
			for j < len(f) && f[j] != '"' {
				if f[j] == '\\' && j+1 < len(f) {
					j++
				}
				lit.WriteByte(f[j])
				j++
			}
			out = append(out, templateNode{literal: lit.String()})
			i = j + 1
			continue
		case f[i] == '\\' && i+1 < len(f):
			out = append(out, templateNode{literal: string(f[i+1])})
			i += 2
			continue
		}
		n := templateNode{}
		j := i
		if strings.HasPrefix(strings.ToUpper(f[j:]), "FM") {
			n.fm = true
			j += 2
		}
		matched := ""
		for _, p := range patterns {
			if strings.HasPrefix(f[j:], p) {
				matched = p
				break
			}
		}
		if matched == "" {
			// Case-insensitive fallback for keywords without case forms.
			for _, p := range patterns {
				if len(f[j:]) >= len(p) && strings.EqualFold(f[j:j+len(p)], p) && strings.ToUpper(p) == p && !hasCaseForms(p) {
					matched = f[j : j+len(p)]
					break
				}
			}
		}
		if matched == "" {
			if n.fm {
				i = j
				continue
			}
			_, size := utf8.DecodeRuneInString(f[i:])
			out = append(out, templateNode{literal: f[i : i+size]})
			i += size
			continue
		}
		n.key = matched
		j += len(matched)
		if strings.HasPrefix(f[j:], "TH") || strings.HasPrefix(f[j:], "th") {
			n.suffix = f[j : j+2]
			j += 2
		}
		out = append(out, n)
		i = j
	}
	return out
}

func hasCaseForms(p string) bool {
	switch strings.ToUpper(p) {
	case "DAY", "DY", "MONTH", "MON", "AM", "PM", "A.M.", "P.M.", "AD", "BC", "A.D.", "B.C.", "RM", "TZ", "OF":
		return true
	}
	return false
}

// ordinal is the English suffix TH adds.
func ordinal(n int, upper bool) string {
	s := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			s = "st"
		case 2:
			s = "nd"
		case 3:
			s = "rd"
		}
	}
	if upper {
		return strings.ToUpper(s)
	}
	return s
}

func caseLike(pattern, s string) string {
	switch {
	case pattern == strings.ToUpper(pattern):
		return strings.ToUpper(s)
	case pattern == strings.ToLower(pattern):
		return strings.ToLower(s)
	}
	return s
}

// FormatDatetime is to_char for dates and timestamps; iv is set when
// formatting an interval's fields.
func FormatDatetime(ts time.Time, f string, t *Type, iv *pgtype.Interval) string {
	ts = ts.UTC()
	var sb strings.Builder
	for _, n := range parseTemplate(f, datePatterns) {
		if n.key == "" {
			sb.WriteString(n.literal)
			continue
		}
		num := func(v, width int) {
			s := strconv.Itoa(v)
			if !n.fm && len(s) < width {
				s = strings.Repeat("0", width-len(s)) + s
			}
			sb.WriteString(s)
			if n.suffix != "" {
				sb.WriteString(ordinal(v, n.suffix == "TH"))
			}
		}
		word := func(s string, width int) {
			s = caseLike(n.key, s)
			if !n.fm && len(s) < width {
				s += strings.Repeat(" ", width-len(s))
			}
			sb.WriteString(s)
		}
		hour := ts.Hour()
		y, isoWeek := ts.ISOWeek()
		switch strings.ToUpper(n.key) {
		case "YYYY":
			num(ts.Year(), 4)
		case "Y,YYY":
			sb.WriteString(fmt.Sprintf("%d,%03d", ts.Year()/1000, ts.Year()%1000))
		case "YYY":
			num(ts.Year()%1000, 3)
		case "YY":
			num(ts.Year()%100, 2)
		case "Y":
			num(ts.Year()%10, 1)
		case "IYYY":
			num(y, 4)
		case "IYY":
			num(y%1000, 3)
		case "IY":
			num(y%100, 2)
		case "I":
			num(y%10, 1)
		case "MM":
			num(int(ts.Month()), 2)
		case "MONTH":
			word(ts.Month().String(), 9)
		case "MON":
			word(ts.Month().String()[:3], 0)
		case "DD":
			num(ts.Day(), 2)
		case "DDD":
			num(ts.YearDay(), 3)
		case "IDDD":
			num((isoWeek-1)*7+(int(ts.Weekday())+6)%7+1, 3)
		case "D":
			num(int(ts.Weekday())+1, 1)
		case "ID":
			num((int(ts.Weekday())+6)%7+1, 1)
		case "DAY":
			word(ts.Weekday().String(), 9)
		case "DY":
			word(ts.Weekday().String()[:3], 0)
		case "W":
			num((ts.Day()-1)/7+1, 1)
		case "WW":
			num((ts.YearDay()-1)/7+1, 2)
		case "IW":
			num(isoWeek, 2)
		case "Q":
			num((int(ts.Month())-1)/3+1, 1)
		case "CC":
			num((ts.Year()-1)/100+1, 2)
		case "J":
			num(int(ts.Unix()/86400)+2440588, 1)
		case "HH", "HH12":
			h := hour % 12
			if h == 0 {
				h = 12
			}
			num(h, 2)
		case "HH24":
			if iv != nil {
				num(int(iv.Microseconds/3600e6), 2)
				continue
			}
			num(hour, 2)
		case "MI":
			num(ts.Minute(), 2)
		case "SS":
			num(ts.Second(), 2)
		case "SSSS", "SSSSS":
			num(hour*3600+ts.Minute()*60+ts.Second(), 1)
		case "MS":
			num(ts.Nanosecond()/1e6, 3)
		case "US":
			num(ts.Nanosecond()/1e3, 6)
		case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
			d := int(n.key[2] - '0')
			us := ts.Nanosecond() / 1e3
			for k := 6; k > d; k-- {
				us /= 10
			}
			num(us, d)
		case "AM", "PM", "A.M.", "P.M.":
			mer := "AM"
			if hour >= 12 {
				mer = "PM"
			}
			if strings.Contains(n.key, ".") {
				mer = mer[:1] + "." + mer[1:] + "."
			}
			sb.WriteString(caseLike(n.key, mer))
		case "AD", "BC", "A.D.", "B.C.":
			era := "AD"
			if strings.Contains(n.key, ".") {
				era = "A.D."
			}
			sb.WriteString(caseLike(n.key, era))
		case "TZ":
			if t == Timestamptz {
				sb.WriteString(caseLike(n.key, "UTC"))
			}
		case "OF":
			if t == Timestamptz {
				sb.WriteString("+00")
			}
		case "TZH":
			sb.WriteString("+00")
		case "TZM":
			sb.WriteString("00")
		case "RM":
			romans := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
			word(romans[ts.Month()-1], 4)
		}
	}
	return sb.String()
}

// FormatInterval2Char formats an interval's fields as to_char does:
// hours count the whole time part, days and months their fields.
func FormatInterval2Char(iv pgtype.Interval, f string) string {
	us := iv.Microseconds % 3600e6
	ts := time.Date(int(iv.Months/12), time.Month(iv.Months%12+1), int(iv.Days), 0, 0, 0, int(us*1000), time.UTC)
	if iv.Days == 0 {
		ts = ts.AddDate(0, 0, -1).Add(24 * time.Hour)
	}
	return FormatDatetime(ts, f, Interval, &iv)
}

// ParseWithTemplate is to_timestamp(text, template) and to_date.
func ParseWithTemplate(s, f string, t *Type) (any, error) {
	year, month, day, hour, minute, sec, us := 1, 1, 1, 0, 0, 0, 0
	pm, meridian := false, false
	in := s
	skipSpaces := func() {
		in = strings.TrimLeftFunc(in, unicode.IsSpace)
	}
	readInt := func(max int) (int, error) {
		skipSpaces()
		j := 0
		for j < len(in) && j < max && in[j] >= '0' && in[j] <= '9' {
			j++
		}
		if j == 0 {
			return 0, pgerr.New(pgerr.InvalidDatetimeFormat, "invalid value %q for %q", firstWord(in), f)
		}
		v, _ := strconv.Atoi(in[:j])
		in = in[j:]
		return v, nil
	}
	for _, n := range parseTemplate(f, datePatterns) {
		if n.key == "" {
			// Literal text and separators skip one character each.
			for range n.literal {
				if len(in) > 0 && !(in[0] >= '0' && in[0] <= '9') {
					in = in[1:]
				}
			}
			continue
		}
		var err error
		switch strings.ToUpper(n.key) {
		case "YYYY", "IYYY":
			year, err = readInt(4)
		case "YY":
			if year, err = readInt(2); err == nil {
				if year < 70 {
					year += 2000
				} else {
					year += 1900
				}
			}
		case "MM":
			month, err = readInt(2)
		case "DD":
			day, err = readInt(2)
		case "HH", "HH12", "HH24":
			hour, err = readInt(2)
		case "MI":
			minute, err = readInt(2)
		case "SS":
			sec, err = readInt(2)
		case "MS":
			var ms int
			ms, err = readInt(3)
			us = ms * 1000
		case "US":
			us, err = readInt(6)
		case "AM", "PM", "A.M.", "P.M.":
			skipSpaces()
			meridian = true
			pm = len(in) > 0 && (in[0] == 'P' || in[0] == 'p')
			in = in[min(len(n.key), len(in)):]
		case "MON", "MONTH":
			skipSpaces()
			w := strings.ToLower(firstWord(in))
			m, ok := monthNames[w]
			if !ok && len(w) >= 3 {
				m, ok = monthNames[w[:3]]
				w = w[:3]
			}
			if !ok {
				return nil, pgerr.New(pgerr.InvalidDatetimeFormat, "invalid value %q for %q", firstWord(in), n.key)
			}
			month = int(m)
			in = in[len(w):]
		case "DY", "DAY":
			skipSpaces()
			in = in[len(firstWord(in)):]
		default:
			return nil, pgerr.New(pgerr.FeatureNotSupported, "template pattern %q is not supported", n.key)
		}
		if err != nil {
			return nil, err
		}
	}
	if meridian {
		if hour > 12 || hour < 1 {
			return nil, pgerr.New(pgerr.InvalidDatetimeFormat, "hour \"%d\" is invalid for the 12-hour clock", hour).WithHint("Use the 24-hour clock, or give an hour between 1 and 12.")
		}
		if pm && hour < 12 {
			hour += 12
		} else if !pm && hour == 12 {
			hour = 0
		}
	}
	if month < 1 || month > 12 || day < 1 || day > DaysIn(year, time.Month(month)) || hour > 24 || minute > 59 || sec > 60 {
		return nil, pgerr.New(pgerr.DatetimeFieldOverflow, "date/time field value out of range: %q", s)
	}
	ts := time.Date(year, time.Month(month), day, hour, minute, sec, us*1000, time.UTC)
	if t == Date {
		ts = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	}
	return ts, nil
}

func firstWord(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			return s[:i]
		}
	}
	return s
}
