/**
 * The engine end to end: real worker threads, the synthetic target, the numbers a user sees.
 */
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {startRun} from '../../source/engine/controller.js';
import {oneSecondRates} from '../../source/metrics/rate-windows.js';
import {formatSummary} from '../../source/report/summary.js';
import {sleep, testPlan} from '../helpers/plan.js';

describe('rate accuracy', () => {
	for (const rate of [100, 2000]) {
		test(`${rate} req/s for 5 s: within 2% overall, no start-up burst`, async () => {
			const handle = await startRun(testPlan({load: {type: 'constant', rate, durationMs: 5000}}));
			const result = await handle.done;
			const {total} = result.final;
			const expected = rate * 5;
			assert.ok(Math.abs(total.dispatched - expected) <= expected * 0.02, `dispatched ${total.dispatched}, expected ${expected}`);
			assert.ok(Math.abs(total.achievedRate - rate) <= rate * 0.02, `achieved ${total.achievedRate}/s`);
			assert.equal(total.ok, total.dispatched, 'every call completed');
			const windows = oneSecondRates(result.final.series);
			assert.ok(windows.length >= 12, `series covers the run: ${windows.length} windows`);
			for (const [index, windowRate] of windows.entries()) {
				assert.ok(windowRate <= rate * 1.05 + 2, `the 1 s window from interval ${index} ran at ${windowRate}/s (> 105% of ${rate})`);
			}

			assert.ok(windows[0]! >= rate * 0.9, `first second ran at ${windows[0]}/s: no slow start either`);
			// The rate shown live must be true from the first interval: no false dip at start.
			const first = result.final.series[0]!;
			assert.ok(Math.abs(first.achievedRate - rate) <= rate * 0.1, `first interval shows ${first.achievedRate}/s over ${first.durationMs} ms`);
		});
	}
});

test('a rate change takes effect within one interval', async () => {
	const handle = await startRun(testPlan({load: {type: 'constant', rate: 100, durationMs: 3000}}));
	await sleep(1200);
	const changedAt = handle.latest()!.elapsedMs / 1000;
	handle.send({type: 'set-rate', rate: 400});
	const result = await handle.done;
	const after = result.final.series.filter(point => point.t > changedAt + 0.25 + 0.26 && point.state === 'running');
	assert.ok(after.length >= 2, 'there are intervals after the change');
	const first = after[0]!;
	assert.ok(first.achievedRate > 360 && first.achievedRate < 440, `first full interval after the change ran at ${first.achievedRate}/s`);
	assert.equal(first.targetRate, 400);
	assert.deepEqual(result.commands.map(recorded => recorded.command), [{type: 'set-rate', rate: 400}]);
});

test('pause excludes paused time from rates and from the duration', async () => {
	const handle = await startRun(testPlan({load: {type: 'constant', rate: 200, durationMs: 2000}}));
	await sleep(700);
	handle.send({type: 'pause'});
	await sleep(300);
	assert.equal(handle.latest()!.state, 'paused');
	await sleep(700);
	handle.send({type: 'resume'});
	const result = await handle.done;
	const {total} = result.final;
	assert.ok(Math.abs(total.dispatched - 400) <= 8, `dispatched ${total.dispatched} over 2 active seconds`);
	assert.ok(Math.abs(total.activeSeconds - 2) < 0.05, `active ${total.activeSeconds} s`);
	assert.ok(result.final.elapsedMs >= 2900, `wall time ${result.final.elapsedMs} includes the pause`);
	assert.ok(Math.abs(total.achievedRate - 200) <= 6, `achieved ${total.achievedRate}/s, not diluted by the pause`);
	const paused = result.final.series.filter(point => point.state === 'paused');
	assert.ok(paused.length >= 2, 'paused intervals are in the series');
	assert.ok(paused.slice(1).every(point => point.achievedRate === 0), 'nothing is sent while paused');
});

test('a 1 s stall at 200 req/s shows in corrected p99, not in service-time p99', async () => {
	const handle = await startRun(
		testPlan({
			workload: {kind: 'synthetic', options: {latencyMs: 1, distribution: 'constant', stallEveryMs: 2000, stallForMs: 1000}},
			load: {type: 'constant', rate: 200, durationMs: 5000},
			engine: {maxInFlight: 4},
		}),
	);
	const result = await handle.done;
	const [op] = result.final.total.ops;
	assert.ok(op);
	assert.ok(op.latency.p99 >= 700, `corrected p99 ${op.latency.p99} ms shows the stall`);
	assert.ok(op.service.p99 < 100, `service p99 ${op.service.p99} ms does not`);
	assert.ok(result.final.series.some(point => point.backlog > 50), 'arrivals queued at the in-flight cap during the stall');
	assert.match(formatSummary(result), /Queueing gap p99: +\d/);
});

