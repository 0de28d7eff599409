/**
 * Live commands on a real run: spike (then back), scale, step, hold and stop take effect within
 * an interval, and none of them drops the workers' connections (checked on a real Redis).
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {Redis} from 'ioredis';
import {command as redisCommand} from '../../source/commands/redis.js';
import {startRun} from '../../source/engine/controller.js';
import type {IntervalPoint} from '../../source/engine/snapshot.js';
import {sleep, testPlan} from '../helpers/plan.js';
import {startRedis} from '../helpers/servers.js';

/** Running intervals that lie wholly in (fromS, toS), by their end time t and length. */
function within(series: readonly IntervalPoint[], fromS: number, toS: number): IntervalPoint[] {
	return series.filter(point => point.state !== 'paused' && point.t - point.durationMs / 1000 >= fromS && point.t <= toS);
}

test('spike, then back; scale; step; hold keeps a run going past its duration; stop ends it', async () => {
	const handle = await startRun(testPlan({load: {type: 'constant', rate: 200, durationMs: 3000}}));
	const at = () => handle.latest()!.elapsedMs / 1000;
	let spikeAt = 0;
	let scaleAt = 0;
	let stepAt = 0;
	try {
		await sleep(500);
		spikeAt = at();
		handle.send({type: 'spike', multiplier: 3, durationMs: 1000});
		await sleep(1900);
		scaleAt = at();
		handle.send({type: 'hold'});
		handle.send({type: 'scale-rate', factor: 1.5});
		await sleep(1000);
		stepAt = at();
		handle.send({type: 'step-rate', delta: -200});
		await sleep(1000);
		assert.equal(handle.latest()!.state, 'holding', 'held past the 3 s duration');
	} finally {
		handle.send({type: 'stop'});
	}

	const result = await handle.done;
	const {series} = result.final;
	const rates = (from: number, to: number) => within(series, from, to).map(point => Math.round(point.achievedRate));
	// Each window starts one interval (+ a snapshot's lag) after the command and ends before the next.
	const spiking = rates(spikeAt + 0.3, spikeAt + 1);
	const back = rates(spikeAt + 1.3, scaleAt);
	const scaled = rates(scaleAt + 0.3, stepAt);
	const stepped = rates(stepAt + 0.3, stepAt + 1);
	for (const [name, values, expected] of [
		['spike x3', spiking, 600],
		['back after the spike', back, 200],
		['scaled x1.5', scaled, 300],
		['stepped -200/s', stepped, 100],
	] as const) {
		assert.ok(values.length > 0, `${name}: no interval in the window`);
		assert.ok(
			values.every(value => Math.abs(value - expected) <= expected * 0.12 + 8),
			`${name}: ${values.join(', ')}/s, expected ${expected}/s`,
		);
	}

	assert.equal(result.endReason, 'stopped');
	assert.ok(result.final.elapsedMs > 4200, 'the hold kept the run going past its 3 s duration');
	assert.deepEqual(
		result.commands.map(recorded => recorded.command.type),
		['spike', 'hold', 'scale-rate', 'step-rate'],
	);
});

test('live commands keep the connections: Redis sees no new connection while rate, spike, pause and resume are applied', async () => {
	const redis = await startRedis();
	const probe = new Redis({port: redis.port, lazyConnect: true});
	try {
		await probe.connect();
		const connectionsReceived = async () => Number(/total_connections_received:(\d+)/.exec(await probe.info('stats'))![1]);
		const build = await redisCommand.build({redisAddr: `127.0.0.1:${redis.port}`, command: ['SET live:{{.RequestNumber}} v']}, []);
		const handle = await startRun({...testPlan({workload: build.workload, load: {type: 'constant', rate: 200}}), target: build.target});
		let before = 0;
		let after = 0;
		try {
			await sleep(600);
			before = await connectionsReceived();
			for (const command of [
				{type: 'set-rate', rate: 400},
				{type: 'spike', multiplier: 2, durationMs: 400},
				{type: 'scale-rate', factor: 0.5},
				{type: 'pause'},
				{type: 'resume'},
				{type: 'hold'},
				{type: 'step-rate', delta: 50},
			] as const) {
				handle.send(command);
				// eslint-disable-next-line no-await-in-loop
				await sleep(250);
			}

			after = await connectionsReceived();
		} finally {
			handle.send({type: 'stop'});
		}

		const result = await handle.done;
		assert.equal(after, before, 'no connection was opened again');
		assert.equal(result.final.total.errors, 0);
		assert.ok(result.final.total.ok > 300, `${result.final.total.ok} SETs`);
		assert.equal(result.final.counters['connections.redis.reconnects'] ?? 0, 0);
	} finally {
		probe.disconnect();
		await redis.dispose();
	}
});
