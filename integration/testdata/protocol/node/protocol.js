// The protocol flows through node-postgres, as the vpnsql integration test
// runs it against vpnsql and against PostgreSQL 15 (the printed output must
// be the same):
//
//   node protocol.js URL WATCH_URL
//
// URL goes through the test's recording proxy; WATCH_URL reaches the
// server directly, to see when a statement runs. Each printed line is
// "flow: what happened".
'use strict'

const pg = require('pg')

const [url, watchURL] = process.argv.slice(2)

function out(flow, ...parts) {
  console.log(flow + ': ' + parts.join(' '))
}

function error(e) {
  return `${e.severity} ${e.code} ${e.message}`
}

// show renders a value with its JavaScript type, as node-postgres parsed it.
function show(v) {
  if (v === null) return 'null'
  if (v instanceof Date) return 'Date:' + v.toISOString()
  if (Buffer.isBuffer(v)) return 'Buffer:' + v.toString('hex')
  if (Array.isArray(v)) return 'Array:[' + v.map(show).join(',') + ']'
  if (typeof v === 'object') return 'object:' + JSON.stringify(v)
  return typeof v + ':' + JSON.stringify(v)
}

function rows(res) {
  const names = res.fields.map((f) => f.name)
  return names.join(',') + ' -> ' + res.rows.map((r) => names.map((n) => show(r[n])).join(',')).join(' ; ')
}

async function waitActive(query) {
  const w = new pg.Client({ connectionString: watchURL })
  await w.connect()
  try {
    for (let i = 0; i < 500; i++) {
      const r = await w.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query = $1", [query])
      if (r.rows[0].n > 0) return
      await new Promise((res) => setTimeout(res, 20))
    }
    throw new Error('the statement never showed up in pg_stat_activity')
  } finally {
    await w.end()
  }
}

