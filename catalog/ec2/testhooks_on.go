//go:build vpnsqltesthooks

package ec2

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// testPanic panics in a scan filtered on the value vpnsql-test-panic, so
// the integration tests can follow a panic in a fan-out goroutine and in
// a coalesced fetch to the statement waiting on it. Only binaries built
// with the vpnsqltesthooks tag have it.
func testPanic(filters []types.Filter) {
	for _, f := range filters {
		for _, v := range f.Values {
			if v == "vpnsql-test-panic" {
				panic("test panic in " + aws.ToString(f.Name) + " scan")
			}
		}
	}
}
