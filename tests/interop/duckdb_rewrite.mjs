// DuckDB reads a Parquet file and writes it again with its own writer:
//   node duckdb_rewrite.mjs IN OUT
import { DuckDBInstance } from '@duckdb/node-api';
const [input, output] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
await connection.run(`COPY (SELECT * FROM read_parquet('${input}')) TO '${output}' (FORMAT parquet)`);
