/**
 * Generator faults and killswitches: the run keeps going through workload exceptions, ends
 * cleanly with a partial report when a worker dies, and stops on its killswitches.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startRun} from '../../source/engine/controller.js';
import {formatSummary} from '../../source/report/summary.js';
import {testPlan} from '../helpers/plan.js';

const synthetic = (options: Record<string, unknown>) => ({kind: 'synthetic', options: {latencyMs: 1, distribution: 'constant', ...options}});

test('an exception inside a workload is counted with its message and the run continues', async () => {
	const result = await (await startRun(testPlan({workload: synthetic({throwRate: 20}), load: {type: 'constant', rate: 300, durationMs: 1500}}))).done;
	const {total, errors} = result.final;
	assert.equal(result.endReason, 'duration');
	assert.ok(total.errors > 40 && total.errors < 140, `exceptions ${total.errors} of ${total.completed}`);
	assert.equal(errors.byKind.exception, total.errors);
	assert.ok(errors.recent.some(sample => sample.message === 'synthetic exception inside the workload'));
	assert.equal(total.ok + total.errors, total.dispatched);
});

test('an uncaught exception from a workload callback is counted and the run continues', async () => {
	const result = await (await startRun(testPlan({workload: synthetic({uncaughtRate: 5}), load: {type: 'constant', rate: 300, durationMs: 1500}}))).done;
	assert.equal(result.endReason, 'duration');
	assert.ok((result.final.errors.byKind.exception ?? 0) > 5, 'uncaught exceptions are counted');
	assert.ok(result.final.errors.recent.some(sample => sample.message === 'synthetic uncaught exception'));
	assert.equal(result.final.total.ok, result.final.total.dispatched, 'calls themselves were unaffected');
});

test('a worker thread that dies ends the run cleanly with a partial report', async () => {
	const started = Date.now();
	const result = await (await startRun(testPlan({workload: synthetic({crashAfterCalls: 100}), load: {type: 'constant', rate: 200, durationMs: 20_000}}))).done;
	assert.ok(Date.now() - started < 15_000, 'no hang');
	assert.equal(result.endReason, 'worker-failed');
	assert.match(result.failure ?? '', /worker 0 exited unexpectedly \(code 70\)/);
	assert.ok(result.final.total.ok > 0, 'what was measured is kept');
	assert.match(formatSummary(result), /Problem: +worker 0 exited unexpectedly/);
});

test('--max-duration is a hard stop for an open-ended run', async () => {
	const result = await (await startRun(testPlan({load: {type: 'constant', rate: 100}, engine: {maxDurationMs: 1000}}))).done;
	assert.equal(result.endReason, 'max-duration');
	assert.ok(result.final.elapsedMs < 2500, `stopped after ${result.final.elapsedMs} ms`);
});

test('--abort-on-error-rate stops the run after its grace period', async () => {
	const result = await (
		await startRun(
			testPlan({
				workload: synthetic({errorRate: 80}),
				load: {type: 'constant', rate: 200, durationMs: 20_000},
				engine: {abortOnErrorRate: {percent: 50, graceMs: 1000}},
			})
		)
	).done;
	assert.equal(result.endReason, 'error-rate');
	assert.match(result.failure ?? '', /error rate \d+\.\d% over the last 5 s is above --abort-on-error-rate 50%/);
	assert.ok(result.final.activeMs >= 1000 && result.final.activeMs < 5000, `stopped at ${result.final.activeMs} ms`);
});
