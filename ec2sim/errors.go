package ec2sim

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
)

// apiError is an error answered to the client in the service's error envelope.
type apiError struct {
	Code    string
	Message string
	Status  int // 0 = derived from Code by statusFor
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func (e *apiError) status() int {
	if e.Status != 0 {
		return e.Status
	}
	return statusFor(e.Code)
}

func errorf(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// statusFor is the HTTP status EC2 answers an error code with (BEHAVIOUR.md §3):
// 4xx client errors, mostly 400; server errors 500/503.
func statusFor(code string) int {
	switch code {
	case "DryRunOperation":
		return http.StatusPreconditionFailed
	case "UnauthorizedOperation", "InvalidClientTokenId", "SignatureDoesNotMatch":
		return http.StatusForbidden
	case "AuthFailure":
		return http.StatusUnauthorized
	case "RequestLimitExceeded", "Unavailable", "ServiceUnavailable":
		return http.StatusServiceUnavailable
	case "InternalError", "InternalFailure":
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// Constructors for the errors several operations share; messages follow the
// wording of the EC2 error reference where it gives one.

func errMissing(param string) *apiError {
	return errorf("MissingParameter", "The request must contain the parameter %s", param)
}

func errInvalidValue(param, value string) *apiError {
	return errorf("InvalidParameterValue", "Value (%s) for parameter %s is invalid.", value, param)
}

func errDryRun() *apiError {
	return errorf("DryRunOperation", "Request would have succeeded, but DryRun flag is set.")
}

func errThrottled() *apiError {
	return errorf("RequestLimitExceeded", "Request limit exceeded.")
}

func errAuthFailure() *apiError {
	return errorf("AuthFailure", "AWS was not able to validate the provided access credentials")
}

func errInvalidState() *apiError {
	return errorf("InvalidVpnConnection.InvalidState", "The VPN connection must be in the available state to complete the request.")
}

// notFound answers the …ID.NotFound code for one kind of resource, naming every
// missing id (vpnsql drops the ids it names and asks again for the rest).
func notFound(kind resourceKind, ids []string) *apiError {
	if len(ids) == 1 {
		return errorf(kind.notFoundCode, "The %s ID '%s' does not exist", kind.noun, ids[0])
	}
	return errorf(kind.notFoundCode, "The %s IDs '%s' do not exist", kind.noun, strings.Join(ids, ", "))
}

// malformed answers the code EC2 uses for an id that does not have the
// resource's id syntax.
func malformed(kind resourceKind, id string) *apiError {
	return errorf(kind.malformedCode, "Invalid id: \"%s\" (expecting \"%s-...\")", id, kind.prefix)
}

// ec2ErrorResponse is EC2's error envelope (WIRE.md §3): no namespace,
// Errors/Error/Code+Message, then RequestID with an upper-case ID.
type ec2ErrorResponse struct {
	XMLName   xml.Name   `xml:"Response"`
	Errors    []xmlError `xml:"Errors>Error"`
	RequestID string     `xml:"RequestID"`
}

type xmlError struct {
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

// stsErrorResponse is the awsquery error envelope STS answers with.
type stsErrorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

func encodeError(service string, e *apiError, requestID string) []byte {
	var v any = ec2ErrorResponse{Errors: []xmlError{{e.Code, e.Message}}, RequestID: requestID}
	if service == serviceSTS {
		typ := "Sender"
		if e.status() >= 500 {
			typ = "Receiver"
		}
		v = stsErrorResponse{Xmlns: stsNS, Type: typ, Code: e.Code, Message: e.Message, RequestID: requestID}
	}
	return marshalXML(v)
}

func marshalXML(v any) []byte {
	b, err := xml.Marshal(v)
	if err != nil {
		panic("ec2sim: cannot encode response: " + err.Error())
	}
	return append([]byte(xml.Header), b...)
}