test('graceful stop drains in-flight calls; a short drain cancels and counts the rest', async () => {
	const slow = {kind: 'synthetic', options: {latencyMs: 400, distribution: 'constant'}};
	const drained = await (await startRun(testPlan({workload: slow, load: {type: 'constant', rate: 50, durationMs: 1000}}))).done;
	assert.equal(drained.final.total.cancelled, 0);
	assert.equal(drained.final.total.ok, drained.final.total.dispatched);
	assert.ok(drained.final.total.dispatched >= 49);

	// Calls that take 2 s are all still in flight when a 1 s run stops, so a 100 ms drain must
	// cancel most of them however late a busy machine fires the drain timer.
	const slower = {kind: 'synthetic', options: {latencyMs: 2000, distribution: 'constant'}};
	const cut = await (
		await startRun(testPlan({workload: slower, load: {type: 'constant', rate: 50, durationMs: 1000}, engine: {drainTimeoutMs: 100}}))
	).done;
	const {total} = cut.final;
	assert.ok(total.cancelled >= 25, `cancelled ${total.cancelled} of ${total.dispatched}`);
	assert.ok(cut.final.elapsedMs < 2800, `the drain was cut short: ${cut.final.elapsedMs} ms`);
	assert.equal(total.ok + total.errors + total.cancelled, total.dispatched, 'the counts add up');
	assert.equal(total.dispatched + total.dropped, total.offered);
});

test('a stop command ends an open-ended run; a second one aborts', async () => {
	const handle = await startRun(testPlan({workload: {kind: 'synthetic', options: {latencyMs: 2000, distribution: 'constant'}}, load: {type: 'constant', rate: 50}}));
	await sleep(500);
	handle.send({type: 'stop'});
	await sleep(100);
	assert.equal(handle.latest()!.state, 'draining');
	handle.send({type: 'stop'});
	const result = await handle.done;
	assert.equal(result.endReason, 'interrupted');
	assert.ok(result.final.total.cancelled > 0, 'aborted calls are counted as cancelled');
	assert.equal(result.final.total.ok + result.final.total.errors + result.final.total.cancelled, result.final.total.dispatched);
});

test('--total stops after exactly N requests', async () => {
	const handle = await startRun(testPlan({workload: {kind: 'noop', options: {}}, load: {type: 'constant', rate: 2000}, engine: {totalRequests: 777}}));
	const result = await handle.done;
	assert.equal(result.endReason, 'total');
	assert.equal(result.final.total.dispatched, 777);
	assert.equal(result.final.total.ok, 777);
});

test('closed model (rate max) keeps max-in-flight calls going', async () => {
	const handle = await startRun(
		testPlan({
			workload: {kind: 'synthetic', options: {latencyMs: 10, distribution: 'constant'}},
			load: {type: 'constant', rate: Number.POSITIVE_INFINITY, durationMs: 1500},
			engine: {maxInFlight: 20},
		}),
	);
	const result = await handle.done;
	const rate = result.final.total.completedRate;
	// 20 in flight / ~10-11 ms per call ≈ 1800-2000/s; generous bounds for a noisy machine.
	assert.ok(rate > 1000 && rate < 2100, `closed-model throughput ${rate}/s`);
	assert.ok(result.final.series.every(point => point.inFlight <= 20));
});

test('errors are counted by kind with their messages', async () => {
	const handle = await startRun(
		testPlan({workload: {kind: 'synthetic', options: {latencyMs: 1, distribution: 'constant', errorRate: 50}}, load: {type: 'constant', rate: 400, durationMs: 1000}}),
	);
	const result = await handle.done;
	const {total, errors} = result.final;
	assert.ok(total.errorRate > 0.4 && total.errorRate < 0.6, `error rate ${total.errorRate}`);
	assert.equal(errors.byKind.synthetic, total.errors);
	assert.match(errors.recent[0]!.message, /synthetic error/);
});
