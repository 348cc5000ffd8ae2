// Test oracle: validates Mermaid chart sources with the real mermaid.parse() (mermaid 11, under jsdom).
//
// stdin:  a JSON list of chart sources (bare Mermaid text, without the ``` fence).
// stdout: a JSON list, one {"ok": bool, "error": string|null, "parsed": {...}} per source, in order;
//         "parsed" (absent when parse() failed) is what mermaid read: type, title, labels (x-axis
//         categories or pie slice labels), and for xycharts yTitle, series and values.
// Exit code: 0 when every source was checked (whatever the verdicts), 2 on a setup failure.
//
// Beyond parse() it checks what parse() lets through but renders wrongly:
//   - xychart: every bar/line series must have exactly one value per x-axis label
//     (missing values draw as NaN bars, extra ones are silently dropped);
//   - xychart: x-axis labels must be distinct and not empty once mermaid's sanitiser is through
//     (d3's band scale merges duplicates: the bars overlap);
//   - xychart: at least one bar or line series (render() fails with "No Plot to render");
//   - pie: slice labels must be distinct (mermaid keeps the first and silently drops the others);
//   - pie: at least one slice.
// These checks wrap mermaid's own diagram databases, so they see exactly what the parser produced; a
// self-test at start-up fails loudly if a mermaid upgrade ever stops them from seeing anything.
//
// Install once: npm ci --prefix tests/mermaid

import { readFileSync } from 'node:fs';

// Everything mermaid logs goes to stderr: stdout carries only the JSON answer.
for (const level of ['log', 'info', 'warn', 'debug', 'trace']) {
  console[level] = (...args) => console.error(...args);
}

function fail(message) {
  process.stderr.write(`validate.mjs: ${message}\n`);
  process.exit(2);
}

let sources;
try {
  sources = JSON.parse(readFileSync(0, 'utf8'));
} catch (err) {
  fail(`stdin is not JSON: ${err.message}`);
}
if (!Array.isArray(sources) || !sources.every((s) => typeof s === 'string')) {
  fail('stdin must be a JSON list of strings');
}

// mermaid needs a DOM (DOMPurify, d3) even to parse.
const { JSDOM } = await import('jsdom');
const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const mermaid = (await import('mermaid')).default;
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

// ---- hooks on the diagram databases (what the parser actually fed them) ----
let record = null;

function resetRecord() {
  record = { xBand: null, series: [], pieLabels: [] };
}

async function dbOf(source) {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  return diagram.db;
}

function wrap(db, name, before) {
  const original = db[name];
  if (typeof original !== 'function') {
    fail(`mermaid's ${name}() is gone: update the checks in validate.mjs for this mermaid version`);
  }
  db[name] = function (...args) {
    if (record) before(...args);
    return original.apply(this, args);
  };
}

const xyDb = await dbOf('xychart-beta\n  x-axis ["a"]\n  bar [1]\n');
wrap(xyDb, 'setXAxisBand', (categories) => {
  record.xBand = categories.map((c) => (c && typeof c === 'object' ? c.text : String(c)));
});
wrap(xyDb, 'setXAxisRangeData', () => {
  record.xBand = null;
});
wrap(xyDb, 'setBarData', (title, data) => {
  record.series.push({ kind: 'bar', title: title?.text ?? '', n: data.length });
});
wrap(xyDb, 'setLineData', (title, data) => {
  record.series.push({ kind: 'line', title: title?.text ?? '', n: data.length });
});

const pieDb = await dbOf('pie\n  "a" : 1\n');
wrap(pieDb, 'addSection', (section) => {
  record.pieLabels.push(section.label);
});

function extraChecks(diagramType) {
  const problems = [];
  if (diagramType === 'xychart' && record.series.length === 0) {
    problems.push('no bar or line series (mermaid cannot render it)');
  }
  if (diagramType === 'xychart' && record.xBand !== null) {
    const n = record.xBand.length;
    for (const s of record.series) {
      if (s.n !== n) {
        problems.push(
          `${s.kind} series "${s.title}" has ${s.n} values but the x-axis has ${n} labels`,
        );
      }
    }
    // The labels as they will be drawn (after mermaid's HTML sanitiser).
    const drawn = xyDb.getXYChartData().xAxis.categories ?? record.xBand;
    const seen = new Set();
    for (const [i, label] of drawn.entries()) {
      if (label.trim() === '') {
        problems.push(`x-axis label ${JSON.stringify(record.xBand[i])} is drawn empty`);
      } else if (seen.has(label)) {
        problems.push(`duplicate x-axis label "${label}" (bars would overlap)`);
      }
      seen.add(label);
    }
  }
  if (diagramType === 'pie') {
    if (record.pieLabels.length === 0) problems.push('pie chart without slices');
    const seen = new Set();
    for (const label of record.pieLabels) {
      if (seen.has(label)) problems.push(`duplicate pie label "${label}" (mermaid drops the slice)`);
      seen.add(label);
    }
  }
  return problems;
}

// What the parser read, to compare with what was written: a label that the preprocessing or the
// lexer changed shows up here even when the chart parses.
function describe(diagramType) {
  if (diagramType === 'xychart') {
    const data = xyDb.getXYChartData();
    return {
      type: diagramType,
      title: xyDb.getDiagramTitle(),
      labels: data.xAxis.type === 'band' ? data.xAxis.categories : null,
      yTitle: data.yAxis.title,
      series: data.plots.map((p) => ({ kind: p.type, title: p.title, n: p.data.length })),
      values: data.plots.map((p) => p.data.map(([, v]) => v)),
    };
  }
  if (diagramType === 'pie') {
    return {
      type: diagramType,
      title: pieDb.getDiagramTitle(),
      labels: [...pieDb.getSections().keys()],
      values: [[...pieDb.getSections().values()]],
    };
  }
  return { type: diagramType };
}

async function check(source) {
  resetRecord();
  try {
    const result = await mermaid.parse(source);
    const problems = extraChecks(result.diagramType);
    const parsed = describe(result.diagramType);
    return problems.length
      ? { ok: false, error: problems.join('; '), parsed }
      : { ok: true, error: null, parsed };
  } catch (err) {
    const message = err && (err.message || err.str) ? String(err.message || err.str) : String(err);
    return { ok: false, error: message };
  } finally {
    record = null;
  }
}

// Self-test: the hooks must see a series-length mismatch and a duplicate pie label.
for (const [source, expect] of [
  ['xychart-beta\n  x-axis ["a", "b"]\n  bar [1]\n', 'has 1 values'],
  ['pie\n  "a" : 1\n  "a" : 2\n', 'duplicate pie label'],
]) {
  const verdict = await check(source);
  if (verdict.ok || !verdict.error.includes(expect)) {
    fail(`self-test failed (hooks no longer see parsed data): ${JSON.stringify(verdict)}`);
  }
}

const results = [];
for (const source of sources) {
  results.push(await check(source));
}
process.stdout.write(JSON.stringify(results) + '\n');
