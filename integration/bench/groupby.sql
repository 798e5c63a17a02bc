SELECT state, "type", count(*), count(DISTINCT "customerGatewayId") FROM ec2.vpn_connections GROUP BY 1, 2;
