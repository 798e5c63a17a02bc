package executor

import (
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		t    *catalog.Type
		want string // formatTime output, or a SQLSTATE
	}{
		{"2024-05-14 10:00:00+02", catalog.Timestamptz, "2024-05-14 08:00:00+00"},
		{"2024-05-14T09:21:03.000Z", catalog.Timestamptz, "2024-05-14 09:21:03+00"},
		{"2024-05-14 10:00+00", catalog.Timestamptz, "2024-05-14 10:00:00+00"},
		{"1999-01-08 04:05:06 -8:00", catalog.Timestamptz, "1999-01-08 12:05:06+00"},
		{"2024-05-14 10:00 America/New_York", catalog.Timestamptz, "2024-05-14 14:00:00+00"},
		{"2024-05-14 10:00 EST", catalog.Timestamptz, "2024-05-14 15:00:00+00"},
		{"May 14 2024", catalog.Date, "2024-05-14"},
		{"14 May 2024 10:00", catalog.Timestamp, "2024-05-14 10:00:00"},
		{"20240514", catalog.Date, "2024-05-14"},
		{"2024-05-14 24:00", catalog.Timestamp, "2024-05-15 00:00:00"},
		{"2024-05-14 10:00:00.1234567", catalog.Timestamp, "2024-05-14 10:00:00.123457"},
		{"2024-05-14 10:00+02", catalog.Timestamp, "2024-05-14 10:00:00"}, // timestamp ignores the zone
		{"2024-13-01", catalog.Date, string(pgerr.DatetimeFieldOverflow)},
		{"2024-02-30", catalog.Date, string(pgerr.DatetimeFieldOverflow)},
		{"2024-05-14 25:00", catalog.Timestamp, string(pgerr.DatetimeFieldOverflow)},
		{"garbage", catalog.Timestamptz, string(pgerr.InvalidDatetimeFormat)},
	}
	for _, tc := range tests {
		ts, err := parseTime(tc.in, tc.t)
		got := ""
		if err != nil {
			got = string(pgerr.From(err).Code)
		} else {
			got = formatTime(ts, tc.t)
		}
		if got != tc.want {
			t.Errorf("parseTime(%q, %s) = %s, want %s", tc.in, tc.t, got, tc.want)
		}
	}
}
