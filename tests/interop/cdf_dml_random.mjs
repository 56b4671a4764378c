// Randomized DML tests of tarn's Delta tables, with DuckDB as the oracle:
//
//  (a) differential: a random sequence of INSERT / UPDATE / DELETE / MERGE /
//      INSERT OVERWRITE runs on a tarn Delta table (partitioned or not, with
//      or without deletion vectors, change data feed on) and on a DuckDB
//      table; the final rows must be equal.
//  (b) change data feed replay: table_changes(table, 0) replayed onto an
//      empty table — per version, deletes and update preimages remove their
//      row (which must be there, equal), then inserts and update postimages
//      add theirs (whose key must be free) — must give the final table; and
//      the table as of a random version v - 1 (time travel) plus
//      table_changes(table, v) must give it too.
//
// Both tables are compared after every statement: on a mismatch it prints the
// seed, the variant and the first statement after which tarn's table differs
// from DuckDB's (or that tarn fails on), with the statements before it.
//
//   node cdf_dml_random.mjs --tarn TARN_CLI --work DIR [--seeds 1,2,3]
//        [--statements 20] [--ops insert:3,delete,update,merge,overwrite]
//        [--variants plain,partitioned,dv,dv-partitioned]
// TARN_CDF_SEEDS / TARN_CDF_STATEMENTS override the defaults (longer runs).
// Exit status 1 on any mismatch or error.
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
  return pairs;
}, []));
const tarn = args.tarn;
const work = path.resolve(args.work ?? 'cdf_random_work');
const seeds = (process.env.TARN_CDF_SEEDS ?? args.seeds ?? '1,2,3').split(',').map(Number);
const numStatements = Number(process.env.TARN_CDF_STATEMENTS ?? args.statements ?? 20);
// Statement kinds with optional weights: "insert:3,delete,update".
const ops = (args.ops ?? 'insert:3,delete,update,merge,overwrite').split(',').flatMap((op) => {
  const [kind, weight] = op.split(':');
  return Array(Number(weight ?? 1)).fill(kind);
});
const variants = (args.variants ?? 'plain,partitioned').split(',');
if (!tarn) {
  console.error('usage: node cdf_dml_random.mjs --tarn TARN_CLI --work DIR [--seeds ...] [--statements N] [--ops ...] [--variants ...]');
  process.exit(2);
}

// mulberry32: a small deterministic generator (the same sequence on every machine).
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS = ['id', 'p', 'v', 's'];
const canonical = (row) => JSON.stringify(COLUMNS.map((c) => (row[c] === undefined || row[c] === null ? null
  : c === 's' ? String(row[c]) : Number(row[c]))));
const sorted = (rows) => rows.map(canonical).sort();

