package ec2

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vpnsql/vpnsql/catalog"
)

// TestSource_TargetsKept: a scan without constraints gets the list of
// targets made for the previous one while the scope and the accounts'
// states are the same, and a new list when either changes; a list with
// constraints is made each time.
func TestSource_TargetsKept(t *testing.T) {
	a := &Account{Name: "a", Regions: []string{"eu-west-1", "us-east-1"}, id: "111111111111"}
	b := &Account{Name: "b", Regions: []string{"eu-west-1"}, id: "222222222222"}
	s := &Source{Accounts: []*Account{a, b}}
	list := func(ctx context.Context, regions []any) []target {
		t.Helper()
		ts, err := s.targets(ctx, regions, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	names := func(ts []target) string {
		out := ""
		for _, tg := range ts {
			out += fmt.Sprintf("%s/%s(%v) ", tg.accountID, tg.region, tg.err != nil)
		}
		return out
	}
	same := func(x, y []target) bool { return len(x) > 0 && len(y) > 0 && &x[0] == &y[0] }

	ctx := context.Background()
	first := list(ctx, nil)
	if got, want := names(first), "111111111111/eu-west-1(false) 111111111111/us-east-1(false) 222222222222/eu-west-1(false) "; got != want {
		t.Fatalf("targets %s, want %s", got, want)
	}
	if !same(first, list(ctx, nil)) {
		t.Error("the list was made again with nothing changed")
	}
	if same(first, list(ctx, []any{"eu-west-1"})) {
		t.Error("a list with constraints was the kept one")
	}

	// Another scope: its own list.
	scoped := catalog.WithSession(ctx, catalog.Session{Scope: &catalog.Scope{Regions: []string{"us-*"}}})
	if got, want := names(list(scoped, nil)), "111111111111/us-east-1(false) "; got != want {
		t.Errorf("scoped targets %s, want %s", got, want)
	}

	// An account the refresh finds unreachable: a new list.
	before := list(ctx, nil)
	b.Config.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{}, errors.New("no credentials")
	})
	if err := b.reach(ctx, nil); err == nil {
		t.Fatal("reach: no error")
	}
	after := list(ctx, nil)
	if same(before, after) {
		t.Error("the kept list outlived the account's change")
	}
	if got, want := names(after), "111111111111/eu-west-1(false) 111111111111/us-east-1(false) 222222222222/(true) "; got != want {
		t.Errorf("targets %s, want %s", got, want)
	}
}
