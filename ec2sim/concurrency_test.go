package ec2sim

import (
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// TestConcurrentClients runs writers and readers of the same account and
// region at once (run with -race), then checks that every write landed.
func TestConcurrentClients(t *testing.T) {
	e := newEnv(t, Options{VpnConnectionQuota: -1})
	setup := e.client()
	f := newFixture(t, setup)
	if err := e.sim.Seed(SeedConfig{PerRegion: 10}); err != nil {
		t.Fatal(err)
	}
	const workers = 6
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range workers {
		wg.Add(2)
		go func() { // a writer: its own customer gateway, a connection, tags, a delete
			defer wg.Done()
			c := e.client()
			cg, err := c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String(fmt.Sprintf("198.51.100.%d", 100+w))})
			if err != nil {
				errs <- err
				return
			}
			v, err := c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: cg.CustomerGateway.CustomerGatewayId,
				Type: aws.String("ipsec.1"), VpnGatewayId: &f.vgw})
			if err != nil {
				errs <- err
				return
			}
			id := v.VpnConnection.VpnConnectionId
			if _, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{*id}, Tags: tags("Worker", fmt.Sprint(w))}); err != nil {
				errs <- err
			}
			if w%2 == 0 {
				if _, err := c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: id}); err != nil {
					errs <- err
				}
			}
		}()
		go func() { // a reader
			defer wg.Done()
			c := e.client()
			for range 5 {
				if _, err := c.DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{Filters: filters("tag-key", "Worker")}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	tagged := describe(t, setup, &ec2.DescribeVpnConnectionsInput{Filters: filters("tag-key", "Worker")})
	deleted := describe(t, setup, &ec2.DescribeVpnConnectionsInput{Filters: filters("tag-key", "Worker", "state", "deleted")})
	if len(tagged) != workers || len(deleted) != workers/2 {
		t.Errorf("%d tagged, %d deleted; want %d, %d", len(tagged), len(deleted), workers, workers/2)
	}
}
