/** `loadscope redis` against a real redis-server this file starts (and kills) on a free port. */
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {Redis} from 'ioredis';
import {command} from '../../source/commands/redis.js';
import {startRun} from '../../source/engine/controller.js';
import type {ShapeSpec} from '../../source/load/shape.js';
import type {EnginePlan} from '../../source/engine/plan.js';
import {testPlan} from '../helpers/plan.js';
import {startRedis, type TestServer} from '../helpers/servers.js';
import {runThroughOutage} from '../helpers/outage.js';

let server: TestServer;
let client: Redis;

before(async () => {
	server = await startRedis();
	client = new Redis({port: server.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1});
	client.on('error', () => undefined);
	await client.connect();
});

after(async () => {
	client.disconnect();
	await server.dispose();
});

async function run(flags: Record<string, unknown>, load: ShapeSpec, engine: Partial<EnginePlan> = {}) {
	const build = await command.build({redisAddr: `127.0.0.1:${server.port}`, ...flags}, []);
	return (await startRun(testPlan({workload: build.workload, load, engine}))).done;
}

test('templated SETs land the expected keys', async () => {
	await client.flushdb();
	const result = await run({command: ['SET key:{{.RequestNumber}} {{randomString 64}}']}, {type: 'constant', rate: 2000, durationMs: undefined}, {totalRequests: 200});
	assert.equal(result.final.total.ok, 200);
	assert.equal(await client.dbsize(), 200);
	for (const index of [0, 1, 99, 199]) {
		// eslint-disable-next-line no-await-in-loop
		assert.equal((await client.get(`key:${index}`))?.length, 64, `key:${index}`);
	}

	assert.equal(await client.exists('key:200'), 0);
	assert.deepEqual(result.final.total.ops.map(op => op.name), ['set']);
});

test('a weighted mix holds 80/20, and --keys preloads so every GET hits', async () => {
	await client.flushdb();
	await client.config('RESETSTAT');
	const result = await run(
		{command: ['80:GET {{.Key}}', '20:INCR mix:{{.WorkerID}}', 'HGET {{.Key}} field'], keys: '500'},
		{type: 'constant', rate: 1500, durationMs: undefined},
		{totalRequests: 1500},
	);
	const {ops} = result.final.total;
	const byName = Object.fromEntries(ops.map(op => [op.name, op]));
	assert.equal(result.final.total.completed, 1500);
	// Weights 80:20:1 over 101.
	const getShare = byName.get!.count / 1500;
	assert.ok(Math.abs(getShare - 80 / 101) < 0.02, `get share ${getShare}`);
	const incrs = Number(await client.get('mix:0')) + Number(await client.get('mix:1'));
	assert.equal(incrs, byName.incr!.ok, 'every INCR landed');
	assert.ok(Math.abs(incrs / 1500 - 20 / 101) < 0.02, `incr share ${incrs / 1500}`);
	// Preloaded key space: 500 keys plus the two counters, and no GET missed.
	assert.equal(await client.dbsize(), 502);
	const stats = await client.info('stats');
	assert.equal(/keyspace_misses:(\d+)/.exec(stats)?.[1], '0');
	// HGET on a string key: a Redis error, counted by its prefix.
	assert.equal(byName.hget!.errors, byName.hget!.count);
	assert.equal(byName.hget!.errorsByKind.WRONGTYPE, byName.hget!.count);
});

test('an unknown verb is a counted ERR, not a crash', async () => {
	const result = await run({command: ['FROBNICATE x']}, {type: 'constant', rate: 200, durationMs: undefined}, {totalRequests: 50});
	assert.equal(result.final.total.errors, 50);
	assert.equal(result.final.errors.byKind.ERR, 50);
	assert.ok(result.final.errors.recent.some(sample => /unknown command/i.test(sample.message)));
});

test('redis-server killed mid-run: errors counted by kind, then recovery after restart', async () => {
	const handle = await startRun(
		testPlan({
			workload: (await command.build({redisAddr: `127.0.0.1:${server.port}`, command: ['INCR crash']}, [])).workload,
			load: {type: 'constant', rate: 400, durationMs: 60_000},
		}),
	);
	const result = await runThroughOutage(handle, server, {gauge: 'connections.redis.up', up: 2});
	const {total, errors, series, gauges} = result.final;
	assert.equal(result.endReason, 'stopped');
	assert.ok(total.errors > 50, `errors while down: ${total.errors}`);
	assert.ok((errors.byKind.connection ?? 0) > 0, `kinds: ${JSON.stringify(errors.byKind)}`);
	assert.equal(total.ok + total.errors + total.cancelled, total.dispatched);
	const lastSecond = series.filter(point => point.state === 'running').slice(-1);
	assert.ok(
		lastSecond.every(point => point.errors === 0 && point.completedRate > 0),
		`recovered: ${JSON.stringify(lastSecond.map(point => [point.errors, point.completedRate]))}`,
	);
	assert.equal(gauges['connections.redis.up'], 2, 'both workers reconnected');
	// The server restarted empty: only calls after the restart are there.
	const after = Number(await client.get('crash'));
	assert.ok(after > 0 && after < total.ok, `INCRs after restart ${after} of ${total.ok} ok`);
});
