// DuckDB side of the Delta DML benchmark (run from a copy of ../shared/bench/peers with node_modules).
//   node delta_dml_duckdb.mjs DB setup LINEITEM SOURCE_GLOB   loads lineitem and the MERGE source into the database file DB
//   node delta_dml_duckdb.mjs DB run OP --threads N            copies lineitem to a fresh table `target`, then
//                                                              times OP on it (merge | delete) and prints
//                                                              `duckdb OP seconds=S rows=R check=... cpu=C`
//                                                              (C: CPU seconds of all threads, user + system)
// The statement runs in autocommit, so its time includes the commit to DB's write-ahead log.
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
const flag = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const [db, command] = args;
const instance = await DuckDBInstance.create(db, { threads: flag('--threads', '2') });
const connection = await instance.connect();
const rows = async (sql) => (await connection.runAndReadAll(sql)).getRows();

// The same statements as delta_dml.sh gives tarn.
const statements = {
  merge: `MERGE INTO target AS t USING source AS s ON t.l_orderkey = s.l_orderkey AND t.l_linenumber = s.l_linenumber
          WHEN MATCHED THEN UPDATE WHEN NOT MATCHED THEN INSERT`,
  delete: `DELETE FROM target WHERE l_orderkey % 100 = 7`,
};
// Must print the same text as delta_dml.sh's check query on tarn.
const check = `SELECT count(*)::VARCHAR || '|' || sum(l_orderkey)::VARCHAR || '|' || sum(l_quantity)::VARCHAR || '|' ||
                      sum(l_extendedprice)::VARCHAR || '|' || sum(l_orderkey * l_linenumber)::VARCHAR || '|' ||
                      sum(length(l_comment))::VARCHAR FROM target`;

if (command === 'setup') {
  const [lineitem, source] = args.slice(2);
  await connection.run(`CREATE OR REPLACE TABLE lineitem AS SELECT * FROM read_parquet('${lineitem}')`);
  await connection.run(`CREATE OR REPLACE TABLE source AS SELECT * FROM read_parquet('${source}')`);
  await connection.run('CHECKPOINT');
  const version = (await rows('SELECT version()'))[0][0];
  console.log(`duckdb ${version}: lineitem ${(await rows('SELECT count(*) FROM lineitem'))[0][0]} rows, source ${(await rows('SELECT count(*) FROM source'))[0][0]} rows`);
} else if (command === 'run') {
  const op = args[2];
  if (!statements[op]) throw new Error(`unknown operation ${op}`);
  await connection.run('CREATE OR REPLACE TABLE target AS SELECT * FROM lineitem');
  await connection.run('CHECKPOINT');
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();  // every thread of the process: user + system microseconds
  const changed = (await rows(statements[op]))[0][0];
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  console.log(`duckdb ${op} seconds=${seconds.toFixed(3)} rows=${changed} check=${(await rows(check))[0][0]} cpu=${((cpu.user + cpu.system) / 1e6).toFixed(3)}`);
  await connection.run('DROP TABLE target');
  await connection.run('CHECKPOINT');
} else {
  throw new Error('usage: node delta_dml_duckdb.mjs DB setup LINEITEM SOURCE_GLOB | DB run merge|delete');
}
