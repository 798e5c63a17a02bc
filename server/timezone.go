package server

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// The TimeZone setting as a *time.Location, which the codec shows
// timestamptz values in and reads zone-less input in. The text forms
// themselves are the executor's (executor.AppendDateTime, ParseDateTime).

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
