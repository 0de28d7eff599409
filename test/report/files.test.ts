/**
 * --json, --csv and --hdr-log from a real short run through the CLI: the JSON matches its
 * schema, `loadscope report` prints the run's own summary, the HDR log read back with
 * hdr-histogram-js equals the JSON's cumulative histograms, the CSV has a row per interval.
 */
import assert from 'node:assert/strict';
import {mkdtemp, readFile, readdir, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {Ajv} from 'ajv';
import hdr from 'hdr-histogram-js';
import {csvColumns} from '../../source/report/csv.js';
import {schemaPath} from '../../source/report/report-file.js';
import {createHistogram, decodeHistogram, type Histogram} from '../../source/metrics/histogram.js';
import {runCli, type CliResult} from '../helpers/cli.js';

let folder: string;
let run: CliResult;
let report: Record<string, any>;

before(async () => {
	folder = await mkdtemp(path.join(os.tmpdir(), 'loadscope-report-'));
	run = await runCli([
		'synthetic', '-r', '200', '-d', '1s', '--no-tui', '--workers', '2', '--latency', '3ms', '--error-rate', '5', '--operation', 'register',
		'--json', path.join(folder, 'run.json'), '--csv', path.join(folder, 'run.csv'), '--hdr-log', path.join(folder, 'run.hlog'),
	]);
	report = JSON.parse(await readFile(path.join(folder, 'run.json'), 'utf8')) as Record<string, any>;
});

after(async () => {
	await rm(folder, {recursive: true, force: true});
});

test('the run succeeds and leaves only the three reports (no temporary files)', async () => {
	assert.equal(run.code, 0, run.stderr);
	assert.deepEqual((await readdir(folder)).filter(name => name.startsWith('run') || name.startsWith('.')).sort(), ['run.csv', 'run.hlog', 'run.json']);
});

test('the JSON report matches docs/json-report.schema.json and holds the run', async () => {
	const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as object;
	const validate = new Ajv({strict: true, allErrors: true}).compile(schema);
	assert.ok(validate(report), JSON.stringify(validate.errors, undefined, 2));
	assert.equal(report.schemaVersion, 1);
	assert.equal(report.format, 'loadscope-report');
	assert.equal(report.plan.load.rate, 200);
	assert.equal(report.operations[0].name, 'register');
	assert.equal(report.totals.completed, report.operations[0].count);
	assert.ok(report.totals.completed >= 150 && report.totals.completed <= 320, `completed ${report.totals.completed}`);
	assert.ok(report.operations[0].errors > 0, 'errors are counted');
	assert.ok(report.series.length >= 3, 'time series');
	assert.equal(decodeHistogram(report.histograms.operations.register.latency).totalCount, report.operations[0].count);
});

test('the schema rejects a report with a field missing or of the wrong type', async () => {
	const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as object;
	const validate = new Ajv({strict: true}).compile(schema);
	const {series: _series, ...missing} = report;
	assert.equal(validate(missing), false);
	assert.equal(validate({...report, operations: [{...report.operations[0], latency: {...report.operations[0].latency, p99: 'slow'}}]}), false);
});

test('loadscope report prints exactly the summary the run printed', async () => {
	const again = await runCli(['report', path.join(folder, 'run.json')]);
	assert.equal(again.code, 0, again.stderr);
	assert.equal(again.stderr, '');
	assert.match(run.stdout, /Register Operations:/);
	assert.equal(again.stdout, run.stdout);
});

test('the HDR log read back with HistogramLogReader equals the cumulative histograms per tag', async () => {
	const content = await readFile(path.join(folder, 'run.hlog'), 'utf8');
	assert.match(content, /^#\[StartTime: \d+\.\d{3} \(seconds since epoch\)/m);
	assert.match(content, /^#\[BaseTime: \d+\.\d{3} \(seconds since epoch\)\]$/m);
	assert.deepEqual(hdr.listTags(content).sort(), ['register', 'register.service']);
	const reader = new hdr.HistogramLogReader(content, 32);
	const sums = new Map<string, Histogram>();
	let lines = 0;
	let previousStart = -1;
	for (let histogram = reader.nextIntervalHistogram(); histogram; histogram = reader.nextIntervalHistogram()) {
		lines++;
		const sum = sums.get(histogram.tag) ?? createHistogram();
		sum.add(histogram);
		sums.set(histogram.tag, sum);
		assert.ok(histogram.startTimeStampMsec >= previousStart, 'intervals in time order');
		previousStart = histogram.startTimeStampMsec;
	}

	assert.ok(lines >= 6, `${lines} interval lines`);
	const stored = report.histograms.operations.register as {latency: string; service: string};
	for (const [tag, encoded] of [
		['register', stored.latency],
		['register.service', stored.service],
	] as const) {
		const fromLog = sums.get(tag)!;
		const fromJson = decodeHistogram(encoded);
		assert.equal(fromLog.totalCount, fromJson.totalCount, `${tag} count`);
		for (const percentile of [50, 90, 99, 99.9, 100]) {
			assert.equal(fromLog.getValueAtPercentile(percentile), fromJson.getValueAtPercentile(percentile), `${tag} p${percentile}`);
		}
	}

	// The log's StartTime is the run's, as absolute time.
	const start = Date.parse(report.startedAt as string);
	assert.ok(Math.abs(reader.baseTimeSec * 1000 - start) < 2000, 'base time near the run start');
});

test('the CSV has a header and one row per interval per operation', async () => {
	const lines = (await readFile(path.join(folder, 'run.csv'), 'utf8')).trimEnd().split('\n');
	assert.equal(lines[0], csvColumns.join(','));
	assert.equal(lines.length - 1, report.series.length);
	const rows = lines.slice(1).map(line => line.split(','));
	const count = csvColumns.indexOf('count');
	assert.equal(rows.reduce((sum, row) => sum + Number(row[count]), 0), report.operations[0].count);
	for (const row of rows) {
		assert.equal(row.length, csvColumns.length);
		assert.equal(row[csvColumns.indexOf('op')], 'register');
		assert.equal(row[csvColumns.indexOf('target_rate')], '200');
	}
});

test('a closed-model run (-r max) keeps its Infinity rate through the JSON and reprints the same summary', async () => {
	const json = path.join(folder, 'max.json');
	const max = await runCli(['noop', '-r', 'max', '-c', '4', '-d', '0.5s', '--no-tui', '--workers', '1', '--json', json]);
	assert.equal(max.code, 0, max.stderr);
	const saved = JSON.parse(await readFile(json, 'utf8')) as {plan: {load: {rate: unknown}}; control: {targetRate: unknown}};
	assert.equal(saved.plan.load.rate, 'Infinity');
	assert.equal(saved.control.targetRate, 'Infinity');
	const again = await runCli(['report', json]);
	assert.equal(again.code, 0, again.stderr);
	assert.match(again.stdout, /target max/);
	assert.equal(again.stdout, max.stdout);
});

test('docs/json-report.md names every field of the schema', async () => {
	const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as object;
	const docs = await readFile(new URL('../../../docs/json-report.md', import.meta.url), 'utf8');
	const names = new Set<string>();
	const walk = (node: unknown): void => {
		if (Array.isArray(node)) {
			node.forEach(walk);
		} else if (node && typeof node === 'object') {
			for (const [key, value] of Object.entries(node)) {
				if (key === 'properties' && value && typeof value === 'object') {
					for (const name of Object.keys(value)) {
						names.add(name);
					}
				}

				walk(value);
			}
		}
	};

	walk(schema);
	assert.ok(names.size > 50, `${names.size} field names`);
	const missing = [...names].filter(name => !docs.includes(`\`${name}\``));
	assert.deepEqual(missing, [], 'fields not documented');
});
