/**
 * Generator faults and killswitches: the run keeps going through workload exceptions, ends
 * cleanly with a partial report when a worker dies, and stops on its killswitches.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createElement as h} from 'react';
import {App} from '../../source/app.js';
import {startRun} from '../../source/engine/controller.js';
import {exitCodeFor} from '../../source/run.js';
import {formatSummary} from '../../source/report/summary.js';
import {sleep, testPlan} from '../helpers/plan.js';
import {renderInk, settle} from '../ui/ink.js';

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
	// 300 ms calls: the dead worker always has ~30 calls in flight at its last snapshot.
	const result = await (
		await startRun(testPlan({workload: synthetic({latencyMs: 300, crashAfterCalls: 100}), load: {type: 'constant', rate: 200, durationMs: 20_000}}))
	).done;
	assert.ok(Date.now() - started < 15_000, 'no hang');
	assert.equal(result.endReason, 'worker-failed');
	assert.equal(exitCodeFor(result), 1);
	assert.match(result.failure ?? '', /worker 0 exited unexpectedly \(code 70\)/);
	const {total} = result.final;
	assert.ok(total.ok > 0, 'what was measured is kept');
	assert.ok(total.cancelled >= 10, `the dead worker's calls in flight are counted as cancelled: ${total.cancelled}`);
	assert.equal(total.ok + total.errors + total.cancelled, total.dispatched, 'the counts add up');
	assert.equal(total.dispatched + total.dropped, total.offered);
	assert.match(formatSummary(result), /Problem: +worker 0 exited unexpectedly/);
});

test('a worker thread stuck in a busy loop: the run still ends, the stuck worker is named, the counts add up', async () => {
	const started = Date.now();
	const result = await (
		await startRun(
			testPlan({
				workload: synthetic({latencyMs: 100, blockAfterCalls: 50, blockForMs: 120_000}),
				load: {type: 'constant', rate: 200, durationMs: 1000},
				engine: {drainTimeoutMs: 100},
			}),
		)
	).done;
	// 1 s of load, the 100 ms drain and the 5 s a silent worker is given: then it is terminated.
	assert.ok(Date.now() - started < 9000, `no hang: the stuck thread was terminated after ${Date.now() - started} ms`);
	assert.match(result.failure ?? '', /worker 0 did not finish in time; its last interval is missing/);
	assert.equal(exitCodeFor(result), 1, 'an incomplete measurement is a runtime failure');
	const {total} = result.final;
	assert.ok(total.ok >= 60, `the other worker's calls are kept: ${total.ok}`);
	assert.equal(total.ok + total.errors + total.cancelled, total.dispatched, 'the counts add up');
	assert.match(formatSummary(result), /Problem: +worker 0 did not finish in time/);
});

test('--max-duration is a hard stop for an open-ended run', async () => {
	const result = await (await startRun(testPlan({load: {type: 'constant', rate: 100}, engine: {maxDurationMs: 1000}}))).done;
	assert.equal(result.endReason, 'max-duration');
	assert.ok(result.final.elapsedMs < 2500, `stopped after ${result.final.elapsedMs} ms`);
});

test('--max-duration includes the drain: a stuck target and a 60 s --drain-timeout still end at --max-duration, with a partial report', async () => {
	// Calls answer in 1 ms until the target stalls at 2 s for 1.9 s: calls sent after 2 s hang
	// until 3.9 s. A drain that waited for them would end the run near 3.9 s, without cancelling.
	const started = Date.now();
	const result = await (
		await startRun(
			testPlan({
				workload: synthetic({stallEveryMs: 2000, stallForMs: 1900}),
				load: {type: 'constant', rate: 200},
				engine: {maxDurationMs: 2500, drainTimeoutMs: 60_000},
			}),
		)
	).done;
	const {total} = result.final;
	assert.equal(result.endReason, 'max-duration');
	assert.ok(result.final.elapsedMs < 3300, `the run ended ${result.final.elapsedMs} ms after its start`);
	assert.ok(Date.now() - started < 4500, 'no hang');
	assert.ok(total.ok >= 350, `what was measured is kept: ${total.ok} ok`);
	assert.ok(total.cancelled >= 50, `calls stuck at --max-duration are cancelled and counted: ${total.cancelled}`);
	assert.equal(total.ok + total.errors + total.cancelled, total.dispatched, 'the counts add up');
	assert.equal(exitCodeFor(result), 0, 'the documented exit code: 0');
	assert.match(formatSummary(result), /ended by max-duration/);
	assert.match(formatSummary(result), /cancelled at stop [1-9]\d+/);
});

test('--max-duration is a hard stop in the TUI too: a drain started with q on a stuck target ends at --max-duration', async () => {
	// An interactive run: open-ended, held, then q (graceful stop) while every call hangs.
	const handle = await startRun(
		testPlan({
			workload: synthetic({latencyMs: 3_600_000}),
			load: {type: 'constant', rate: 100},
			engine: {maxDurationMs: 1500, drainTimeoutMs: 60_000},
		}),
	);
	const app = renderInk(h(App, {handle, output: {rateStep: 10, spikeMultiplier: 5, spikeDurationMs: 5000}, size: {columns: 100, rows: 40}}));
	try {
		await sleep(400);
		await app.press('h');
		await app.press('q');
		await sleep(200);
		assert.equal(handle.latest()!.state, 'draining');
		const result = await handle.done;
		await settle(150);
		assert.equal(result.endReason, 'stopped', 'the user stopped it; --max-duration cut the drain');
		assert.ok(result.final.elapsedMs < 2300, `the run ended ${result.final.elapsedMs} ms after its start`);
		assert.ok(result.final.total.cancelled > 20, `hung calls cancelled: ${result.final.total.cancelled}`);
		assert.equal(result.final.total.cancelled, result.final.total.dispatched);
		assert.match(app.frame(), /DONE/);
	} finally {
		app.unmount();
		await handle.done;
	}
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

test('a worker that stalls catches up on its missed arrivals at their intended times: no omission, no extra burst, the lateness shows', async () => {
	// 1,000 req/s over 2 workers; worker 0's thread blocks for 1 s at its 500th call (t ≈ 1 s).
	const rate = 1000;
	const blockForMs = 1000;
	const result = await (
		await startRun(
			testPlan({
				workload: synthetic({blockAfterCalls: 500, blockForMs}),
				load: {type: 'constant', rate, durationMs: 4000},
			}),
		)
	).done;
	const {total, series} = result.final;
	const expected = rate * 4;
	assert.equal(result.endReason, 'duration');
	// The open model: every scheduled arrival is sent, once. Missed ones are not skipped
	// (coordinated omission) and the catch-up adds none.
	assert.ok(Math.abs(total.dispatched - expected) <= expected * 0.01, `dispatched ${total.dispatched}, expected ${expected}`);
	assert.equal(total.offered, total.dispatched);
	// The catch-up burst is the missed arrivals, not more: at no point has the run sent more
	// than was due by then. And the burst did happen: some interval sent about 500 extra.
	let sent = 0;
	for (const point of series) {
		sent += (point.achievedRate * point.durationMs) / 1000;
		assert.ok(sent <= rate * point.t + 20, `by ${point.t.toFixed(2)} s ${Math.round(sent)} were sent, ${Math.round(rate * point.t)} due`);
	}

	const burst = Math.max(...series.map(point => (point.achievedRate - rate) * (point.durationMs / 1000)));
	assert.ok(burst >= ((rate / 2) * blockForMs) / 1000 / 2, `catch-up burst of ${Math.round(burst)} calls above the rate`);

	// Missed arrivals keep their intended start: the stall shows in lateness and corrected latency.
	assert.ok(series.some(point => point.latenessP99 >= 500), `lateness p99 per interval: ${series.map(point => Math.round(point.latenessP99)).join(' ')}`);
	assert.ok(total.all.latency.max >= 900, `corrected max ${total.all.latency.max} ms`);
	// About 500 of 4,000 calls started up to 1 s late: the top 1% waited more than 0.8 s.
	assert.ok(total.all.latency.p99 >= 800, `corrected p99 ${total.all.latency.p99} ms`);
	// Only the calls in flight during the stall took long to serve.
	assert.ok(total.all.service.p50 < 50, `service-time p50 ${total.all.service.p50} ms`);
	// The merged series keeps its rhythm after the stall: intervals stay near --interval.
	const after = series.filter(point => point.t > 2.5 && point.state === 'running');
	assert.ok(after.length >= 5, `${after.length} intervals after the stall`);
	assert.ok(after.every(point => point.durationMs < 350), `interval lengths after the stall: ${after.map(point => Math.round(point.durationMs)).join(' ')}`);
});

test('a worker still catching up when the run ends sends every arrival due before the end, and none after', async () => {
	// 10,000 req/s over 2 workers; worker 0 blocks for 700 ms at 1.6 s, so when it wakes at 2.3 s
	// it has 3,500 arrivals due — 2,000 of them before the 2 s end — and the stop waiting behind them.
	const rate = 10_000;
	const result = await (
		await startRun(
			testPlan({
				workload: synthetic({latencyMs: 0, blockAfterCalls: 8000, blockForMs: 700}),
				load: {type: 'constant', rate, durationMs: 2000},
			}),
		)
	).done;
	const {total} = result.final;
	assert.equal(result.endReason, 'duration');
	assert.equal(total.offered, rate * 2, 'every arrival of the schedule, none past its end');
	assert.equal(total.dispatched, rate * 2);
	assert.equal(total.ok, rate * 2);
	const lateness = Math.max(...result.final.series.map(point => point.latenessP99));
	assert.ok(lateness >= 200, `the late ones show: lateness p99 up to ${lateness} ms`);
});
