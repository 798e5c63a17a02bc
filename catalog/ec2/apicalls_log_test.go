package ec2

import (
	"fmt"
	"testing"
)

// TestAPICallLog_KeepsTheMostRecent: the log keeps its last limit calls,
// oldest first, before and after it wraps around.
func TestAPICallLog_KeepsTheMostRecent(t *testing.T) {
	for _, tc := range []struct {
		added int
		want  string
	}{
		{0, "[]"},
		{2, "[1 2]"},
		{3, "[1 2 3]"},
		{4, "[2 3 4]"},
		{7, "[5 6 7]"},
	} {
		l := &APICallLog{limit: 3}
		for i := 1; i <= tc.added; i++ {
			l.add(APICall{Action: "DescribeVpnConnections", RequestID: fmt.Sprint(i)})
		}
		var got []string
		for _, c := range l.Calls() {
			got = append(got, c.RequestID)
		}
		if fmt.Sprint(got) != tc.want {
			t.Errorf("after %d calls: %v, want %s", tc.added, got, tc.want)
		}
	}
}