// Runs SQL on tarn; returns the JSON rows of the last statement (if asked).
function runTarn(sql, { json = false } = {}) {
  const argv = ['sql', '-S'];
  if (json) argv.push('--format', 'json');
  const file = path.join(work, 'statements.sql');
  fs.writeFileSync(file, sql);
  argv.push('-f', file);
  const out = execFileSync(tarn, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  if (!json) return [];
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

function tarnError(e) {
  return String(e.stderr || e.message).trim().split('\n').slice(0, 3).join(' | ');
}

class Generator {
  constructor(rand, partitioned) {
    this.rand = rand;
    this.partitioned = partitioned;
    this.nextId = 1;
  }
  int(lo, hi) { return lo + Math.floor(this.rand() * (hi - lo + 1)); }
  pick(list) { return list[Math.floor(this.rand() * list.length)]; }
  value() { return this.rand() < 0.12 ? 'NULL' : String(this.int(-5, 20)); }
  text() { return this.pick(["'a'", "'b'", "'c'", "'it''s'", 'NULL']); }
  part() { return String(this.int(0, 3)); }
  predicate(alias = '') {
    const c = (n) => alias + n;
    const atoms = [
      () => `${c('v')} > ${this.int(-5, 20)}`,
      () => `${c('v')} <= ${this.int(-5, 20)}`,
      () => `${c('v')} IS NULL`,
      () => `${c('p')} = ${this.part()}`,
      () => `${c('id')} % 3 = ${this.int(0, 2)}`,
      () => `${c('s')} = ${this.pick(["'a'", "'b'", "'c'"])}`,
      () => `${c('v')} BETWEEN ${this.int(-5, 5)} AND ${this.int(5, 20)}`,
    ];
    const atom = () => this.pick(atoms)();
    const r = this.rand();
    if (r < 0.5) return atom();
    if (r < 0.75) return `(${atom()} AND ${atom()})`;
    if (r < 0.9) return `(${atom()} OR ${atom()})`;
    return `NOT (${atom()})`;
  }
  // One statement for tarn (`T` is the table) and for DuckDB (`tbl`), and
  // `existing`: the ids in the table now.
  statement(kind, existing) {
    const render = (sql) => ({ kind, tarn: sql.replaceAll('{T}', this.table), duck: sql.replaceAll('{T}', 'tbl') });
    switch (kind) {
      case 'insert': {
        const rows = [];
        for (let i = this.int(1, 4); i > 0; --i) rows.push(`(${this.nextId++}, ${this.part()}, ${this.value()}, ${this.text()})`);
        return render(`INSERT INTO {T} VALUES ${rows.join(', ')}`);
      }
      case 'delete':
        return render(`DELETE FROM {T} WHERE ${this.predicate()}`);
      case 'update': {
        const sets = [this.pick(['v = v + 1', `v = ${this.value()}`, 'v = -v', `v = CASE WHEN v > 5 THEN NULL ELSE v END`])];
        if (this.rand() < 0.5) sets.push(`s = ${this.text()}`);
        if (this.rand() < 0.4) sets.push(this.pick(['p = (p + 1) % 4', `p = ${this.part()}`]));
        return render(`UPDATE {T} SET ${sets.join(', ')} WHERE ${this.predicate()}`);
      }
      case 'merge': {
        // Source keys are unique (one source row per target row): some match, some are new.
        const ids = new Set();
        for (let i = this.int(1, 5); i > 0; --i) {
          ids.add(existing.length && this.rand() < 0.6 ? this.pick(existing) : this.nextId++);
        }
        const rows = [...ids].map((id, i) => {
          const cols = [`${id}`, this.part(), this.value(), this.text()];
          return i === 0
            ? `SELECT CAST(${cols[0]} AS INT) AS id, CAST(${cols[1]} AS INT) AS p, CAST(${cols[2]} AS INT) AS v, CAST(${cols[3]} AS STRING) AS s`
            : `SELECT ${cols.join(', ')}`;
        });
        const clauses = [];
        const update = this.rand() < 0.8, del = this.rand() < 0.4;
        if (update) {
          // Only the last WHEN MATCHED clause may omit its condition.
          const cond = del || this.rand() < 0.5 ? ` AND ${this.predicate('src.')}` : '';
          clauses.push(`WHEN MATCHED${cond} THEN UPDATE SET v = src.v, s = src.s${this.rand() < 0.3 ? ', p = src.p' : ''}`);
        }
        if (del) clauses.push('WHEN MATCHED THEN DELETE');
        if (this.rand() < 0.8 || clauses.length === 0) {
          clauses.push('WHEN NOT MATCHED THEN INSERT (id, p, v, s) VALUES (src.id, src.p, src.v, src.s)');
        }
        if (this.rand() < 0.25) clauses.push(`WHEN NOT MATCHED BY SOURCE AND ${this.predicate('tgt.')} THEN DELETE`);
        return render(`MERGE INTO {T} AS tgt USING (${rows.join(' UNION ALL ')}) AS src ON tgt.id = src.id ${clauses.join(' ')}`);
      }
      case 'overwrite': {
        // Keeps the rows a predicate selects; DuckDB has no INSERT OVERWRITE, so it deletes the others.
        const pred = this.predicate();
        return {
          kind,
          tarn: `INSERT OVERWRITE ${this.table} SELECT * FROM ${this.table} WHERE ${pred}`,
          duck: `DELETE FROM tbl WHERE NOT coalesce(${pred}, false)`,
        };
      }
      default:
        throw new Error(`unknown statement kind ${kind}`);
    }
  }
}

const VARIANTS = {
  plain: { partitioned: false, dv: false },
  partitioned: { partitioned: true, dv: false },
  dv: { partitioned: false, dv: true },
  'dv-partitioned': { partitioned: true, dv: true },
};

function createSql(table, variant) {
  const props = ["'delta.enableChangeDataFeed' = 'true'"];
  if (variant.dv) props.push("'delta.enableDeletionVectors' = 'true'");
  return `CREATE TABLE ${table} (id INT, p INT, v INT, s STRING) USING DELTA` +
    (variant.partitioned ? ' PARTITIONED BY (p)' : '') + ` TBLPROPERTIES (${props.join(', ')})`;
}

// Replays the feed onto an empty table; returns [rows, problems].
function replayFeed(changes, start = []) {
  const table = new Map(start.map((row) => [Number(row.id), row]));
  const problems = [];
  const versions = [...new Set(changes.map((c) => Number(c._commit_version)))].sort((a, b) => a - b);
  for (const version of versions) {
    const rows = changes.filter((c) => Number(c._commit_version) === version);
    for (const c of rows.filter((r) => r._change_type === 'delete' || r._change_type === 'update_preimage')) {
      const key = Number(c.id);
      if (!table.has(key)) problems.push(`v${version}: ${c._change_type} of id ${key}, which is not in the table`);
      else if (canonical(table.get(key)) !== canonical(c)) problems.push(`v${version}: ${c._change_type} ${canonical(c)} differs from the row ${canonical(table.get(key))}`);
      table.delete(key);
    }
    for (const c of rows.filter((r) => r._change_type === 'insert' || r._change_type === 'update_postimage')) {
      const key = Number(c.id);
      if (table.has(key)) problems.push(`v${version}: ${c._change_type} of id ${key}, which is already there`);
      table.set(key, c);
    }
    const other = rows.filter((r) => !['insert', 'delete', 'update_preimage', 'update_postimage'].includes(r._change_type));
    if (other.length) problems.push(`v${version}: unknown _change_type ${other[0]._change_type}`);
  }
  return [[...table.values()], problems];
}

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const duck = await instance.connect();
const duckRows = async (sql) => (await duck.runAndReadAll(sql)).getRowObjectsJson();

fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
let failures = 0;
let runs = 0;
for (const seed of seeds) {
  for (const name of variants) {
    const variant = VARIANTS[name];
    if (!variant) throw new Error(`unknown variant ${name}`);
    ++runs;
    const label = `seed ${seed} ${name}`;
    const dir = path.join(work, `t_${seed}_${name}`);
    const table = `delta.\`${dir}\``;
    const gen = new Generator(random(seed * 7919 + Object.keys(VARIANTS).indexOf(name)), variant.partitioned);
    gen.table = table;
    await duck.run('DROP TABLE IF EXISTS tbl');
    await duck.run('CREATE TABLE tbl (id INTEGER, p INTEGER, v INTEGER, s VARCHAR)');
    // Generate and run on DuckDB, keeping its state after each statement.
    const statements = [];
    const states = [];
    for (let i = 0; i < numStatements; ++i) {
      const existing = (await duckRows('SELECT id FROM tbl')).map((r) => Number(r.id));
      const kind = statements.length === 0 ? 'insert' : gen.pick(ops);
      const st = gen.statement(kind, existing);
      try {
        await duck.run(st.duck);
      } catch (e) {
        console.log(`${label}: DuckDB refused statement ${i + 1} (${e.message.split('\n')[0]}): ${st.duck}`);
        break;
      }
      statements.push(st);
      states.push(sorted(await duckRows('SELECT * FROM tbl')));
    }
    if (statements.length < numStatements) {
      ++failures;  // a generator bug: DuckDB refused a statement
      continue;
    }
    // tarn: the whole sequence as one script, the table's rows after every
    // statement (each followed by a marker row).
    fs.rmSync(dir, { recursive: true, force: true });
    const script = [createSql(table, variant)];
    statements.forEach((st, i) => script.push(st.tarn, `SELECT * FROM ${table}`, `SELECT ${i + 1} AS __after`));
    const tarnStates = [];
    let scriptError = null;
    try {
      let rows = [];
      for (const r of runTarn(script.join(';\n') + ';\n', { json: true })) {
        if (!('id' in r) && r.__after === undefined) continue;  // a DML statement's row counts
        if (r.__after === undefined) {
          rows.push(r);
        } else {
          tarnStates.push(sorted(rows));
          rows = [];
        }
      }
    } catch (e) {
      scriptError = tarnError(e);
      // The rows printed before the failure are on stdout too.
      let rows = [];
      for (const l of String(e.stdout ?? '').split('\n').filter((x) => x.startsWith('{'))) {
        const r = JSON.parse(l);
        if (!('id' in r) && r.__after === undefined) continue;
        if (r.__after === undefined) rows.push(r); else { tarnStates.push(sorted(rows)); rows = []; }
      }
    }
    // The first statement after which tarn's table differs from DuckDB's (or that fails).
    const diverged = tarnStates.findIndex((rows, i) => JSON.stringify(rows) !== JSON.stringify(states[i]));
    if (scriptError || diverged >= 0) {
      ++failures;
      const i = diverged >= 0 ? diverged : tarnStates.length;
      console.log(`${label}: ${diverged >= 0 ? 'rows differ from DuckDB after' : 'tarn fails on'} statement ${i + 1}: ${statements[i]?.tarn}`);
      if (diverged >= 0) {
        const only = (a, b) => a.filter((x) => !b.includes(x));
        console.log(`  only in tarn:   ${only(tarnStates[i], states[i]).slice(0, 5).join(' ')}`);
        console.log(`  only in DuckDB: ${only(states[i], tarnStates[i]).slice(0, 5).join(' ')}`);
      } else {
        console.log(`  ${scriptError}`);
      }
      statements.slice(0, i).forEach((st, k) => console.log(`  before ${k + 1}: ${st.tarn}`));
      continue;
    }
    const actual = tarnStates.at(-1) ?? [];
    // The change data feed, replayed.
    let changes;
    try {
      changes = runTarn(`SELECT id, p, v, s, _change_type, _commit_version FROM table_changes('${table.replaceAll("'", "''")}', 0)`, { json: true });
    } catch (e) {
      console.log(`${label}: table_changes failed: ${tarnError(e)}`);
      ++failures;
      continue;
    }
    const [replayed, problems] = replayFeed(changes);
    const same = JSON.stringify(sorted(replayed)) === JSON.stringify(actual);
    if (problems.length || !same) {
      ++failures;
      console.log(`${label}: CDF replay ${same ? 'reaches the table but' : 'does NOT reach the table'}; ${problems.length} problem(s)`);
      for (const p of problems.slice(0, 5)) console.log(`  ${p}`);
      // Versions of the statements (version 0 is the CREATE; a statement that changes nothing may not commit).
      statements.forEach((st, i) => console.log(`  statement ${i + 1}: ${st.tarn}`));
      continue;
    }
    // A range from a middle version: the table as of the version before it
    // (time travel) plus the changes from it on is the table.
    const versions = [...new Set(changes.map((c) => Number(c._commit_version)))].sort((a, b) => a - b);
    const middle = versions.length ? versions[Math.floor(gen.rand() * versions.length)] : 1;
    try {
      const before = runTarn(`SELECT * FROM ${table} VERSION AS OF ${middle - 1}`, { json: true });
      const later = runTarn(`SELECT id, p, v, s, _change_type, _commit_version FROM table_changes('${table.replaceAll("'", "''")}', ${middle})`, { json: true });
      const [fromMiddle, midProblems] = replayFeed(later, before);
      if (midProblems.length || JSON.stringify(sorted(fromMiddle)) !== JSON.stringify(actual)) {
        ++failures;
        console.log(`${label}: the table at version ${middle - 1} plus table_changes from ${middle} is not the table; ${midProblems.slice(0, 3).join('; ')}`);
        continue;
      }
    } catch (e) {
      ++failures;
      console.log(`${label}: reading from version ${middle} failed: ${tarnError(e)}`);
      continue;
    }
    console.log(`${label}: ok (${statements.length} statements, ${actual.length} rows, ${changes.length} change rows; replayed from 0 and from ${middle})`);
  }
}
console.log(`${runs - failures} of ${runs} runs passed (seeds ${seeds.join(',')}, ${numStatements} statements, ops ${[...new Set(ops)].join(',')})`);
process.exit(failures ? 1 : 0);
