// node-postgres against vpnsql's transaction rule for writes, as the
// integration test runs it (NODE_PATH pointing at node-postgres):
//
//   node write_batches.js URL VPN1 VPN2
//
// Each line it prints is "key value"; the Go test reads them.
const { Client } = require('pg');

(async () => {
  const [url, vpn1, vpn2] = process.argv.slice(2);
  const c = new Client({ connectionString: url, application_name: 'writes-node' });
  await c.connect();
  // Queries with values are sent one at a time, each ending in Sync, even
  // when the caller does not wait: each write runs alone.
  const sql = 'UPDATE vpn_connections SET tags = tags || $1::jsonb WHERE "vpnConnectionId" = $2';
  const r = await Promise.all([vpn1, vpn2].map((id) => c.query(sql, [JSON.stringify({ Node: 'yes' }), id])));
  console.log('concurrent ' + r.map((x) => x.rowCount).join(','));
  // Text without values is one Query message: with two statements, refused.
  try {
    await c.query(`UPDATE vpn_connections SET tags = tags || '{"Node": "no"}' WHERE "vpnConnectionId" = '${vpn1}'; SELECT 1`);
    console.log('multi-statement ran');
  } catch (e) {
    console.log('multi-statement ' + e.code);
  }
  const rows = await c.query(
    'SELECT r."vpnConnectionId" FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", $2) r ' +
      'WHERE v."vpnConnectionId" = ANY($1) ORDER BY 1', [[vpn1, vpn2, 'vpn-0123456789abcdef0'], '10.67.0.0/16']);
  console.log('per-row ' + rows.rows.map((x) => x.vpnConnectionId).join(','));
  await c.end();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
