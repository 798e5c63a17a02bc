package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEchoedQueries(t *testing.T) {
	out := "********* QUERY **********\nSELECT 1;\n**************************\n\n" +
		" a \n---\n 1\n\n********* QUERY **********\nSELECT c.oid\nFROM pg_class c;\n**************************\n\n"
	if got, want := echoedQueries(out), []string{"SELECT 1;", "SELECT c.oid\nFROM pg_class c;"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := echoedQueries("no queries here"); got != nil {
		t.Errorf("got %q, want none", got)
	}
}

func TestMedianAndOrder(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	if got := order(3, 1); !slices.Equal(got, []int{0, 1, 2}) {
		t.Errorf("order(3, 1) = %v", got)
	}
	if got := order(3, 2); !slices.Equal(got, []int{2, 1, 0}) {
		t.Errorf("order(3, 2) = %v", got)
	}
}

func TestPairKeyOrdersTenAfterNine(t *testing.T) {
	ps := []string{"x", "1.10", "1.2", "1.9", "1.1"}
	slices.SortStableFunc(ps, func(a, b string) int { return pairKey(a) - pairKey(b) })
	if want := []string{"1.1", "1.2", "1.9", "1.10", "x"}; !slices.Equal(ps, want) {
		t.Errorf("got %v, want %v", ps, want)
	}
}

func TestCopyEscaper(t *testing.T) {
	var b strings.Builder
	copyEscaper.WriteString(&b, "a\tb\nc\\d\re")
	if got, want := b.String(), `a\tb\nc\\d\re`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestConcurrency(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	reqs := []simRequest{
		{Time: at(0), Action: dvc, LatencyMs: 100},
		{Time: at(10), Action: dvc, LatencyMs: 100},
		{Time: at(100), Action: dvc, LatencyMs: 100}, // starts as the first ends
		{Time: at(50), Action: "GetCallerIdentity", LatencyMs: 500},
		{Time: at(105), Action: dvc, LatencyMs: 10},
	}
	most, arrivals, span := concurrency(reqs, dvc)
	if most != 3 || arrivals != 105 || span != 200 {
		t.Errorf("concurrency = %d, %v ms, %v ms; want 3, 105 ms, 200 ms", most, arrivals, span)
	}
}

// cpuTree counts the process's own CPU and its waited-for children's.
func TestCPUTree(t *testing.T) {
	self := os.Getpid()
	before, err := cpuTree(self)
	if err != nil {
		t.Fatal(err)
	}
	// A child that burns CPU, waited for: it moves into our cstime/cutime.
	c := exec.Command("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done")
	if err := c.Run(); err != nil {
		t.Fatal(err)
	}
	child := c.ProcessState.UserTime() + c.ProcessState.SystemTime()
	after, err := cpuTree(self)
	if err != nil {
		t.Fatal(err)
	}
	if child < 5*clockTick {
		t.Fatalf("the child used %v, too little to tell", child)
	}
	if got := after - before; got < child-2*clockTick {
		t.Errorf("cpuTree grew by %v over a child that used %v", got, child)
	}
	if _, err := cpuTree(1 << 30); err == nil {
		t.Error("cpuTree of a process that does not exist: no error")
	}
}
