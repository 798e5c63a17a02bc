package ec2

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Retries of writes.
//
// The SDK's standard retryer (aws/retry, the default: 3 attempts) retries
// a failed attempt on throttling codes, on HTTP 500/502/503/504, on
// RequestTimeout and on connection errors (reset, EOF). For a read that is
// harmless. For a write, a 5xx answer, a reset or a timeout says nothing
// about whether EC2 acted: CreateVpnConnection has no ClientToken, so a
// retry after a lost answer can create a second connection (AWS documents
// the call as idempotent for the same customer gateway and gateway, but not
// how, and does not promise it). net/http itself re-sends a POST only when
// not one byte of it was written.
//
// So every write call runs with writeRetryer: the account's retryer (its
// attempts, backoff and adaptive rate limiting) narrowed to retry only
// throttling errors (RequestLimitExceeded, ...), which EC2 answers before
// acting. Any other failure ends the call. When that failure leaves the
// outcome unknown (5xx, a dropped or cut connection, a timeout or
// cancellation while the request was out), the statement fails with
// SQLSTATE 40003 statement_completion_unknown, and for CreateVpnConnection
// vpnsql looks up the connections that now use the same customer gateway
// and gateway and names them in DETAIL, so the user can see whether one was
// created.

type writeRetryer struct{ aws.RetryerV2 }

// IsErrorRetryable retries only what proves the request was not acted on.
func (r writeRetryer) IsErrorRetryable(err error) bool {
	return isThrottle(err) && r.RetryerV2.IsErrorRetryable(err)
}

// retryerV2 adapts an old-style Retryer.
type retryerV2 struct{ aws.Retryer }

func (r retryerV2) GetAttemptToken(context.Context) (func(error) error, error) {
	return r.GetInitialToken(), nil
}

// writeOptions is the per-call option every write passes to the SDK.
func writeOptions(o *ec2.Options) {
	r := o.Retryer
	if r == nil {
		r = aws.NopRetryer{}
	}
	v2, ok := r.(aws.RetryerV2)
	if !ok {
		v2 = retryerV2{r}
	}
	o.Retryer = writeRetryer{v2}
}

func isThrottle(err error) bool {
	return retry.ThrottleErrorCode{Codes: retry.DefaultThrottleErrorCodes}.IsErrorThrottle(err) == aws.TrueTernary
}

// outcomeUnknown reports whether a failed call may nonetheless have been
// carried out by EC2.
func outcomeUnknown(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		if isThrottle(err) {
			return false
		}
		var re *awshttp.ResponseError
		return errors.As(err, &re) && re.HTTPStatusCode() >= 500
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false // never connected: nothing was sent
	}
	return true
}

// apiCall is one mutating call of a write, ready to send.
type apiCall struct {
	action string
	what   string // the call in a few words, for DETAIL: "CreateTags Name, Env"
	// noDryRun marks actions without a DryRun member (the route calls).
	noDryRun bool
	// input is the SDK input sent (DryRun aside), for EXPLAIN and the
	// call records.
	input any
	// run sends the call; a create call returns the object created (a
	// pointer to the table's API object), other calls nil.
	run func(ctx context.Context, c *ec2.Client, dryRun *bool) (any, error)
}

