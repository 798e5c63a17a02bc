package vpnsqltest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jackc/pgx/v5"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/network"

	"github.com/vpnsql/vpnsql/vpnsqltest"
)

// The demo: sample connections in three regions, any user, no password.
// The image is vpnsql's Dockerfile built (docs/deploy.md).
func ExampleRun() {
	ctx := context.Background()
	ctr, err := vpnsqltest.Run(ctx, "vpnsql:latest")
	defer testcontainers.TerminateContainer(ctr)
	if err != nil {
		log.Fatal(err)
	}
	url, err := ctr.ConnectionString(ctx, "application_name=my-test")
	if err != nil {
		log.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM vpn_connections").Scan(&n); err != nil {
		log.Fatal(err)
	}
	fmt.Println(n > 0)
}

// Against an EC2 endpoint on the same network: here ec2sim, which is
// `vpnsql sim` from the same image, reached by its alias.
func ExampleWithEndpoint() {
	ctx := context.Background()
	nw, err := network.New(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer nw.Remove(ctx)
	sim, err := testcontainers.Run(ctx, "vpnsql:latest",
		testcontainers.WithCmd("sim", "--listen", "0.0.0.0:4510"),
		network.WithNetwork([]string{"ec2sim"}, nw))
	defer testcontainers.TerminateContainer(sim)
	if err != nil {
		log.Fatal(err)
	}
	ctr, err := vpnsqltest.Run(ctx, "vpnsql:latest",
		vpnsqltest.WithEndpoint("http://ec2sim:4510", "us-east-1", "eu-west-1"),
		vpnsqltest.WithUser("app", "app-secret"),
		network.WithNetwork([]string{"vpnsql"}, nw))
	defer testcontainers.TerminateContainer(ctr)
	if err != nil {
		log.Fatal(err)
	}
	url, _ := ctr.ConnectionString(ctx) // postgres://app:app-secret@localhost:PORT/aws?sslmode=disable
	fmt.Println(url != "")
}
