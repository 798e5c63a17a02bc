package ec2sim

import "fmt"

// AttachCoreNetwork does what AWS Cloud WAN's CreateSiteToSiteVpnAttachment
// (a Network Manager call, outside the EC2 API) does to a VPN connection
// created without a gateway: it sets coreNetworkArn and
// coreNetworkAttachmentArn and makes the gateway association "associated".
// It returns the attachment ARN.
func (s *Sim) AttachCoreNetwork(account, region, vpnConnectionID, coreNetworkArn string) (string, error) {
	rs := s.regionState(account, region)
	rs.mu.Lock()
	defer rs.mu.Unlock()
	v := rs.vpn(vpnConnectionID, s.now(), s.retention)
	switch {
	case v == nil:
		return "", fmt.Errorf("ec2sim: VPN connection %s not found in %s/%s", vpnConnectionID, account, region)
	case v.vgwID != "" || v.tgwID != "":
		return "", fmt.Errorf("ec2sim: VPN connection %s already has a gateway", vpnConnectionID)
	}
	v.coreNetworkArn = coreNetworkArn
	v.coreNetworkAttachmentArn = fmt.Sprintf("arn:aws:networkmanager::%s:attachment/attachment-0%016x", account, s.randUint64())
	v.assoc = assocAssociated
	return v.coreNetworkAttachmentArn, nil
}
