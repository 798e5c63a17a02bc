package executor

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestNestingLimits: json, jsonb and jsonpath input nested past
// PostgreSQL 15's lines is 54001, just below them it is read; the lines
// were measured on PostgreSQL 15 with the default max_stack_depth.
func TestNestingLimits(t *testing.T) {
	s := newTestSession(t)
	arrays := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	objects := func(n int) string { return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) }
	for _, tc := range []struct {
		name, sql string
		fails     bool
	}{
		{"json_arrays_14535", "SELECT length('" + arrays(14535) + "'::json::text)", false},
		{"json_arrays_14548", "SELECT length('" + arrays(14548) + "'::json::text)", true},
		{"jsonb_arrays_14535", "SELECT length('" + arrays(14535) + "'::jsonb::text)", false},
		{"jsonb_arrays_100000", "SELECT '" + arrays(100000) + "'::jsonb IS NULL", true},
		{"jsonb_objects_13083", "SELECT length('" + objects(13083) + "'::jsonb::text)", false},
		{"jsonb_objects_13095", "SELECT length('" + objects(13095) + "'::jsonb::text)", true},
		{"jsonpath_plus_18697", "SELECT '" + strings.Repeat("1+", 18696) + "1'::jsonpath IS NULL", false},
		{"jsonpath_plus_18746", "SELECT '" + strings.Repeat("1+", 18745) + "1'::jsonpath IS NULL", true},
		{"jsonpath_parens_9959", "SELECT '" + strings.Repeat("(", 9959) + "1" + strings.Repeat(")", 9959) + "'::jsonpath IS NULL", false},
		{"jsonpath_neg_100000", "SELECT '" + strings.Repeat("-", 100000) + "1'::jsonpath IS NULL", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := run(t, s, tc.sql)
			if !tc.fails {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if pe := pgerr.From(err); pe == nil || pe.Code != pgerr.StatementTooComplex {
				t.Fatalf("got %v, want 54001", err)
			}
		})
	}
}

func TestJSONPathParens(t *testing.T) {
	s := newTestSession(t)
	_, _, err := run(t, s, "SELECT '"+strings.Repeat("(", 100000)+"1"+strings.Repeat(")", 100000)+"'::jsonpath IS NULL")
	if pe := pgerr.From(err); pe == nil || pe.Code != pgerr.SyntaxError || pe.Message != `memory exhausted at or near "(" of jsonpath input` {
		t.Fatalf("got %v, want PostgreSQL's bison error", err)
	}
}
