package value

import (
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/pgerr"
)

// The expected outputs and errors are PostgreSQL 15's (psql, TimeZone UTC).

func TestParseNumeric(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		code     pgerr.Code
	}{
		{"1.50e1", "15.0", ""},
		{" -0.0010 ", "-0.0010", ""},
		{"1e3", "1000", ""},
		{"+.5", "0.5", ""},
		{"5.", "5", ""},
		{"-2E-2", "-0.02", ""},
		{"Inf", "Infinity", ""},
		{"-infinity", "-Infinity", ""},
		{"NaN", "NaN", ""},
		{"1e-16384", "", pgerr.NumericValueOutOfRange},
		{"1e200000", "", pgerr.NumericValueOutOfRange},
		{"1.2.3", "", pgerr.InvalidTextRepresentation},
		{".", "", pgerr.InvalidTextRepresentation},
		{"1e", "", pgerr.InvalidTextRepresentation},
		{"- 1", "", pgerr.InvalidTextRepresentation},
		{"+NaN", "", pgerr.InvalidTextRepresentation},
		{"1/2", "", pgerr.InvalidTextRepresentation},
	} {
		n, err := ParseNumeric(tc.in)
		if tc.code != "" {
			if pgerr.From(err).Code != tc.code {
				t.Errorf("ParseNumeric(%q) = %v, want %s", tc.in, err, tc.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseNumeric(%q): %v", tc.in, err)
			continue
		}
		if got := string(AppendNumeric(nil, n)); got != tc.want {
			t.Errorf("ParseNumeric(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParseInterval(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		code     pgerr.Code
	}{
		{"P1Y2M3DT4H5M6.5S", "1 year 2 mons 3 days 04:05:06.5", ""},
		{"P1.5Y", "1 year 6 mons", ""},
		{"PT1.5H", "01:30:00", ""},
		{"1.5 months", "1 mon 15 days", ""},
		{"1 day ago", "-1 days", ""},
		{"-1 days +02:00:00", "-1 days +02:00:00", ""},
		{"@ 1 minute ago", "-00:01:00", ""},
		{"1 year -2 mons +3 days -04:05:06.5", "10 mons 3 days -04:05:06.5", ""},
		{"00:00:00.000001", "00:00:00.000001", ""},
		{"1 c", "100 years", ""},
		{"2 dec", "20 years", ""},
		{"1 mil", "1000 years", ""},
		{"x", "", pgerr.InvalidDatetimeFormat},
	} {
		iv, err := ParseInterval(tc.in)
		if tc.code != "" {
			if pgerr.From(err).Code != tc.code {
				t.Errorf("ParseInterval(%q) = %v, want %s", tc.in, err, tc.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseInterval(%q): %v", tc.in, err)
			continue
		}
		if got := string(AppendInterval(nil, iv)); got != tc.want {
			t.Errorf("ParseInterval(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParseBytea(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		code     pgerr.Code
	}{
		{`\x DE ad`, `\xdead`, ""},
		{`a\\b\001`, `\x615c6201`, ""},
		{``, `\x`, ""},
		{`\xzz`, "", pgerr.InvalidParameterValue},
		{`\x1`, "", pgerr.InvalidParameterValue},
		{`a\9`, "", pgerr.InvalidTextRepresentation},
	} {
		b, err := ParseBytea(tc.in)
		if tc.code != "" {
			if pgerr.From(err).Code != tc.code {
				t.Errorf("ParseBytea(%q) = %v, want %s", tc.in, err, tc.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseBytea(%q): %v", tc.in, err)
			continue
		}
		if got := string(AppendBytea(nil, b)); got != tc.want {
			t.Errorf("ParseBytea(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in   string
		typ  *Type
		loc  *time.Location
		want string
		code pgerr.Code
	}{
		{"2024-01-02 03:04:05.1234567+05:30", Timestamptz, time.UTC, "2024-01-01 21:34:05.123457+00", ""},
		{"2024-01-02 03:04:05", Timestamptz, berlin, "2024-01-02 02:04:05+00", ""},
		{"2024-01-02 03:04:05", Timestamp, berlin, "2024-01-02 03:04:05", ""},
		{"May 14 2024", Date, time.UTC, "2024-05-14", ""},
		{"20240514", Date, time.UTC, "2024-05-14", ""},
		{"2024-01-02 BC", Date, time.UTC, "2024-01-02 BC", ""},
		{"2024-01-02 03:04:05 BC", Timestamp, time.UTC, "2024-01-02 03:04:05 BC", ""},
		{"0000-01-01 BC", Date, time.UTC, "", pgerr.DatetimeFieldOverflow},
		{"2024-13-01", Date, time.UTC, "", pgerr.DatetimeFieldOverflow},
		{"2024-02-30", Date, time.UTC, "", pgerr.DatetimeFieldOverflow},
		{"2024-01-02 25:00", Timestamp, time.UTC, "", pgerr.DatetimeFieldOverflow},
		{"soon", Date, time.UTC, "", pgerr.InvalidDatetimeFormat},
	} {
		ts, err := ParseDateTime(tc.in, tc.typ, tc.loc)
		if tc.code != "" {
			if pgerr.From(err).Code != tc.code {
				t.Errorf("ParseDateTime(%q, %s) = %v, want %s", tc.in, tc.typ, err, tc.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDateTime(%q, %s): %v", tc.in, tc.typ, err)
			continue
		}
		if got := string(AppendDateTime(nil, tc.typ.OID, ts, time.UTC)); got != tc.want {
			t.Errorf("ParseDateTime(%q, %s) = %s, want %s", tc.in, tc.typ, got, tc.want)
		}
	}
}

func TestParseBool(t *testing.T) {
	for in, want := range map[string]int{ // 1 true, 0 false, -1 error
		" YES ": 1, "tr": 1, "t": 1, "of": 0, "off": 0, "fals": 0, "n": 0, "0": 0, "o": -1, "": -1, "truex": -1,
	} {
		b, ok := ParseBool(in)
		got := -1
		if ok && b {
			got = 1
		} else if ok {
			got = 0
		}
		if got != want {
			t.Errorf("ParseBool(%q) = %v %v", in, b, ok)
		}
	}
}

func TestParseFloat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		typ  *Type
		want string
		code pgerr.Code
	}{
		{" -INF ", Float8, "-Infinity", ""},
		{" 1.5 ", Float4, "1.5", ""},
		{"nan", Float8, "NaN", ""},
		{"1e400", Float8, "", pgerr.NumericValueOutOfRange},
		{"1e-400", Float8, "", pgerr.NumericValueOutOfRange},
		{"1e39", Float4, "", pgerr.NumericValueOutOfRange},
		{"1_0", Float8, "", pgerr.InvalidTextRepresentation},
		{"infinit", Float8, "", pgerr.InvalidTextRepresentation},
	} {
		f, err := ParseFloat(tc.in, tc.typ)
		if tc.code != "" {
			if pgerr.From(err).Code != tc.code {
				t.Errorf("ParseFloat(%q, %s) = %v, want %s", tc.in, tc.typ, err, tc.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseFloat(%q, %s): %v", tc.in, tc.typ, err)
			continue
		}
		if got := FormatFloat(f); got != tc.want {
			t.Errorf("ParseFloat(%q, %s) = %s, want %s", tc.in, tc.typ, got, tc.want)
		}
	}
}

// The messages are PostgreSQL 15's for the same bytes (SELECT
// convert_from('\x...'::bytea, 'UTF8') and text sent in a Query).
func TestCheckEncoding(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"", ""},
		{"plain ascii", ""},
		{"héllo wörld ✓ 𝄞", ""},
		{"\xff", `invalid byte sequence for encoding "UTF8": 0xff`},
		{"a\x80b", `invalid byte sequence for encoding "UTF8": 0x80`},
		{"\xc3\x28", `invalid byte sequence for encoding "UTF8": 0xc3 0x28`},
		{"ok \xe2\x82", `invalid byte sequence for encoding "UTF8": 0xe2 0x82`},       // cut short
		{"\xed\xa0\x80", `invalid byte sequence for encoding "UTF8": 0xed 0xa0 0x80`}, // a surrogate
		{"\xc0\xaf", `invalid byte sequence for encoding "UTF8": 0xc0 0xaf`},          // overlong
		{"\xf4\x90\x80\x80", `invalid byte sequence for encoding "UTF8": 0xf4 0x90 0x80 0x80`},
		{"ab\x00cd", `invalid byte sequence for encoding "UTF8": 0x00`},
	} {
		err := CheckEncoding(tt.in)
		if errB := CheckEncoding([]byte(tt.in)); (err == nil) != (errB == nil) {
			t.Errorf("%q: string and []byte disagree: %v, %v", tt.in, err, errB)
		}
		if tt.want == "" {
			if err != nil {
				t.Errorf("%q: %v, want no error", tt.in, err)
			}
			continue
		}
		pe, ok := err.(*pgerr.Error)
		if !ok || pe.Code != pgerr.CharacterNotInRepertoire || pe.Message != tt.want {
			t.Errorf("%q: %v, want 22021 %s", tt.in, err, tt.want)
		}
	}
}
