-- Constant folding: what PostgreSQL's planner leaves unsimplified is never
-- computed (errors/constant_folding.sql has what it does compute).
SELECT CASE WHEN false THEN 1/0 END AS v
;;
SELECT CASE WHEN NULL THEN 1/0 ELSE 2 END AS v
;;
SELECT CASE WHEN true THEN 1 ELSE 1/0 END AS v
;;
SELECT CASE 1 WHEN 2 THEN 1/0 ELSE 3 END AS v
;;
SELECT coalesce(1, 1/0) AS v, coalesce(NULL, 2, 1/0) AS w
;;
SELECT false AND 1/0 = 1 AS a, true OR 1/0 = 1 AS b
;;
SELECT "vpnConnectionId", CASE WHEN false THEN 1/0 ELSE 0 END AS v FROM vpn_connections ORDER BY 1
