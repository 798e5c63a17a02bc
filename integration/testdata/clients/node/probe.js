// Runs queries through node-postgres and prints fields and rows, as the
// vpnsql client test compares them between PostgreSQL 15 and vpnsql:
//
//   node probe.js postgres://vpnsql@HOST:PORT/aws
'use strict';
const { Client } = require('pg');

async function main() {
  const client = new Client({ connectionString: process.argv[2] });
  await client.connect();
  const show = async (name, query) => {
    console.log('## ' + name);
    try {
      const res = await client.query(query);
      for (const f of res.fields) {
        console.log('field', f.name, f.tableID, f.columnID, f.dataTypeID, f.dataTypeSize, f.dataTypeModifier, f.format);
      }
      console.log('command', res.command, res.rowCount);
      for (const r of res.rows) console.log(JSON.stringify(r));
    } catch (e) {
      console.log('error', e.code, e.message, e.position);
    }
  };
  await show('plain', 'SELECT "vpnConnectionId", state, region, tags, "vgwTelemetry" FROM vpn_connections ORDER BY 1');
  await show('parameterised', { text: 'SELECT "vpnConnectionId", options->>\'staticRoutesOnly\' AS static FROM vpn_connections WHERE region = $1 ORDER BY 1', values: ['eu-west-1'] });
  await show('named, first', { name: 'by-id', text: 'SELECT "vpnConnectionId", state FROM vpn_connections WHERE "vpnConnectionId" = $1', values: ['vpn-00d81040d4ad010c0'] });
  await show('named, second', { name: 'by-id', text: 'SELECT "vpnConnectionId", state FROM vpn_connections WHERE "vpnConnectionId" = $1', values: ['vpn-0820266296a1bb6b8'] });
  await show('rowMode array', { text: 'SELECT count(*)::int AS n, region FROM vpn_connections GROUP BY region ORDER BY region', rowMode: 'array' });
  await show('catalog', 'SELECT c.relname, c.relkind, n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = \'ec2\' ORDER BY 1');
  await show('error', 'SELECT * FROM nonexistent_table');
  await show('after error', 'SELECT 1 AS one');
  await client.end();
}

main().catch((e) => { console.error(e); process.exit(1); });
