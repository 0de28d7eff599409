/**
 * Slow and silent targets: per-call timeouts are their own error kind, the in-flight cap holds,
 * the backlog is bounded (arrivals beyond it are dropped and counted, never lost), and memory
 * stays bounded when the target stops answering.
 */
import assert from 'node:assert/strict';
import process from 'node:process';
import {test} from 'node:test';
import {startRun} from '../../source/engine/controller.js';
import {testPlan} from '../helpers/plan.js';

/** A target that never answers within the run. */
const silent = {kind: 'synthetic', options: {latencyMs: 3_600_000, distribution: 'constant'}};

test('per-call timeouts are counted as their own kind, and free their in-flight slots', async () => {
	const result = await (
		await startRun(testPlan({workload: silent, load: {type: 'constant', rate: 200, durationMs: 1500}, engine: {timeoutMs: 100, maxInFlight: 40}}))
	).done;
	const {total, errors} = result.final;
	assert.ok(total.dispatched > 250, `dispatched ${total.dispatched}: timeouts kept slots free`);
	assert.equal(errors.byKind.timeout, total.errors);
	assert.equal(total.ok, 0);
	assert.match(errors.recent[0]!.message, /no answer within 100 ms/);
	const service = total.all.service;
	assert.ok(service.p50 >= 95 && service.p99 < 400, `service time of a timed-out call is the timeout: p50 ${service.p50} p99 ${service.p99}`);
	assert.equal(total.ok + total.errors + total.cancelled, total.dispatched);
});

test('a target that stops answering: the in-flight cap holds, the backlog is bounded, memory stays bounded', async () => {
	const before = process.memoryUsage().rss;
	const maxInFlight = 100;
	const maxBacklog = 2000;
	const handle = await startRun(
		testPlan({workload: silent, load: {type: 'constant', rate: 5000, durationMs: 2500}, engine: {maxInFlight, maxBacklog, drainTimeoutMs: 200}}),
	);
	let peakRss = 0;
	const unsubscribe = handle.onSnapshot(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
	});
	const result = await handle.done;
	unsubscribe();
	const {total, series} = result.final;
	assert.ok(series.every(point => point.inFlight <= maxInFlight), 'never more than --max-in-flight in flight');
	assert.ok(series.every(point => point.backlog <= maxBacklog * 2), 'backlog bounded by --max-backlog per worker');
	assert.ok(series.some(point => point.backlog > 1000), 'arrivals queued behind the cap');
	assert.ok(total.dropped > 5000, `arrivals beyond the backlog were dropped and counted: ${total.dropped}`);
	assert.equal(total.dispatched + total.dropped, total.offered, 'every arrival is accounted for');
	assert.equal(total.ok + total.errors + total.cancelled, total.dispatched, 'stuck calls are cancelled at stop, counted');
	assert.equal(total.cancelled, maxInFlight);
	assert.ok(peakRss - before < 300 * 1024 * 1024, `rss grew ${Math.round((peakRss - before) / 1024 / 1024)} MB`);
});