async function main() {
  const client = new pg.Client({ connectionString: url, application_name: 'protocol-node' })
  client.on('notice', (n) => out('notice', n.severity, n.code, n.message))
  await client.connect()
  await client.query("SET TimeZone = 'UTC'")
  // A Client in binary mode asks for binary results. node-postgres cannot
  // really read them: pg-protocol decodes every DataRow value as UTF-8
  // text (bytes that are not UTF-8 become U+FFFD) and pg-types' binary
  // parsers misread several types, so the values are printed as the bytes
  // node-postgres hands over. The binary values themselves are checked by
  // the test's wire comparison, byte for byte against PostgreSQL's.
  const bclient = new pg.Client({
    connectionString: url,
    application_name: 'protocol-node-binary',
    binary: true,
    types: { getTypeParser: () => (b) => b },
  })
  await bclient.connect()

  // Several statements, no parameters: one simple Query, one result each.
  const results = await client.query("SELECT 1 AS one; SELECT 'two' AS two, 2.5 AS half; VALUES (3, 'three'), (4, 'four')")
  for (const r of results) out('simple', rows(r))

  // Parameters (always text), results in text and then binary.
  const q = 'SELECT $1::int4 + 1 AS n, upper($2) AS s, $3::numeric * 2 AS d, $4::int4 IS NULL AS isnull'
  const params = [41, 'abc', '1.25', null]
  out('extended', 'text', rows(await client.query(q, params)))
  out('extended', 'binary results', rows(await bclient.query(q, params)))

  // A named query: Parse once per connection, then Bind/Execute.
  for (let i = 1; i <= 4; i++) {
    out('prepared', rows(await client.query({ name: 'doubled', text: 'SELECT $1::int8 * 2 AS doubled', values: [i] })))
  }

  // rows: Execute with a row limit, PortalSuspended, Execute again, in a
  // transaction block.
  await client.query('BEGIN')
  const paged = await client.query({ text: "SELECT g AS n, 'row ' || g AS label FROM generate_series(1, $1) g", values: [8], rows: 3 })
  out('fetch', rows(paged))
  await client.query('COMMIT')

  // Errors leave the session usable; an aborted block refuses until ROLLBACK.
  for (const sql of ['SELECT 1/n FROM generate_series(0, 0) n', 'SELECT 1 AS after_error', 'SELEC 1', 'BEGIN',
    'SELECT 1/n FROM generate_series(0, 0) n', 'SELECT 1 AS in_failed_block', 'ROLLBACK', 'SELECT 2 AS after_rollback']) {
    try {
      const r = await client.query(sql)
      out('errors', sql, '->', r.fields.length ? rows(r) : r.command)
    } catch (e) {
      out('errors', sql, '->', error(e))
    }
  }
  try {
    await client.query('SELECT $1::int4 AS n', ['abc'])
    out('errors', 'bad parameter accepted')
  } catch (e) {
    out('errors', 'bad parameter ->', error(e))
  }

  // Cancel: another Client sends the CancelRequest for the running query.
  {
    const query = new pg.Query('SELECT pg_sleep(10)')
    const done = new Promise((resolve) => {
      query.on('error', (e) => resolve(e))
      query.on('end', () => resolve(null))
    })
    const start = Date.now()
    client.query(query)
    await waitActive('SELECT pg_sleep(10)')
    new pg.Client({ connectionString: url }).cancel(client, query)
    const e = await done
    out('cancel', e ? error(e) : 'statement completed')
    out('cancel', 'ended early', (Date.now() - start) < 8000)
    // PostgreSQL signals a cancelled backend twice (the process, then its
    // process group); under load the second signal can come late and
    // cancel the next statement. Idle, it is ignored.
    await new Promise((resolve) => setTimeout(resolve, 300))
    out('cancel', rows(await client.query("SELECT 'still usable' AS after")))
  }

  // statement_timeout.
  await client.query('SET statement_timeout = 200')
  try {
    await client.query('SELECT pg_sleep(5)')
    out('timeout', 'statement completed')
  } catch (e) {
    out('timeout', error(e))
  }
  await client.query('RESET statement_timeout')
  out('timeout', rows(await client.query('SHOW statement_timeout')))

  // Notices and warnings arrive as 'notice' events before the result.
  for (const sql of ['BEGIN', 'BEGIN', 'COMMIT', 'COMMIT', 'ROLLBACK']) {
    out('notices', sql, '->', (await client.query(sql)).command)
  }

  // Empty queries: EmptyQueryResponse.
  for (const sql of ['-- ping', '']) {
    const r = await client.query(sql)
    out('empty', JSON.stringify(sql), '->', 'command', JSON.stringify(r.command), 'fields', r.fields.length)
  }

  // Values, parameters in, in text and binary results.
  const vq = 'SELECT $1::int4 AS i4, $2::int8 AS i8, $3::numeric AS num, $4::bool AS b, $5::text AS t, ' +
    '$6::jsonb AS j, $7::timestamptz AS ts, $8::int4[] AS ia, $9::text[] AS ta'
  const vparams = [-2147483648, '9007199254740993', '-12345678901234567890.000123', true, 'héllo, \'wörld\' \\ "x"',
    JSON.stringify({ b: [1, 2.5, null], a: { k: 'v' } }), '2024-02-29 12:34:56.789012+05:30', [1, null, -3], ['a', 'b c', null, 'NULL', '{x}']]
  out('values', 'text', rows(await client.query(vq, vparams)))
  out('values', 'binary', rows(await bclient.query(vq, vparams)))
  const lit = "SELECT 42 AS i4, 'NaN'::numeric AS nan, 0.100::numeric AS scaled, false AS b, " +
    "'{\"z\": 1, \"a\": [true]}'::jsonb AS j, timestamptz '1999-12-31 23:59:59.5+00' AS ts, " +
    "ARRAY[1, 2] AS arr, '{}'::text[] AS empty, NULL::int4 AS nothing"
  out('values', 'literals text', rows(await client.query(lit)))
  out('values', 'literals binary', rows(await bclient.query({ text: lit, queryMode: 'extended' })))

  await client.end()
  await bclient.end()
}

main().catch((e) => {
  console.log('failed:', e)
  process.exit(1)
})
