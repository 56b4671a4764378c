// The Markdown table of a bench/tpch.sh run: per query the median time of each
// engine over its rounds, the ratios tarn/DuckDB and tarn/Polars, geomeans,
// totals and peak memory, then the answer checks.
//
//   node bench/tpch_report.mjs --dir RUN_DIR --engines tarn,duckdb,polars-lazy --runs N [--sf 1] [--threads 2]
//
// RUN_DIR holds <engine>-<round>.json (the peer harness's results.json format,
// one timed run each) and check-<a>-vs-<b>.txt (`run.mjs --check` output).
import fs from 'node:fs';
import path from 'node:path';

function parseArgs(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i += 2) a[argv[i].replace(/^--/, '')] = argv[i + 1];
  return a;
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const geomean = (xs) => Math.exp(xs.reduce((sum, x) => sum + Math.log(x), 0) / xs.length);
const seconds = (s) => (s === undefined ? 'error' : s < 10 ? s.toFixed(3) : s.toFixed(2));
const ratio = (r) => (r === undefined ? '—' : `${r.toFixed(2)}×`);
const label = { tarn: 'tarn', duckdb: 'DuckDB', polars: 'Polars SQL', 'polars-lazy': 'Polars lazy' };

const args = parseArgs(process.argv.slice(2));
const engines = args.engines.split(',');
const runs = Number(args.runs);

// engine → { version, times: {q: [s...]}, errors: {q: message}, rss }
const results = {};
for (const e of engines) {
  const r = { version: '', times: {}, errors: {}, rss: 0 };
  for (let round = 1; round <= runs; round++) {
    const json = JSON.parse(fs.readFileSync(path.join(args.dir, `${e}-${round}.json`), 'utf8'));
    r.version = json.version;
    r.rss = Math.max(r.rss, json.peak_rss_mb || 0);
    for (const [q, v] of Object.entries(json.queries)) {
      if (v.error) r.errors[q] = v.error;
      else (r.times[q] ||= []).push(...v.times);
    }
  }
  results[e] = r;
}

// A query's time: the median of its rounds; undefined if any round failed.
const time = (e, q) => (results[e].errors[q] || !results[e].times[q] ? undefined : median(results[e].times[q]));
const queries = [...new Set(engines.flatMap((e) => [...Object.keys(results[e].times), ...Object.keys(results[e].errors)]))].sort();
const peers = engines.filter((e) => e !== 'tarn');
const hasTarn = engines.includes('tarn');

const lines = [];
const header = ['query', ...engines.map((e) => `${label[e]} (s)`)];
if (hasTarn) header.push(...peers.map((p) => `tarn/${label[p]}`));
lines.push(`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i ? '---:' : '---')).join('|')}|`);
const ratios = Object.fromEntries(peers.map((p) => [p, []]));
for (const q of queries) {
  const row = [q, ...engines.map((e) => seconds(time(e, q)))];
  if (hasTarn) {
    for (const p of peers) {
      const t = time('tarn', q), o = time(p, q);
      const r = t !== undefined && o !== undefined ? t / o : undefined;
      if (r !== undefined) ratios[p].push({ q, r });
      row.push(ratio(r));
    }
  }
  lines.push(`| ${row.join(' | ')} |`);
}
const ok = (e) => queries.map((q) => time(e, q)).filter((t) => t !== undefined);
const geo = ['geomean', ...engines.map((e) => (ok(e).length ? seconds(geomean(ok(e))) : '—'))];
if (hasTarn) geo.push(...peers.map((p) => (ratios[p].length ? ratio(geomean(ratios[p].map((x) => x.r))) : '—')));
lines.push(`| **${geo[0]}** | ${geo.slice(1).map((x) => `**${x}**`).join(' | ')} |`);
const total = ['total', ...engines.map((e) => seconds(ok(e).reduce((s, t) => s + t, 0)))];
if (hasTarn) total.push(...peers.map(() => ''));
lines.push(`| ${total.join(' | ')} |`);
const rss = ['peak RSS (MB)', ...engines.map((e) => String(results[e].rss))];
if (hasTarn) rss.push(...peers.map(() => ''));
lines.push(`| ${rss.join(' | ')} |`);

lines.push('');
lines.push(`SF${args.sf ?? '?'}, ${args.threads ?? '?'} threads, ${runs} round(s); median of the rounds. ` +
  engines.map((e) => `${label[e]} ${results[e].version}`).join(', ') + '.');
for (const e of engines) {
  const failed = Object.entries(results[e].errors);
  if (failed.length) lines.push(`${label[e]} failed on ${failed.map(([q, m]) => `${q} (${m})`).join('; ')}.`);
}
for (const f of fs.readdirSync(args.dir).filter((f) => f.startsWith('check-')).sort()) {
  const text = fs.readFileSync(path.join(args.dir, f), 'utf8').trim().split('\n');
  const [a, b] = f.slice(6, -4).split('-vs-');
  const problems = text.filter((l) => /MISMATCH|cannot compare/.test(l));
  lines.push(`Answers ${label[b]} vs ${label[a]} (\`run.mjs --check\`): ${text[text.length - 1]}` +
    (problems.length ? ` — ${problems.join('; ')}` : '') + '.');
}
if (hasTarn) {
  for (const p of peers) {
    const slow = [...ratios[p]].sort((x, y) => y.r - x.r).slice(0, 5);
    if (slow.length) lines.push(`Slowest against ${label[p]}: ${slow.map((x) => `${x.q} ${ratio(x.r)}`).join(', ')}.`);
  }
}
console.log(lines.join('\n'));
