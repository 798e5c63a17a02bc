package ec2

import (
	"context"
	"errors"
	"fmt"
	"strings"

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
	case code == "RequestLimitExceeded" || code == "Throttling":
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
