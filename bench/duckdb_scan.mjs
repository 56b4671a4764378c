// DuckDB side of the Parquet scan benchmark (run from a copy of ../shared/bench/peers with node_modules).
//   node duckdb_scan.mjs rewrite IN OUT                  DuckDB reads IN and writes OUT (its own Parquet writer)
//   node duckdb_scan.mjs scan FILE --threads N --runs R  decodes every column (one min() per column)
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';

const args = process.argv.slice(2);
const flag = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const threads = Number(flag('--threads', '1'));
const runs = Number(flag('--runs', '3'));
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();

if (args[0] === 'rewrite') {
  await connection.run(`COPY (SELECT * FROM read_parquet('${args[1]}')) TO '${args[2]}' (FORMAT parquet)`);
  console.log(`duckdb wrote ${args[2]} (${fs.statSync(args[2]).size} bytes)`);
} else if (args[0] === 'scan') {
  const file = args[1];
  const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRows().map(r => r[0]);
  const query = `SELECT count(*), ${columns.map(c => `min(${c})::VARCHAR`).join(', ')} FROM read_parquet('${file}')`;
  const times = [];
  let rows = 0;
  let answer = '';
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    const result = (await connection.runAndReadAll(query)).getRows();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    rows = Number(result[0][0]);
    answer = result[0].map(String).join('|');
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const bytes = fs.statSync(file).size;
  console.log(`duckdb threads=${threads} rows=${rows} median_s=${median.toFixed(4)} rows_per_s=${(rows / median).toFixed(0)} mb_per_s=${(bytes / median / 1e6).toFixed(1)}`);
  console.log(`answer duckdb: ${answer}`);
}
