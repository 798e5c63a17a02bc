//go:build tools

package tools

import (
	_ "github.com/aws/aws-sdk-go-v2/config"
	_ "github.com/aws/aws-sdk-go-v2/credentials"
	_ "github.com/aws/aws-sdk-go-v2/service/ec2"
	_ "github.com/aws/aws-sdk-go-v2/service/sts"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/pganalyze/pg_query_go/v6"
	_ "github.com/xdg-go/scram"
	_ "golang.org/x/sync/singleflight"
)
