// An independent reader of a tarn-written Delta table, with DuckDB SQL:
// reads `_last_checkpoint`, the checkpoint Parquet file and the JSON commits
// after it, applies add/remove (PROTOCOL.md "Action Reconciliation"), reads
// the listed Parquet files with the partition values as typed columns, and
// compares the rows with tarn's answer (JSON lines of `tarn sql --format json`).
//   node delta_reconstruct.mjs TABLE_DIR TARN_ROWS.jsonl
// Prints one summary line; exit status 1 when the rows differ.
//   node delta_reconstruct.mjs --checkpoint FILE
// prints "rows,adds,metaData,protocol" of a checkpoint Parquet file.
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
const rows = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson();
const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;

if (process.argv[2] === '--checkpoint') {
  const [r] = await rows(`SELECT count(*) AS n, count(add) AS a, count(metaData) AS m, count(protocol) AS p
                          FROM read_parquet(${quote(process.argv[3])})`);
  console.log([r.n, r.a, r.m, r.p].map(String).join(','));
  process.exit(0);
}
const [table, tarnRowsFile] = process.argv.slice(2);
const log = path.join(table, '_delta_log');

// The checkpoint named by _last_checkpoint, if any.
let checkpointVersion = -1;
const files = new Map();  // path → partitionValues
let metadata = null;
if (fs.existsSync(path.join(log, '_last_checkpoint'))) {
  const [last] = await rows(`SELECT version FROM read_json_auto(${quote(path.join(log, '_last_checkpoint'))})`);
  checkpointVersion = Number(last.version);
  const checkpoint = path.join(log, `${String(checkpointVersion).padStart(20, '0')}.checkpoint.parquet`);
  for (const r of await rows(`SELECT add.path AS path, to_json(add.partitionValues) AS pv
                               FROM read_parquet(${quote(checkpoint)}) WHERE add IS NOT NULL`)) {
    files.set(r.path, JSON.parse(r.pv ?? '{}'));
  }
  const [m] = await rows(`SELECT metaData.schemaString AS schema, to_json(metaData.partitionColumns) AS partitions
                          FROM read_parquet(${quote(checkpoint)}) WHERE metaData IS NOT NULL`);
  metadata = { schemaString: m.schema, partitionColumns: JSON.parse(m.partitions) };
}
// The commits after it, in version order.
const commits = fs.readdirSync(log).filter((f) => /^\d{20}\.json$/.test(f)).sort()
  .filter((f) => Number(f.slice(0, 20)) > checkpointVersion);
for (const commit of commits) {
  const actions = await rows(`SELECT json_extract(json, '$.add') AS a, json_extract(json, '$.remove') AS r,
                                     json_extract(json, '$.metaData') AS m
                              FROM read_json_objects(${quote(path.join(log, commit))}, format = 'newline_delimited')`);
  for (const { a, r, m } of actions) {
    const add = a && JSON.parse(a), remove = r && JSON.parse(r);
    if (remove) files.delete(remove.path);
    if (add) files.set(add.path, add.partitionValues ?? {});
    if (m) metadata = JSON.parse(m);
  }
}

const duckType = (t) => ({ integer: 'INTEGER', long: 'BIGINT', short: 'SMALLINT', byte: 'TINYINT', string: 'VARCHAR',
  boolean: 'BOOLEAN', date: 'DATE', double: 'DOUBLE', float: 'FLOAT', timestamp: 'TIMESTAMPTZ' })[t] ??
  (t.startsWith('decimal') ? t.toUpperCase() : 'VARCHAR');
const schema = JSON.parse(metadata.schemaString).fields;
const partitions = new Set(metadata.partitionColumns);
const selects = [...files].map(([p, values]) => {
  const columns = schema.map((f) => partitions.has(f.name)
    ? `CAST(${values[f.name] == null ? 'NULL' : quote(values[f.name])} AS ${duckType(f.type)}) AS "${f.name}"`
    : `"${f.name}"`);
  return `SELECT ${columns.join(', ')} FROM read_parquet(${quote(path.join(table, decodeURIComponent(p)))})`;
});
const text = (row) => schema.map((f) => (row[f.name] === null || row[f.name] === undefined ? 'NULL' : String(row[f.name]))).join('\t');
const theirs = (selects.length ? await rows(selects.join(' UNION ALL ')) : []).map(text).sort();
const ours = fs.readFileSync(tarnRowsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => text(JSON.parse(l))).sort();

const same = theirs.length === ours.length && theirs.every((r, i) => r === ours[i]);
console.log(`${path.basename(table)}: checkpoint ${checkpointVersion}, ${commits.length} commits after it, ` +
            `${files.size} files, ${theirs.length} rows (DuckDB) vs ${ours.length} (tarn): ${same ? 'same rows' : 'DIFFERENT'}`);
if (!same) {
  const o = new Set(ours), t = new Set(theirs);
  for (const r of theirs.filter((x) => !o.has(x)).slice(0, 10)) console.log(`  only DuckDB: ${r}`);
  for (const r of ours.filter((x) => !t.has(x)).slice(0, 10)) console.log(`  only tarn:   ${r}`);
  process.exit(1);
}
