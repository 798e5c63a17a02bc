package value

import (
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		t    *Type
		want string // FormatTime output, or a SQLSTATE
	}{
		{"2024-05-14 10:00:00+02", Timestamptz, "2024-05-14 08:00:00+00"},
		{"2024-05-14T09:21:03.000Z", Timestamptz, "2024-05-14 09:21:03+00"},
		{"2024-05-14 10:00+00", Timestamptz, "2024-05-14 10:00:00+00"},
		{"1999-01-08 04:05:06 -8:00", Timestamptz, "1999-01-08 12:05:06+00"},
		{"2024-05-14 10:00 America/New_York", Timestamptz, "2024-05-14 14:00:00+00"},
		{"2024-05-14 10:00 EST", Timestamptz, "2024-05-14 15:00:00+00"},
		{"May 14 2024", Date, "2024-05-14"},
		{"14 May 2024 10:00", Timestamp, "2024-05-14 10:00:00"},
		{"20240514", Date, "2024-05-14"},
		{"2024-05-14 24:00", Timestamp, "2024-05-15 00:00:00"},
		{"2024-05-14 10:00:00.1234567", Timestamp, "2024-05-14 10:00:00.123457"},
		{"2024-05-14 10:00+02", Timestamp, "2024-05-14 10:00:00"}, // timestamp ignores the zone
		{"2024-13-01", Date, string(pgerr.DatetimeFieldOverflow)},
		{"2024-02-30", Date, string(pgerr.DatetimeFieldOverflow)},
		{"2024-05-14 25:00", Timestamp, string(pgerr.DatetimeFieldOverflow)},
		{"garbage", Timestamptz, string(pgerr.InvalidDatetimeFormat)},
	}
	for _, tc := range tests {
		ts, err := ParseTime(tc.in, tc.t)
		got := ""
		if err != nil {
			got = string(pgerr.From(err).Code)
		} else {
			got = FormatTime(ts, tc.t)
		}
		if got != tc.want {
			t.Errorf("ParseTime(%q, %s) = %s, want %s", tc.in, tc.t, got, tc.want)
		}
	}
}
