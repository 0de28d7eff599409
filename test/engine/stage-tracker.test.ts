/**
 * Stage bookkeeping without threads: which interval goes to which stage, what counts as a stage,
 * and the rates over each stage's active time.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {IntervalHistograms} from '../../source/engine/run-handle.js';
import type {RateControl, RunState} from '../../source/engine/snapshot.js';
import {type StageContext, StageTracker} from '../../source/engine/stage-tracker.js';
import {createHistogram, recordMs} from '../../source/metrics/histogram.js';

const control = (overrides: Partial<RateControl> = {}): RateControl => ({
	shapeRate: 100,
	scale: 1,
	offset: 0,
	held: false,
	paused: false,
	spike: undefined,
	targetRate: 100,
	...overrides,
});

/** An interval with `calls` completions of `latencyMs` each, `errors` of them failed. */
function interval(calls: number, latencyMs: number, errors = 0): IntervalHistograms {
	const latency = createHistogram();
	const service = createHistogram();
	for (let index = 0; index < calls; index++) {
		recordMs(latency, latencyMs);
		recordMs(service, latencyMs / 2);
	}

	return {startEpochMs: 0, endEpochMs: 0, activeMs: 0, targetRate: 0, offered: calls, dispatched: calls, ops: new Map([['call', {latency, service, ok: calls - errors, errors}]])};
}

function context(scheduledMs: number, options: {stage?: number; state?: RunState; control?: RateControl; targetRate?: number} = {}): StageContext {
	const rateControl = options.control ?? control();
	return {
		stage: options.stage === undefined ? undefined : {index: options.stage, name: `level ${options.stage}`},
		targetRate: options.targetRate ?? rateControl.targetRate,
		scheduledMs,
		state: options.state ?? 'running',
		control: rateControl,
	};
}

test('intervals merge into the shape stage they belong to; rates are over the stage active time', () => {
	const tracker = new StageTracker();
	for (let t = 250; t <= 2000; t += 250) {
		tracker.add(interval(25, 5), context(t, {stage: 0, targetRate: 100}));
	}

	for (let t = 2250; t <= 3000; t += 250) {
		tracker.add(interval(50, t === 3000 ? 100 : 10, 5), context(t, {stage: 1, targetRate: 200}));
	}

	const [first, second] = tracker.stages();
	assert.deepEqual(
		[first!.index, first!.name, first!.startMs, first!.endMs, first!.count, first!.errors, first!.targetRate, first!.offeredRate, first!.achievedRate, first!.completedRate],
		[0, 'level 0', 0, 2000, 200, 0, 100, 100, 100, 100],
	);
	assert.ok(Math.abs(first!.latency.p99 - 5) < 0.01);
	assert.ok(Math.abs(first!.service.p50 - 2.5) < 0.01);
	assert.deepEqual([second!.index, second!.name, second!.startMs, second!.endMs, second!.count, second!.errors], [1, 'level 1', 2000, 3000, 200, 20]);
	assert.equal(second!.offeredRate, 200);
	assert.equal(second!.errorRate, 0.1);
	assert.ok(Math.abs(second!.latency.p50 - 10) < 0.01);
	assert.ok(Math.abs(second!.latency.p99 - 100) < 0.1, 'merged, not averaged: the slow last interval sets p99');
	assert.equal(tracker.currentShapeStage()?.index, 1);
});

test('paused and draining intervals stay with the current stage and add no active time', () => {
	const tracker = new StageTracker();
	tracker.add(interval(100, 5), context(1000, {stage: 0}));
	tracker.add(interval(100, 5), context(2000, {stage: 1}));
	tracker.add(interval(3, 5), context(2000, {stage: 1, state: 'paused', control: control({paused: true, targetRate: 0}), targetRate: 0}));
	// After the stop the shape clock runs past the end: the drain still belongs to the last stage.
	tracker.add(interval(7, 50), context(2000, {stage: 2, state: 'draining'}));
	const stages = tracker.stages();
	assert.equal(stages.length, 2);
	assert.deepEqual([stages[1]!.count, stages[1]!.endMs - stages[1]!.startMs, stages[1]!.offeredRate], [110, 1000, 110]);
});

test('a manual rate level is a stage once held 3 s; a shorter one is dropped; a spike key is its own stage', () => {
	const tracker = new StageTracker();
	const manual = (rate: number) => control({offset: rate - 100, targetRate: rate});
	for (let t = 1000; t <= 4000; t += 1000) {
		tracker.add(interval(100, 5), context(t));
	}

	assert.deepEqual(tracker.stages(), [], 'a single constant level has no table');
	tracker.add(interval(150, 5), context(5000, {control: manual(150)}));
	tracker.add(interval(150, 5), context(6000, {control: manual(150)}));
	for (let t = 7000; t <= 8000; t += 1000) {
		tracker.add(interval(300, 5), context(t, {control: manual(300)}));
	}

	assert.deepEqual(tracker.stages(), [], 'the 150/s level was too short and the 300/s level is not held 3 s yet: still one level');
	tracker.add(interval(300, 5), context(9000, {control: manual(300)}));
	tracker.add(interval(300, 5), context(10_000, {control: manual(300)}));
	const spike = control({spike: {rate: 1000, untilMs: 15_000}, targetRate: 1000});
	for (let t = 11_000; t <= 14_000; t += 1000) {
		tracker.add(interval(1000, 5), context(t, {control: spike}));
	}

	const stages = tracker.stages();
	assert.deepEqual(
		stages.map(stage => [stage.index, stage.name, stage.startMs, stage.endMs]),
		[
			[0, '100/s', 0, 4000],
			[1, 'manual 300/s', 6000, 10_000],
			[2, 'spike 1k/s', 10_000, 14_000],
		],
	);
	assert.equal(stages[1]!.offeredRate, 300);
	assert.equal(tracker.currentShapeStage(), undefined, 'no shape stage while a manual change is in effect');
});
