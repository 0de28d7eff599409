/**
 * The worker → main snapshot: built by WorkerStats in the worker, posted over a real
 * MessageChannel (the structured clone a worker thread's postMessage does), merged by the
 * controller's Aggregator — and nothing is lost or changed on the way.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {MessageChannel} from 'node:worker_threads';
import {Aggregator} from '../../source/engine/aggregate.js';
import type {WorkerSnapshot} from '../../source/engine/messages.js';
import {WorkerStats} from '../../source/engine/worker-stats.js';
import {createHistogram, recordMs, summarize} from '../../source/metrics/histogram.js';

async function postAndReceive(snapshot: WorkerSnapshot): Promise<WorkerSnapshot> {
	const {port1, port2} = new MessageChannel();
	const received = new Promise<WorkerSnapshot>(resolve => {
		port2.once('message', resolve);
	});
	port1.postMessage({type: 'snapshot', snapshot});
	const message = (await received) as unknown as {snapshot: WorkerSnapshot};
	port1.close();
	return message.snapshot;
}

test('a worker snapshot survives postMessage and merges into the same counts and percentiles', async () => {
	const operations = [
		{name: 'get', weight: 3},
		{name: 'set', weight: 1},
	];
	const stats = new WorkerStats(1, operations.length, 1000);
	const expectedGet = createHistogram();
	const expectedService = createHistogram();
	for (let index = 0; index < 1000; index++) {
		const latency = 0.5 + (index % 100) * 0.37 + (index === 999 ? 4000 : 0);
		const service = latency / 2;
		stats.recordDispatch(index % 7);
		stats.offered++;
		stats.recordCompletion(0, latency, service, index % 50 === 0 ? {ok: false, kind: 'timeout', message: 'no answer within 50 ms'} : {ok: true});
		recordMs(expectedGet, latency);
		recordMs(expectedService, service);
	}

	stats.offered += 3;
	stats.recordDispatch(1);
	stats.recordCompletion(1, 2, 1, {ok: true, messages: 5});
	stats.cancelled = 2;
	stats.dropped = 2;
	const sent = stats.take(1250, {inFlight: 4, backlog: 1, scheduleDone: false}, {counters: {'delivery.targets': 7}, histograms: {}, gauges: {'connections.redis.up': 0.5}}, 0);
	stats.close();
	const received = await postAndReceive(sent);
	assert.deepEqual(received, sent, 'the structured clone is exact');

	const aggregator = new Aggregator(operations);
	aggregator.add(received, 250);
	const totals = aggregator.totals(aggregator.total, 0.25);
	assert.equal(totals.offered, 1003);
	assert.equal(totals.dispatched, 1001);
	assert.equal(totals.completed, 1001);
	assert.equal(totals.cancelled, 2);
	assert.equal(totals.dropped, 2);
	const [get, set] = totals.ops;
	assert.equal(get!.ok, 980);
	assert.deepEqual(get!.errorsByKind, {timeout: 20});
	assert.equal(set!.ok, 1);
	assert.equal(set!.messages, 5);
	// Every percentile as if recorded in one place; the max within HDR's 3 significant digits
	// (the encoding keeps its bucket, not the exact value).
	const same = (actual: ReturnType<typeof summarize>, expected: ReturnType<typeof summarize>, what: string) => {
		assert.deepEqual({...actual, max: 0}, {...expected, max: 0}, what);
		assert.ok(Math.abs(actual.max - expected.max) <= expected.max * 0.001, `${what} max ${actual.max}, recorded ${expected.max}`);
	};

	same(get!.latency, summarize(expectedGet), 'corrected latency');
	same(get!.service, summarize(expectedService), 'service time');
	assert.ok(get!.latency.max > 4000, 'the outlier is kept');
	assert.equal(aggregator.errorsByKind.timeout, 20);
	assert.equal(aggregator.recentErrors()[0]!.message, 'no answer within 50 ms');
	assert.equal(aggregator.counters['delivery.targets'], 7);
	assert.deepEqual(aggregator.gauges(), {'connections.redis.up': 0.5});
	assert.equal(aggregator.lateness.totalCount, 1001);
});
