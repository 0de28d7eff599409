/**
 * The knee search as a pure state machine: stepping, bisection, bounds and validation, driven by
 * stage statistics from a model system (no threads).
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {StageStats} from '../../source/engine/snapshot.js';
import {UsageError} from '../../source/errors.js';
import {createShape} from '../../source/load/index.js';
import {KneeSearch, readKneeOptions} from '../../source/load/knee.js';
import {emptySummary} from '../../source/metrics/histogram.js';

type Model = (rate: number, ms: number) => {p99: number; errorRate?: number; achieved?: number};

/** A system with capacity `capacity` req/s: 20 ms p99 below it, queueing (growing p99) above it. */
const capacityModel = (capacity: number): Model => (rate, ms) => ({p99: rate <= capacity ? 20 : 20 + (((rate - capacity) / capacity) * ms * 5)});

function stats(index: number, rate: number, startMs: number, endMs: number, model: Model): StageStats {
	const seconds = (endMs - startMs) / 1000;
	const outcome = model(rate, endMs - startMs);
	const count = Math.round(rate * seconds);
	const errorRate = outcome.errorRate ?? 0;
	const achieved = outcome.achieved ?? rate;
	return {
		index,
		name: `${rate}/s`,
		startMs,
		endMs,
		targetRate: rate,
		offeredRate: rate,
		achievedRate: achieved,
		completedRate: achieved,
		count,
		errors: Math.round(count * errorRate),
		errorRate,
		latency: {...emptySummary, count, p50: 10, p99: outcome.p99, p999: outcome.p99},
		service: emptySummary,
	};
}

/** Drive the search every 250 ms of shape time the way RunExtensions does. */
function drive(search: KneeSearch, model: Model, limitMs = 3_600_000): void {
	for (let t = 250; search.endedMs === undefined && t <= limitMs; t += 250) {
		const level = search.levelAt(t - 1);
		search.observe(stats(level.index, level.rate, level.startMs, t, model), t);
	}
}

const options = (overrides: Record<string, unknown> = {}) =>
	readKneeOptions({type: 'knee', start: 100, factor: 2, 'step-duration': '2s', 'max-time': '5m', ...overrides});

test('geometric steps up from start, then bisection between the last good and the first bad level', () => {
	const search = new KneeSearch(options());
	drive(search, capacityModel(450));
	const measured = search.levels.filter(level => level.kind !== 'rest');
	assert.deepEqual(
		measured.map(level => [level.kind, level.rate]),
		[
			['step', 100],
			['step', 200],
			['step', 400],
			['step', 800],
			['bisect', 600],
			['bisect', 500],
			['bisect', 450],
			['bisect', 475],
			['bisect', 462.5],
		],
	);
	assert.deepEqual(
		measured.map(level => level.verdict === 'good'),
		[true, true, true, false, false, false, true, false, false],
	);
	// 462.5 - 450 is within 5% of 450: the knee is the last good level.
	assert.equal(search.conclusion?.rate, 450);
	assert.match(search.conclusion!.reason, /between 450\/s \(good, p99 20ms\) and 462\.5\/s|between 450\/s \(good, p99 20ms\) and 463\/s/);
	assert.equal(search.outcome, 'the knee is within precision');
	// Good levels are held the full step; bad levels end as soon as they are judged (1 s minimum).
	for (const level of measured) {
		const length = level.endMs! - level.startMs;
		assert.ok(level.verdict === 'good' ? length >= 2000 && length < 2250 : length >= 1000 && length < 1250, `${level.rate}/s lasted ${length} ms`);
	}

	// Each bad level is followed by a rest at 0 req/s before the next, lower level.
	for (const [index, level] of search.levels.entries()) {
		if (level.kind !== 'rest' && level.verdict !== 'good' && index < search.levels.length - 1) {
			assert.equal(search.levels[index + 1]!.kind, 'rest');
			assert.equal(search.levels[index + 1]!.rate, 0);
		}
	}

	assert.equal(search.durationMs, search.endedMs);
	assert.equal(search.rateAt(0), 100);
	assert.equal(search.rateAt(search.levels[3]!.startMs + 1), 800);
});

test('the conclusion is within precision of the true capacity for many capacities and factors', () => {
	for (const capacity of [130, 333, 777, 1000, 5000]) {
		for (const factor of [1.5, 2, 3]) {
			const search = new KneeSearch(options({factor, 'max-rate': 100_000}));
			drive(search, capacityModel(capacity));
			const knee = search.conclusion?.rate;
			assert.ok(knee !== undefined && knee <= capacity && knee >= capacity / 1.05, `capacity ${capacity}, factor ${factor}: knee ${knee}`);
		}
	}
});

