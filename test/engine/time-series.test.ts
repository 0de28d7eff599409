/**
 * The bounded time series: past its limit the older half is merged pairwise; rates and counts
 * stay exact, percentiles and gauges keep the worst, the newest half is untouched. And a real
 * run with a small limit ends with a bounded series whose counts still add up.
 */
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';
import {Ajv} from 'ajv';
import {startRun} from '../../source/engine/controller.js';
import type {IntervalPoint} from '../../source/engine/snapshot.js';
import {mergePoints, TimeSeries} from '../../source/engine/time-series.js';
import {formatCsv} from '../../source/report/csv.js';
import {serializeReport} from '../../source/report/json.js';
import {schemaPath} from '../../source/report/report-file.js';
import {testPlan} from '../helpers/plan.js';

function point(index: number): IntervalPoint {
	const rate = 100 + (index % 7) * 10;
	return {
		t: (index + 1) * 0.25,
		durationMs: 250,
		state: 'running',
		targetRate: 100 + (index % 3),
		offeredRate: rate,
		achievedRate: rate - 1,
		completedRate: rate - 2,
		inFlight: index % 11,
		backlog: index % 5,
		errors: index % 2,
		latenessP99: (index % 13) / 10,
		utilization: (index % 10) / 10,
		ops: {call: {count: 25 + (index % 4), errors: index % 2, p50: 1 + (index % 3), p99: 5 + (index % 17), p999: 9 + (index % 19), max: 12 + (index % 23), serviceP99: 4 + (index % 5)}},
		deliveryRatio: 1 - index / 1e6,
	};
}

const sum = (points: readonly IntervalPoint[], value: (point: IntervalPoint) => number) => points.reduce((total, each) => total + value(each), 0);

test('merging two points: rates weighted by duration, counts summed, the worst percentiles and gauges', () => {
	const a = point(0);
	const b = {...point(1), durationMs: 750, t: 1.25};
	const merged = mergePoints(a, b);
	assert.equal(merged.t, 1.25);
	assert.equal(merged.durationMs, 1000);
	assert.equal(merged.offeredRate, (a.offeredRate * 250 + b.offeredRate * 750) / 1000);
	assert.equal(merged.errors, a.errors + b.errors);
	assert.equal(merged.ops['call']!.count, a.ops['call']!.count + b.ops['call']!.count);
	assert.equal(merged.ops['call']!.p99, Math.max(a.ops['call']!.p99, b.ops['call']!.p99));
	assert.equal(merged.inFlight, Math.max(a.inFlight, b.inFlight));
	assert.equal(merged.latenessP99, Math.max(a.latenessP99, b.latenessP99));
	assert.equal(merged.deliveryRatio, b.deliveryRatio, 'cumulative: the later value');
	// An operation only one side has is kept as it is.
	const other = mergePoints(a, {...b, ops: {other: b.ops['call']!}});
	assert.deepEqual(Object.keys(other.ops).sort(), ['call', 'other']);
});

test('100,000 points into a series of at most 400: bounded, exact totals, newest half untouched', () => {
	const series = new TimeSeries(400);
	const pushed: IntervalPoint[] = [];
	for (let index = 0; index < 100_000; index++) {
		const each = point(index);
		pushed.push(each);
		series.push(each);
		assert.ok(series.points.length <= 400);
	}

	const {points} = series;
	assert.ok(points.length >= 200, `${points.length} points`);
	assert.equal(sum(points, each => each.durationMs), 100_000 * 250, 'every interval is covered once');
	assert.equal(sum(points, each => each.ops['call']!.count), sum(pushed, each => each.ops['call']!.count));
	assert.equal(sum(points, each => each.errors), sum(pushed, each => each.errors));
	const offered = (list: readonly IntervalPoint[]) => sum(list, each => (each.offeredRate * each.durationMs) / 1000);
	assert.ok(Math.abs(offered(points) - offered(pushed)) < 1e-6 * offered(pushed), 'offered arrivals, exact');
	assert.equal(Math.max(...points.map(each => each.ops['call']!.p999)), Math.max(...pushed.map(each => each.ops['call']!.p999)), 'the worst p99.9 survives');
	for (let index = 1; index < points.length; index++) {
		assert.ok(points[index]!.t > points[index - 1]!.t, 'time goes forward');
		assert.ok(Math.abs(points[index]!.t - points[index]!.durationMs / 1000 - points[index - 1]!.t) < 1e-6, 'no gap, no overlap');
	}

	// The newest 200 points are the pushed ones, as they were; older ones got coarser with age.
	assert.deepEqual(points.slice(-200), pushed.slice(-200));
	assert.ok(points[0]!.durationMs > points.at(-201)!.durationMs, `oldest covers ${points[0]!.durationMs} ms`);
});

test('a real run with a small series limit: the series stays bounded, its counts add up, the report validates', async () => {
	const result = await (
		await startRun(testPlan({load: {type: 'constant', rate: 200, durationMs: 3000}, engine: {intervalMs: 50, seriesLimit: 16}}))
	).done;
	const {series, total} = result.final;
	assert.ok(series.length <= 16, `${series.length} points`);
	assert.ok(series.some(each => each.durationMs > 100), 'older points were merged');
	assert.equal(sum(series, each => each.ops['call']!.count), total.completed, 'every completed call is in the series');
	const report = JSON.parse(serializeReport(result)) as unknown;
	const validate = new Ajv({strict: true, allErrors: true}).compile(JSON.parse(await readFile(schemaPath, 'utf8')) as object);
	assert.ok(validate(report), JSON.stringify(validate.errors));
	const csv = formatCsv(series).trim().split('\n');
	assert.equal(csv.length, series.length + 1);
	assert.ok(csv.slice(1).some(row => Number(row.split(',')[1]) > 100), 'duration_ms shows the merged rows');
});
