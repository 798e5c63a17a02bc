package ec2

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// A panic in a fan-out goroutine or a coalesced fetch fails the statement
// waiting on it (XX000, the panic's stack attached) instead of ending the
// process.
func TestFanOut_Panic(t *testing.T) {
	a := &Account{}
	ts := []target{{account: a, region: "us-east-1"}, {account: a, region: "eu-west-1"}}
	_, err := fanOut(context.Background(), &Source{}, ts, func(_ context.Context, t target) ([]int, error) {
		if t.region == "eu-west-1" {
			var m map[string]int
			m["x"]++
		}
		return []int{1}, nil
	})
	var p *pgerr.Panic
	if pgerr.From(err).Code != pgerr.InternalError || !errors.As(err, &p) {
		t.Fatalf("err = %v, want XX000 from the panic", err)
	}
}

func TestReadCache_PanicReachesEveryWaiter(t *testing.T) {
	c := newReadCache(0)
	release := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = c.get(context.Background(), cacheKey{accountID: "a", region: "r", action: "k"}, catalog.Freshness{TTL: time.Minute}, func(context.Context) (any, error) {
				<-release
				panic("boom")
			})
		}()
	}
	time.Sleep(20 * time.Millisecond) // let the callers join one flight
	close(release)
	wg.Wait()
	for i, err := range errs {
		var p *pgerr.Panic
		if !errors.As(err, &p) || p.Value != "boom" {
			t.Fatalf("caller %d: err = %v, want the panic", i, err)
		}
	}
	// Nothing was cached: the next call fetches again.
	v, hit, err := c.get(context.Background(), cacheKey{accountID: "a", region: "r", action: "k"}, catalog.Freshness{TTL: time.Minute}, func(context.Context) (any, error) { return 7, nil })
	if err != nil || hit || v != 7 {
		t.Fatalf("after the panic: %v %v %v", v, hit, err)
	}
}
