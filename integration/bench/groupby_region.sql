-- Issue 20, pair 2: a dashboard's count by region and state.
SELECT region, state, count(*) FROM ec2.vpn_connections GROUP BY region, state ORDER BY 1, 2;