// callError turns a failed write call into the statement's error: the
// AWS error's SQLSTATE and message, with the action, the AWS code, message
// and request id in DETAIL.
func callError(action string, err error) *pgerr.Error {
	var refused *pgerr.Error
	if errors.As(err, &refused) {
		return refused // refused before it was sent (the audit log could not be written)
	}
	var ae smithy.APIError
	requestID := ""
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		requestID = re.ServiceRequestID()
	}
	if outcomeUnknown(err) {
		pe := pgerr.New(pgerr.TRStatementCompletionUnknown, "%s may or may not have been carried out: %v", action, err)
		d := fmt.Sprintf("%s failed without a definite answer; vpnsql did not retry it, so it was not sent twice.", action)
		if errors.As(err, &ae) {
			d += fmt.Sprintf(" AWS error code: %s, message: %s", ae.ErrorCode(), ae.ErrorMessage())
			if requestID != "" {
				d += ", request id: " + requestID
			}
			d += "."
		}
		pe.Detail = d
		return pe
	}
	if !errors.As(err, &ae) {
		return pgerr.From(err)
	}
	code := sqlstateFor(ae.ErrorCode())
	if strings.HasSuffix(ae.ErrorCode(), "AlreadyExists") {
		code = pgerr.UniqueViolation // RouteAlreadyExists
	}
	pe := pgerr.Wrap(code, err) // the AWS error stays in the chain (refusedInUse reads its code)
	pe.Message = ae.ErrorMessage()
	if pe.Message == "" {
		pe.Message = ae.ErrorCode()
	}
	d := fmt.Sprintf("%s failed. AWS error code: %s, message: %s", action, ae.ErrorCode(), ae.ErrorMessage())
	if requestID != "" {
		d += ", request id: " + requestID
	}
	pe.Detail = d + "."
	if isThrottle(err) {
		pe.Code = pgerr.ConfigurationLimitExceeded
		pe.Hint = "EC2 throttled the call after the SDK's retries; run the statement again later."
	}
	return pe
}

// dryRunOK reports whether a DryRun call answered that it would succeed.
func dryRunOK(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "DryRunOperation"
}

// writeRun sends the calls of one write statement, in order, and keeps
// what happened.
type writeRun struct {
	src *Source
	opt catalog.WriteOptions
	res catalog.WriteResult
}

// do sends one call, or with DryRun asks whether it would succeed. It
// returns the object a create call answered with. A dry run never
// fails here: the outcome is recorded instead.
func (w *writeRun) do(ctx context.Context, tg target, row int, key string, c apiCall) (any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err // cancelled before the call was sent
	}
	rec := catalog.CallRecord{Row: row, Key: key, Action: c.action, Region: tg.region, Account: tg.accountID,
		Params: redactedJSON(c.input)}
	if w.opt.Plan {
		rec.Result = "planned"
		w.res.Calls = append(w.res.Calls, rec)
		return nil, nil
	}
	client := tg.account.EC2(tg.region)
	if !w.opt.DryRun {
		note := &APICall{}
		v, err := c.run(context.WithValue(ctx, callNoteKey{}, note), client, nil)
		rec.Result, rec.RequestID = note.Result, note.RequestID
		if rec.Result == "" { // an account without the recording middleware
			rec.Result = "ok"
			if err != nil {
				rec.Result = "error"
			}
		}
		w.res.Calls = append(w.res.Calls, rec)
		// Whatever the outcome, cached reads of this account and region
		// may be stale now.
		if w.src != nil {
			w.src.Invalidate(tg.accountID, tg.region)
		}
		if err != nil {
			return nil, callError(c.action, err)
		}
		return v, nil
	}
	out := catalog.DryRunOutcome{Row: row, Key: key, Action: c.action}
	if c.noDryRun {
		out.Unchecked = true
		out.Note = fmt.Sprintf("%s has no DryRun parameter: not sent, not checked", c.action)
		w.res.DryRun = append(w.res.DryRun, out)
		return nil, nil
	}
	_, err := c.run(ctx, client, aws.Bool(true))
	switch {
	case err == nil:
		// An endpoint that ignores DryRun (moto does) made the change.
		out.Err = pgerr.New(pgerr.InternalError, "%s answered success to a dry run: the endpoint ignores DryRun and may have made the change", c.action)
	case dryRunOK(err):
		out.OK = true
	case ctx.Err() != nil:
		return nil, ctx.Err()
	default:
		out.Err = callError(c.action, err)
	}
	w.res.DryRun = append(w.res.DryRun, out)
	return nil, nil
}

// doAll sends a row's calls and stops at the first failure, saying which
// calls had been made for the row.
func (w *writeRun) doAll(ctx context.Context, tg target, row int, key string, calls []apiCall) error {
	var done []string
	for _, c := range calls {
		if _, err := w.do(ctx, tg, row, key, c); err != nil {
			return &catalog.RowError{Row: row, Key: key, Done: done, Err: err}
		}
		done = append(done, c.what)
	}
	return nil
}

// The calls. Each passes writeOptions, so none is retried unless EC2
// throttled it.
