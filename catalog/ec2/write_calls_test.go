package ec2

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/vpnsql/vpnsql/pgerr"
)

func apiErr(code string, status int) error {
	return &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
			Err: &smithy.GenericAPIError{Code: code, Message: "m"}},
		RequestID: "req-1",
	}
}

// TestWriteRetryPolicy: a write is retried only when EC2 refused it before
// acting (throttling), and an unknown outcome is told apart from a refusal.
func TestWriteRetryPolicy(t *testing.T) {
	std := retry.NewStandard()
	opts := &ec2.Options{Retryer: std}
	writeOptions(opts)
	var wr aws.Retryer = opts.Retryer
	tests := []struct {
		name      string
		err       error
		stdRetry  bool // what the SDK's standard retryer does
		writeRtry bool
		unknown   bool
	}{
		{"throttled", apiErr("RequestLimitExceeded", 503), true, true, false},
		{"internal error", apiErr("InternalError", 500), true, false, true},
		{"unavailable", apiErr("Unavailable", 503), true, false, true},
		{"not found", apiErr("InvalidCustomerGatewayID.NotFound", 400), false, false, false},
		{"unauthorized", apiErr("UnauthorizedOperation", 403), false, false, false},
		{"connection reset", &smithyhttp.RequestSendError{Err: &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}}, true, false, true},
		{"connection refused", &smithyhttp.RequestSendError{Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}, true, false, false},
		{"cancelled", context.Canceled, false, false, true},
	}
	for _, tt := range tests {
		if got := std.IsErrorRetryable(tt.err); got != tt.stdRetry {
			t.Errorf("%s: the standard retryer retries = %v, want %v", tt.name, got, tt.stdRetry)
		}
		if got := wr.IsErrorRetryable(tt.err); got != tt.writeRtry {
			t.Errorf("%s: writes retry = %v, want %v", tt.name, got, tt.writeRtry)
		}
		if got := outcomeUnknown(tt.err); got != tt.unknown {
			t.Errorf("%s: outcome unknown = %v, want %v", tt.name, got, tt.unknown)
		}
		pe := callError("CreateVpnConnection", tt.err)
		if tt.unknown != (pe.Code == pgerr.TRStatementCompletionUnknown) {
			t.Errorf("%s: SQLSTATE %s", tt.name, pe.Code)
		}
	}
	if pe := callError("CreateTags", apiErr("InvalidParameterValue", 400)); pe.Detail != "CreateTags failed. AWS error code: InvalidParameterValue, message: m, request id: req-1." {
		t.Errorf("DETAIL %q", pe.Detail)
	}
}

func TestRedaction(t *testing.T) {
	in := map[string]any{
		"Options":       map[string]any{"TunnelOptions": []any{map[string]any{"PreSharedKey": "secret1", "DPDTimeoutSeconds": 30.0, "TunnelInsideCidr": nil}}},
		"TunnelOptions": map[string]any{"PreSharedKey": "secret2"}, "PreSharedKeyStorage": "Standard",
		"CustomerGatewayConfiguration": "<vpn_connection/>", "Empty": "", "Tags": []any{},
	}
	got, _ := pruneJSON(in)
	b := asJSON(got)
	want := `{"CustomerGatewayConfiguration":"<redacted>","Options":{"TunnelOptions":[{"DPDTimeoutSeconds":30,"PreSharedKey":"<redacted>"}]},"PreSharedKeyStorage":"Standard","TunnelOptions":{"PreSharedKey":"<redacted>"}}`
	if b != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}
