//go:build !vpnsqltesthooks

package ec2

import "github.com/aws/aws-sdk-go-v2/service/ec2/types"

// testPanic does nothing: the hook exists only in binaries built with the
// vpnsqltesthooks tag (testhooks_on.go), never in production.
func testPanic([]types.Filter) {}
