package ec2

import (
	"context"
	"sync"

	"github.com/vpnsql/vpnsql/pgerr"
)

// regionStream is a scan's fan-out read as it arrives: one batch per
// target, in the order the answers come. Close cancels the calls still in
// flight and waits for their goroutines.
//
// A call takes a place in the stream's window before it starts and gives
// it back when its rows are read, so calls in flight plus answers not yet
// read are at most the window (Source.MaxParallel): a reader that keeps up
// gets the full parallelism, a slow one (a client reading a portal) holds
// at most that many regions' rows.
type regionStream struct {
	targets []target
	window  chan struct{}
	ready   []regionResult    // answered by the cache, read first
	results chan regionResult // the calls' answers
	pending int               // answers not yet read
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	err     error
	closed  bool
	total   int
	policy  readPolicy
	shared  bool // the last batch Next returned is the read cache's
}

type regionResult struct {
	target int // the index of its target
	rows   [][]any
	err    error
	placed bool // it holds a place in the window
	shared bool // rows is the read cache's answer (catalog.SharedBatches)
}

// streamOut calls fn for every target in parallel, bounded per source and
// in total (Source.MaxParallelPerSource, MaxParallel), but those ready
// answers already (the read cache's, in target order), and returns the
// stream of their answers: the ready ones first. A scan answered entirely
// by them starts no goroutine.
func streamOut(ctx context.Context, s *Source, ts []target, ready []regionResult,
	fn func(context.Context, target) ([][]any, error)) *regionStream {
	st := &regionStream{targets: ts, ready: ready, pending: len(ts), total: len(ts), policy: readPolicyFrom(ctx)}
	st.policy.start(len(ts))
	var calls []int // the targets left to call
	for i := range ts {
		if len(ready) > 0 && ready[0].target == i {
			ready = ready[1:]
			continue
		}
		calls = append(calls, i)
	}
	if len(calls) > 0 {
		st.call(ctx, s, calls, fn)
	}
	return st
}

// call starts the calls of the targets calls (indexes into st.targets).
// Apart from streamOut, so a scan the cache answers allocates none of
// what the goroutines capture.
func (st *regionStream) call(ctx context.Context, s *Source, calls []int, fn func(context.Context, target) ([][]any, error)) {
	// Buffered for every answer, so a goroutine never waits for a reader
	// that has gone.
	st.results = make(chan regionResult, len(calls))
	limit := min(s.parallel(), len(calls))
	st.window = make(chan struct{}, limit)
	ctx, st.cancel = context.WithCancel(ctx)
	for _, i := range calls {
		t := st.targets[i]
		st.wg.Add(1)
		go func() {
			defer st.wg.Done()
			res := regionResult{target: i}
			defer func() { st.results <- res }()
			// A panic would end the process: it becomes the statement's
			// error instead.
			defer func() {
				if r := recover(); r != nil {
					res = regionResult{target: i, err: pgerr.FromPanic(r)}
				}
			}()
			select {
			case st.window <- struct{}{}:
				res.placed = true
			case <-ctx.Done():
				res.err = ctx.Err()
				return
			}
			res.rows, res.err = callSource(ctx, s, t, fn)
		}()
	}
}

// all waits for every answer and returns the rows in target order (a
// write's scan: its calls go in a stable order).
func (st *regionStream) all() ([][]any, error) {
	defer st.Close()
	byTarget := make([][][]any, st.pending)
	for st.pending > 0 {
		r := st.receive()
		if r.err != nil {
			return nil, r.err
		}
		st.policy.io.Done(len(r.rows))
		byTarget[r.target] = r.rows
	}
	var out [][]any
	for _, rows := range byTarget {
		out = append(out, rows...)
	}
	return out, nil
}

// Next returns the next target's rows (an empty, non-nil batch when it
// had none), or nil, nil when every target has answered. The first error
// stops the scan, unless the session skips failed sources: then a failed
// source is a warning and an empty batch.
func (st *regionStream) Next() ([][]any, error) {
	if st.err != nil {
		return nil, st.err
	}
	if st.pending == 0 || st.closed {
		return nil, nil
	}
	r := st.receive()
	if r.err != nil && st.policy.skip(st.targets[r.target], r.err) {
		r.rows, r.err = [][]any{}, nil
	}
	if r.err != nil {
		st.err = r.err
		st.Close()
		return nil, r.err
	}
	st.policy.done(st.targets[r.target], len(r.rows), st.total-st.pending, st.total)
	if r.rows == nil {
		r.rows = [][]any{}
	}
	st.shared = r.shared
	return r.rows, nil
}

// LastShared reports whether the batch Next returned last is the read
// cache's rows (catalog.SharedBatches).
func (st *regionStream) LastShared() bool { return st.shared }

// receive takes the next answer and gives its place in the window to the
// next call.
func (st *regionStream) receive() regionResult {
	var r regionResult
	if len(st.ready) > 0 {
		r, st.ready = st.ready[0], st.ready[1:]
	} else {
		r = <-st.results
	}
	st.pending--
	if r.placed {
		<-st.window
	}
	return r
}

func (st *regionStream) Close() {
	if st.closed {
		return
	}
	st.closed = true
	if st.cancel != nil { // nil when no call was made
		st.cancel()
		st.wg.Wait()
	}
}
