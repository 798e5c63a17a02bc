package ec2

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/aws/smithy-go"

	"github.com/vpnsql/vpnsql/pgerr"
)

func TestAPIError(t *testing.T) {
	canceled, cancel := context.WithCancelCause(context.Background())
	cancel(pgerr.New(pgerr.QueryCanceled, "canceling statement due to user request"))
	for _, tc := range []struct {
		name string
		ctx  context.Context
		err  error
		want pgerr.Code
	}{
		{"API error", context.Background(), &smithy.GenericAPIError{Code: "RequestLimitExceeded", Message: "slow down"}, pgerr.ConfigurationLimitExceeded},
		{"dropped connection after retries", context.Background(), errors.New("request send failed: EOF"), pgerr.SystemError},
		{"truncated body", context.Background(), &smithy.DeserializationError{Err: io.ErrUnexpectedEOF}, pgerr.SystemError},
		// The SDK reports a cancel while it reads the body as a
		// deserialization error that does not wrap the context's error.
		{"cancel while reading", canceled, &smithy.DeserializationError{Err: errors.New("failed to decode response body")}, pgerr.QueryCanceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := apiError(tc.ctx, tc.err); pgerr.From(got).Code != tc.want {
				t.Errorf("apiError = %v, want SQLSTATE %s", got, tc.want)
			}
		})
	}
}
