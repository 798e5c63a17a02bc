SELECT "vpnConnectionId" FROM ec2.vpn_connections LIMIT 1;
