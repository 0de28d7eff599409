/** `loadscope nats` against real nats-servers this file starts (and kills) on free ports. */
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {command} from '../../source/commands/nats.js';
import {startRun} from '../../source/engine/controller.js';
import type {ShapeSpec} from '../../source/load/shape.js';
import {testPlan} from '../helpers/plan.js';
import {startNats, type TestServer} from '../helpers/servers.js';
import {runThroughOutage} from '../helpers/outage.js';
import {subjectWildcard} from '../../source/workloads/nats-subject.js';
import {readStamp, stampedPayload} from '../../source/workloads/nats-stamp.js';

let server: TestServer;
let jetstream: TestServer;

before(async () => {
	[server, jetstream] = await Promise.all([startNats(), startNats({jetstream: true})]);
});

after(async () => {
	await Promise.all([server.dispose(), jetstream.dispose()]);
});

async function start(flags: Record<string, unknown>, load: ShapeSpec, port = server.port, totalRequests?: number) {
	const build = await command.build({natsServers: `127.0.0.1:${port}`, ...flags}, []);
	return startRun(testPlan({workload: build.workload, load, engine: {deliveryGraceMs: build.deliveryGraceMs ?? 0, totalRequests}}));
}

/** Exactly `total` calls at `rate` (quotas are exact even on a loaded machine; durations are not). */
const exactly = (rate: number): ShapeSpec => ({type: 'constant', rate, durationMs: undefined});

test('subject wildcard and payload stamp', () => {
	assert.equal(subjectWildcard('orders.{{randomInt 0 9}}.x{{.WorkerID}}.created'), 'orders.*.*.created');
	assert.equal(subjectWildcard('plain.subject'), 'plain.subject');
	const payload = stampedPayload(64, {sentMs: 1_700_000_000_123.25, runId: 4_000_000_000, workerId: 3, seq: 42});
	assert.equal(payload.byteLength, 64);
	assert.deepEqual(readStamp(payload), {sentMs: 1_700_000_000_123.25, runId: 4_000_000_000, workerId: 3, seq: 42});
	assert.equal(readStamp(new Uint8Array(8)), undefined);
});

test('publish → subscribe on a healthy server delivers every message', async () => {
	const result = await (await start({subscribe: true, subject: 'test.{{.WorkerID}}', payloadSize: '64'}, exactly(2000), server.port, 3000)).done;
	const {delivery, total, gauges} = result.final;
	assert.ok(delivery, 'delivery figures');
	assert.equal(total.ok, 3000);
	assert.equal(delivery.targets, 3000);
	assert.equal(delivery.delivered + delivery.late, 3000);
	assert.equal(delivery.ratio, 1);
	assert.equal(delivery.latency.count, 3000);
	assert.equal(gauges['connections.nats.up'], 4, 'publisher and subscriber per worker');
});

test('nats-server killed mid-run: delivery drops, counted, then recovers after restart', async () => {
	const handle = await start({subscribe: true}, {type: 'constant', rate: 500, durationMs: 60_000});
	const result = await runThroughOutage(handle, server, {gauge: 'connections.nats.up', up: 4});
	const {delivery, total, errors, series, gauges} = result.final;
	assert.equal(result.endReason, 'stopped');
	assert.ok(delivery);
	assert.ok(delivery.ratio < 0.95, `ratio ${delivery.ratio}`);
	assert.ok(delivery.failed > 50, `failed publishes ${delivery.failed}`);
	assert.equal(errors.byKind.disconnected, delivery.failed);
	assert.equal(total.ok + total.errors + total.cancelled, total.dispatched);
	assert.equal(delivery.targets, total.dispatched);
	const tail = series.filter(point => point.state === 'running').slice(-1);
	assert.ok(
		tail.every(point => point.errors === 0 && point.completedRate > 0),
		`recovered: ${JSON.stringify(tail.map(point => [point.errors, point.completedRate]))}`,
	);
	assert.equal(gauges['connections.nats.up'], 4, 'all connections back');
	assert.ok((result.final.counters['connections.nats.reconnects'] ?? 0) >= 4);
	// Messages published after the restart arrived: delivered well beyond what was sent before the kill.
	assert.ok(delivery.delivered > total.dispatched * 0.3, `delivered ${delivery.delivered} of ${total.dispatched}`);
});

test('request/reply with the built-in responder; without one the calls fail as no-responders', async () => {
	const answered = await (await start({request: true, responder: true, subject: 'svc.{{randomInt 0 4}}'}, exactly(500), server.port, 500)).done;
	assert.equal(answered.final.total.ok, 500);
	assert.equal(answered.final.total.errors, 0);
	const unanswered = await (await start({request: true, subject: 'nobody.home'}, exactly(100), server.port, 50)).done;
	assert.equal(unanswered.final.total.errors, 50);
	assert.equal(unanswered.final.errors.byKind['no-responders'], 50);
});

test('JetStream publish counts acks and creates the stream', async () => {
	const result = await (await start({jetstream: true, stream: 'TESTS', subject: 'js.{{.WorkerID}}'}, exactly(400), jetstream.port, 400)).done;
	assert.equal(result.final.total.ok, 400, `errors: ${JSON.stringify(result.final.errors)}`);
	assert.equal(result.final.counters['jetstream.acks'], 400);
	assert.equal(result.final.total.ops[0]?.name, 'js-publish');
});
