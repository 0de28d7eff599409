/**
 * The controller's merge of worker snapshots: counters summed, and the live multicast delivery
 * ratio bounded by 100% even when a receiving worker's count arrives before the sender's.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Aggregator} from '../../source/engine/aggregate.js';
import type {WorkerSnapshot} from '../../source/engine/messages.js';

function workerSnapshot(workerId: number, counters: Record<string, number>): WorkerSnapshot {
	return {
		workerId,
		seq: 0,
		atEpochMs: 0,
		intervalMs: 250,
		offered: 0,
		dispatched: 0,
		completed: 0,
		cancelled: 0,
		dropped: 0,
		uncaught: 0,
		inFlight: 0,
		backlog: 0,
		ops: [{ok: 0, errorsByKind: {}, messages: 0, latency: '', service: ''}],
		lateness: '',
		utilization: 0,
		eventLoopDelayP99: 0,
		eventLoopDelayMax: 0,
		errorSamples: [],
		metrics: {counters, histograms: {}},
		scheduleDone: false,
	};
}

test('the live delivery ratio never shows more than 100% when deliveries are counted before their targets', () => {
	const aggregator = new Aggregator([{name: 'multicast', weight: 1}]);
	// Worker 1 received 1,000 messages of a multicast whose sender, worker 0, counts its 1,000
	// targets only when the publishing call returns: in the next interval.
	aggregator.add(workerSnapshot(0, {'delivery.targets': 200, 'delivery.delivered': 0}), 250);
	aggregator.add(workerSnapshot(1, {'delivery.targets': 0, 'delivery.delivered': 1150, 'delivery.late': 10}), 250);
	const early = aggregator.delivery()!;
	assert.equal(early.ratio, 1);
	assert.equal(early.missing, 0);
	assert.equal(early.delivered, 1150, 'the counts themselves are kept as measured');

	aggregator.add(workerSnapshot(0, {'delivery.targets': 1000}), 500);
	const settled = aggregator.delivery()!;
	assert.equal(settled.ratio, 1160 / 1200);
	assert.equal(settled.missing, 40);
});

test('a worker lost mid-run: its calls in flight count as cancelled and its queue as not sent', () => {
	const aggregator = new Aggregator([{name: 'call', weight: 1}]);
	aggregator.add({...workerSnapshot(0, {}), offered: 100, dispatched: 90, completed: 60, dropped: 0, inFlight: 30, backlog: 10}, 250);
	aggregator.addLost(30, 10);
	const {counts} = aggregator.total;
	assert.equal(counts.completed + counts.cancelled, counts.dispatched);
	assert.equal(counts.dispatched + counts.dropped, counts.offered);
});
