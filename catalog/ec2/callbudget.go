package ec2

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"

	"github.com/vpnsql/vpnsql/catalog"
)

// withCallBudget makes every operation of cfg's clients count against the
// statement's catalog.CallBudget before it is sent: first in the stack,
// so a refused call is neither sent, retried nor listed in
// vpnsql.api_calls.
func withCallBudget(cfg aws.Config) aws.Config {
	opts := append([]func(*middleware.Stack) error(nil), cfg.APIOptions...)
	cfg.APIOptions = append(opts, func(st *middleware.Stack) error {
		return st.Initialize.Add(middleware.InitializeMiddlewareFunc("vpnsqlCallBudget",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				if err := catalog.TakeCall(ctx); err != nil {
					return middleware.InitializeOutput{}, middleware.Metadata{}, err
				}
				return next.HandleInitialize(ctx, in)
			}), middleware.Before)
	})
	return cfg
}
