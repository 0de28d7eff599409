/**
 * `loadscope compare`: flags a planted 20 % latency regression (two real runs, and a copy of a
 * report whose histogram is re-encoded with every value scaled 1.2x), passes an identical pair.
 */
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {after, before, test} from 'node:test';
import {createHistogram, decodeHistogram, encodeHistogram} from '../../source/metrics/histogram.js';
import {runCli} from '../helpers/cli.js';

let folder: string;
const file = (name: string) => path.join(folder, name);

const run = async (latency: string, name: string) => {
	const result = await runCli(['synthetic', '-r', '100', '-d', '1.5s', '--no-tui', '--workers', '1', '--latency', latency, '--latency-dist', 'constant', '--json', file(name)]);
	assert.equal(result.code, 0, result.stderr);
};

before(async () => {
	folder = await mkdtemp(path.join(os.tmpdir(), 'loadscope-compare-'));
	await run('5ms', 'fast.json');
	await run('6ms', 'slow.json');
});

after(async () => {
	await rm(folder, {recursive: true, force: true});
});

/** Re-encode a histogram with every recorded value scaled by `factor`. */
function scaled(encoded: string, factor: number): string {
	const source = decodeHistogram(encoded);
	const target = createHistogram();
	const iterator = (source as unknown as {recordedValuesIterator: {reset(): void; hasNext(): boolean; next(): {valueIteratedTo: number; countAtValueIteratedTo: number}}})
		.recordedValuesIterator;
	iterator.reset();
	while (iterator.hasNext()) {
		const value = iterator.next();
		target.recordValueWithCount(Math.round(value.valueIteratedTo * factor), value.countAtValueIteratedTo);
	}

	return encodeHistogram(target);
}

test('an identical pair passes (exit 0, every change 0)', async () => {
	const result = await runCli(['compare', file('fast.json'), file('fast.json'), '--max-regression', '0']);
	assert.equal(result.code, 0, result.stdout + result.stderr);
	assert.match(result.stdout, /No regression beyond 0%\./);
	assert.doesNotMatch(result.stdout, /REGRESSION/);
	for (const line of result.stdout.split('\n').filter(line => /^\s+call\s/.test(line))) {
		assert.match(line, /\+0\.0(0 pp|%)$/, line);
	}
});

test('a real run with 6 ms instead of 5 ms service latency is a regression beyond 10 % (exit 4)', async () => {
	const result = await runCli(['compare', file('fast.json'), file('slow.json'), '--max-regression', '10']);
	assert.equal(result.code, 4, result.stdout + result.stderr);
	assert.match(result.stdout, /call +p50 .*REGRESSION/);
	assert.match(result.stdout, /regressions? beyond 10%: call p50 \+\d+\.\d%/);
	// The same pair the other way round: the median got better (tails are too noisy to assert here).
	const reverse = await runCli(['compare', file('slow.json'), file('fast.json'), '--max-regression', '10']);
	assert.match(reverse.stdout, /call +p50 +\S+ +\S+ +-\d+\.\d%\n/);
});

test('without --max-regression compare only reports (exit 0)', async () => {
	const result = await runCli(['compare', file('fast.json'), file('slow.json')]);
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /call +p99 /);
});

test('a histogram scaled 1.2x is a 20 % p99 regression, recomputed from the histogram not the summary', async () => {
	const report = JSON.parse(await readFile(file('fast.json'), 'utf8')) as {histograms: {operations: Record<string, {latency: string}>}};
	const call = report.histograms.operations.call!;
	const base = decodeHistogram(call.latency).getValueAtPercentile(99);
	call.latency = scaled(call.latency, 1.2);
	// Only the histogram changes: the rounded summary numbers in `operations` stay the base's.
	await writeFile(file('planted.json'), JSON.stringify(report));
	const flagged = await runCli(['compare', file('fast.json'), file('planted.json'), '--max-regression', '15']);
	assert.equal(flagged.code, 4, flagged.stdout + flagged.stderr);
	const p99 = /call +p99 +\S+ +\S+ +\+(\d+\.\d)%/.exec(flagged.stdout);
	assert.ok(p99, flagged.stdout);
	assert.ok(Math.abs(Number(p99[1]) - 20) <= 0.3, `p99 change ${p99[1]}% for base p99 ${base} us`);
	const tolerated = await runCli(['compare', file('fast.json'), file('planted.json'), '--max-regression', '25']);
	assert.equal(tolerated.code, 0, tolerated.stdout);
});

test('an error rate that rises is a regression', async () => {
	const report = JSON.parse(await readFile(file('fast.json'), 'utf8')) as {operations: Array<{count: number; ok: number; errors: number}>};
	const op = report.operations[0]!;
	op.errors = Math.ceil(op.count * 0.05);
	op.ok = op.count - op.errors;
	await writeFile(file('errors.json'), JSON.stringify(report));
	const result = await runCli(['compare', file('fast.json'), file('errors.json'), '--max-regression', '10']);
	assert.equal(result.code, 4, result.stdout);
	assert.match(result.stdout, /call +errors +0\.00% +5\.\d\d% +\+5\.\d\d pp  REGRESSION/);
});
