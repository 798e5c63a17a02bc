-- Constant errors come from planning, as PostgreSQL folds immutable
-- expressions of constants (the protocol order, error before
-- RowDescription, is executor's TestPrepare_FoldsConstants).
SELECT 1/0
;;
SELECT 1.0/0
;;
SELECT 2147483647 + 1
;;
SELECT sqrt(-1)
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE 1/0 = 1
;;
-- name: case_arm_still_simplified
-- PostgreSQL's documented gotcha: the arm's condition is not constant, so
-- its constant result is folded, and fails, whatever the rows hold.
SELECT CASE WHEN "transitGatewayId" IS NULL THEN 1/0 ELSE 0 END FROM vpn_connections
;;
SELECT coalesce(NULL, 1/0)
;;
SELECT 1/0 = 1 AND false
