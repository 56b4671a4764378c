// Polars reads a tarn-written file column by column and prints, per column,
// its row count and null count (one "name rows nulls" line each).
//   node polars_read.mjs FILE COLUMN...
import pl from 'nodejs-polars';
const [file, ...columns] = process.argv.slice(2);
for (const column of columns) {
  const df = pl.readParquet(file, { columns: [column] });
  console.log(`${column} ${df.height} ${df.nullCount().toRecords()[0][column]}`);
}
