/**
 * The registry workload through the real engine (worker threads): identities registered in one
 * worker are enumerated from another, the mix holds over 1,000 operations, and multicast delivery
 * is counted at real subscribers (in-memory bus across threads, and NATS).
 */
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {command as mixed} from '../../source/commands/mixed.js';
import {command as enumerate} from '../../source/commands/enumerate.js';
import {startRun} from '../../source/engine/controller.js';
import type {Flags} from '../../source/cli/command.js';
import {redisAndNatsForFile} from '../helpers/servers.js';
import {testPlan} from '../helpers/plan.js';

const real = redisAndNatsForFile({before, after});

const servers = (): Flags => ({redisAddr: `127.0.0.1:${real.redis().port}`, natsServers: `127.0.0.1:${real.nats().port}`, keyPrefix: `test-${Math.random()}`});

for (const [name, flags] of [
	['in-memory', (): Flags => ({})],
	['redis', servers],
] as const) {
	test(`${name}: every worker enumerates the identities the other worker registered`, async () => {
		const built = await enumerate.build({...flags(), preload: '10', ttl: '30s'}, []);
		const result = await (await startRun(testPlan({workload: built.workload, load: {type: 'constant', rate: 40, durationMs: 1000}, engine: {workers: 2}}))).done;
		const {total, counters} = result.final;
		assert.equal(result.endReason, 'duration', result.failure);
		assert.ok(total.ok >= 30, `enumerates ${total.ok}`);
		assert.equal(total.errors, 0);
		// Preload splits the 10 seeds between the two workers (5 each); each enumerate must see all 10.
		assert.equal(counters['enumerate.results'], 10 * total.ok);
	});
}

test('in-memory: the mix is within 2 points of 50/30/20 over 1,000 operations and every multicast message is delivered', async () => {
	const built = await mixed.build({ttl: '5m', filter: 'region=us'}, []);
	const plan = testPlan({workload: built.workload, load: {type: 'constant', rate: 500}, engine: {workers: 2, totalRequests: 1000, deliveryGraceMs: built.deliveryGraceMs, timeoutMs: 30_000}});
	const result = await (await startRun(plan)).done;
	const {total, delivery} = result.final;
	assert.equal(total.dispatched, 1000);
	assert.equal(total.errors, 0, JSON.stringify(result.final.errors).slice(0, 300));
	const share = Object.fromEntries(total.ops.map(op => [op.name, (op.count / total.completed) * 100]));
	for (const [op, expected] of Object.entries({register: 50, enumerate: 30, multicast: 20})) {
		assert.ok(Math.abs(share[op]! - expected) <= 2, `${op} ${share[op]}%`);
	}

	assert.ok(delivery, 'delivery is reported');
	assert.ok(delivery.targets > 300, `targets ${delivery.targets}`);
	assert.equal(delivery.delivered + delivery.late, delivery.targets, 'each message counted exactly once');
	assert.equal(delivery.failed, 0);
	assert.equal(delivery.latency.count, delivery.delivered);
	const registered = total.ops.find(op => op.name === 'register')!.count;
	assert.equal(result.final.gauges['registry.online'], registered, 'every registered identity is online (subscribed) in its worker');
});

test('redis + nats: multicast delivery measured at real NATS subscribers, connection gauges up', async () => {
	const built = await mixed.build({...servers(), ttl: '5m'}, []);
	const plan = testPlan({workload: built.workload, load: {type: 'constant', rate: 60, durationMs: 2000}, engine: {workers: 2, deliveryGraceMs: built.deliveryGraceMs, timeoutMs: 30_000}});
	const handle = await startRun(plan);
	const gauges: Array<Record<string, number>> = [];
	handle.onSnapshot(snapshot => gauges.push({...snapshot.gauges}));
	const result = await handle.done;
	const {total, delivery} = result.final;
	assert.equal(total.errors, 0, JSON.stringify(result.final.errors));
	assert.ok(delivery && delivery.targets > 100, `targets ${delivery?.targets}`);
	assert.equal(delivery.delivered + delivery.late, delivery.targets);
	assert.ok(gauges.some(g => g['connections.redis.up'] === 1 && g['connections.nats.up'] === 1));
});

test('an identity registered by another process without a subscriber is targeted but not delivered', async () => {
	const {createRegistry} = await import('../../source/pattern/create.js');
	const flags = servers();
	const built = await mixed.build({...flags, mix: 'multicast=100'}, []);
	const options = built.workload.options as {redis: never; nats: never; keyPrefix: string};
	const outsider = await createRegistry({redis: options.redis, nats: options.nats, keyPrefix: options.keyPrefix});
	await outsider.register('offline-elsewhere', {status: 'online'}, 30_000);
	try {
		const result = await (
			await startRun(testPlan({workload: built.workload, load: {type: 'constant', rate: 30, durationMs: 1000}, engine: {workers: 2, deliveryGraceMs: 500}}))
		).done;
		const {total, delivery} = result.final;
		assert.ok(total.ok >= 20);
		assert.equal(delivery?.targets, total.ok, 'one target per multicast');
		assert.equal(delivery?.delivered, 0);
		assert.equal(delivery?.missing, total.ok);
	} finally {
		await outsider.close();
	}
});
