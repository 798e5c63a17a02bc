package ec2

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/vpnsql/vpnsql/pgerr"
)

// apiError turns an AWS API error into a PostgreSQL error: a SQLSTATE for
// the AWS error code, AWS's message, and the code and request id in DETAIL.
// A call ended by the statement's cancel or timeout is that cancel (57014),
// even when the SDK reports it as a failure to read the response, whose
// error no longer wraps the context's. Any other failure to get an answer
// (the connection dropped or refused after the SDK's retries) is 58000.
func apiError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err() // the server words it from the context's cause
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		var pe *pgerr.Error
		if errors.As(err, &pe) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return pgerr.Wrap(pgerr.SystemError, fmt.Errorf("EC2 did not answer: %w", err))
	}
	pe := pgerr.Wrap(sqlstateFor(ae.ErrorCode()), err)
	pe.Message = ae.ErrorMessage()
	if pe.Message == "" {
		pe.Message = ae.ErrorCode()
	}
	detail := "AWS error code: " + ae.ErrorCode()
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.ServiceRequestID() != "" {
		detail += ", request id: " + re.ServiceRequestID()
	}
	pe.Detail = detail
	return pe
}

// sqlstateFor maps an AWS error code to the SQLSTATE a PostgreSQL user
// would expect for the same kind of failure.
func sqlstateFor(code string) pgerr.Code {
	switch {
	case code == "UnauthorizedOperation" || code == "AccessDenied" || code == "OptInRequired":
		return pgerr.InsufficientPrivilege
	case code == "AuthFailure" || strings.HasPrefix(code, "InvalidClientTokenId") || code == "SignatureDoesNotMatch":
		return pgerr.InvalidAuthorizationSpecification
	case throttlingCode(code):
		return pgerr.ConfigurationLimitExceeded
	case strings.HasSuffix(code, ".NotFound"):
		return pgerr.ForeignKeyViolation
	case strings.HasSuffix(code, "LimitExceeded"):
		return pgerr.ProgramLimitExceeded
	case strings.HasSuffix(code, ".InvalidState") || code == "IncorrectState":
		return pgerr.ObjectNotInPrerequisiteState
	case code == "DryRunOperation":
		return pgerr.SuccessfulCompletion
	case code == "MissingParameter" || strings.HasPrefix(code, "InvalidParameter") || strings.HasSuffix(code, ".Malformed") ||
		strings.HasPrefix(code, "Invalid"):
		return pgerr.InvalidParameterValue
	case code == "InternalError" || code == "Unavailable" || code == "ServiceUnavailable":
		return pgerr.SystemError
	}
	return pgerr.ExternalRoutineException
}

// sourceError is a source's failure as the statement reports it: the AWS
// error (apiError) with the account and region first in DETAIL. Throttling
// that outlasted the retries is 53400 naming the account, region and
// action. A cancel or a panic is the statement's own and passes unchanged.
func sourceError(ctx context.Context, t target, err error) error {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var panicked *pgerr.Panic
	if errors.As(err, &panicked) {
		return err
	}
	pe := pgerr.From(apiError(ctx, err))
	out := *pe
	where := "account: " + t.account.label(t.accountID)
	if t.region != "" {
		where += ", region: " + t.region
	}
	if out.Detail == "" {
		out.Detail = where + "."
	} else {
		out.Detail = where + ", " + out.Detail
	}
	var ae smithy.APIError
	if errors.As(err, &ae) && throttlingCode(ae.ErrorCode()) {
		action := "the API"
		var oe *smithy.OperationError
		if errors.As(err, &oe) {
			action = oe.Operation()
		}
		attempts := ""
		var me *retry.MaxAttemptsError
		if errors.As(err, &me) {
			attempts = fmt.Sprintf(" after %d attempts", me.Attempt)
		}
		out.Code = pgerr.ConfigurationLimitExceeded
		out.Message = fmt.Sprintf("EC2 throttled %s in account %s, region %s%s", action, t.account.label(t.accountID), t.region, attempts)
		out.Hint = "Lower max_parallel_per_source, raise retry_max_attempts, or try again when other tools use the account less."
	}
	return &out
}

// throttlingCode reports whether an AWS error code means the caller went
// over a rate limit.
func throttlingCode(code string) bool {
	switch code {
	case "RequestLimitExceeded", "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestThrottled":
		return true
	}
	return false
}
