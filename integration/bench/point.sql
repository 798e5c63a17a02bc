SELECT "vpnConnectionId", state, tags->>'Name' FROM ec2.vpn_connections WHERE "vpnConnectionId" = :id;
