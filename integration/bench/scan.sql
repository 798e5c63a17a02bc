SELECT "vpnConnectionId", state, region, tags->>'Name' FROM ec2.vpn_connections;