test('errors over the limit and a generator that cannot keep up are past the knee too', () => {
	const errors = new KneeSearch(options({errors: '0.5%'}));
	drive(errors, rate => ({p99: 20, errorRate: rate > 300 ? 0.01 : 0}));
	assert.ok(errors.conclusion!.rate <= 300 && errors.conclusion!.rate >= 300 / 1.05, `knee ${errors.conclusion!.rate}`);
	assert.match(errors.conclusion!.reason, /errors 1% crossed 0\.5%/);

	const behind = new KneeSearch(options());
	drive(behind, rate => ({p99: 20, achieved: Math.min(rate, 600)}));
	assert.ok(behind.conclusion!.rate <= 630 && behind.conclusion!.rate >= 600 / 1.05, `knee ${behind.conclusion!.rate}`);
	assert.match(behind.conclusion!.reason, /of offered/);
});

test('bounded by max-rate: no knee below it ends the search without a conclusion', () => {
	const search = new KneeSearch(options({'max-rate': 500}));
	drive(search, capacityModel(10_000));
	assert.deepEqual(
		search.levels.map(level => level.rate),
		[100, 200, 400, 500],
	);
	assert.equal(search.conclusion, undefined);
	assert.equal(search.outcome, 'no knee up to max-rate 500/s');
});

test('bounded by max-time: the search ends with the bracket it has', () => {
	const search = new KneeSearch(options({'max-time': '9s'}));
	drive(search, capacityModel(450));
	assert.equal(search.endedMs, 9000);
	assert.equal(search.durationMs, 9000);
	assert.equal(search.conclusion?.rate, 400);
	assert.match(search.conclusion!.reason, /between 400\/s .* and 600\/s .*max-time 9s reached before 5% precision/);

	const none = new KneeSearch(options({'max-time': '5s'}));
	drive(none, capacityModel(10_000));
	assert.equal(none.conclusion, undefined);
	assert.equal(none.endedMs, 5000);
});

test('a start rate already past the knee is the conclusion', () => {
	const search = new KneeSearch(options());
	drive(search, () => ({p99: 20, errorRate: 0.5}));
	assert.equal(search.conclusion?.rate, 100);
	assert.match(search.conclusion!.reason, /already past the knee at the start rate/);
});

test('a level with too few calls to judge is held until it has them', () => {
	const search = new KneeSearch(options({start: 5}));
	drive(search, capacityModel(1000), 3000);
	// 5 req/s needs 4 s for the 20 calls a verdict needs.
	assert.equal(search.levels.length, 1);
});

test('knee shape spec: defaults, and errors that name the field', () => {
	const defaults = readKneeOptions({type: 'knee', start: 50, 'step-duration': '10s'});
	assert.deepEqual(
		{factor: defaults.factor, maxRate: defaults.maxRate, maxTimeMs: defaults.maxTimeMs, precision: defaults.precision, errors: defaults.criteria.errorPercent},
		{factor: 2, maxRate: 3200, maxTimeMs: 600_000, precision: 0.05, errors: 1},
	);
	assert.equal(readKneeOptions({type: 'knee', start: 50, 'step-duration': '10s', duration: '1m'}).maxTimeMs, 60_000);
	// -d on the command line (durationMs) cuts a profile's max-time short.
	assert.equal(readKneeOptions({type: 'knee', start: 50, 'step-duration': '10s', 'max-time': '2m', durationMs: 30_000}).maxTimeMs, 30_000);
	const shape = createShape({type: 'knee', start: 50, 'step-duration': '10s', 'max-time': '2m'});
	assert.equal(shape.durationMs, 120_000);
	assert.equal(shape.rateAt(0), 50);
	assert.deepEqual(shape.stageAt(0), {index: 0, name: '50/s'});
	assert.equal(shape.conclusion, undefined);

	const bad: Array<[Record<string, unknown>, RegExp]> = [
		[{start: 50}, /^load\.step-duration: missing/],
		[{'step-duration': '5s'}, /^load\.start: missing/],
		[{start: -5, 'step-duration': '5s'}, /^load\.start: rate must not be negative/],
		[{start: 50, 'step-duration': '5s', factor: 1}, /^load\.factor: must be a number above 1/],
		[{start: 50, 'step-duration': '5s', 'max-rate': 10}, /^load\.max-rate: 10 is below load\.start 50/],
		[{start: 50, 'step-duration': '5s', 'max-time': '2s'}, /^load\.max-time: 2s is shorter than one step/],
		[{start: 50, 'step-duration': '5s', precision: 'lots'}, /^load\.precision: 'lots' is not a percentage/],
		[{start: 50, 'step-duration': '5s', errors: '200%'}, /^load\.errors: '200%' is not a percentage/],
		[{start: 50, 'step-duration': '5s', steps: 3}, /^load\.steps: unknown field for the 'knee' shape/],
		[{start: 50, 'step-duration': '5s', duration: '1m', 'max-time': '1m'}, /^load\.duration: give either max-time or duration/],
	];
	for (const [spec, message] of bad) {
		assert.throws(
			() => createShape({type: 'knee', ...spec}),
			(error: unknown) => error instanceof UsageError && message.test(error.message),
			JSON.stringify(spec),
		);
	}
});
