/**
 * Servers dying mid-run: killing nats-server or redis-server (SIGKILL) makes calls fail fast with
 * a counted kind, never a crash or a hang; the connection gauge shows it; after a restart on the
 * same port the run recovers (calls succeed, multicasts are delivered again). Every dispatched
 * call is accounted for: ok + errors + cancelled = dispatched.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {command as mixed} from '../../source/commands/mixed.js';
import {startRun} from '../../source/engine/controller.js';
import type {RunSnapshot} from '../../source/engine/snapshot.js';
import {startNats, startRedis, type TestServer} from '../helpers/servers.js';
import {sleep, testPlan} from '../helpers/plan.js';

/** Wait until `check` holds for the latest snapshot (bounded: the machine may be very busy). */
async function until(handle: Awaited<ReturnType<typeof startRun>>, check: (snapshot: RunSnapshot) => boolean, what: string, timeoutMs = 20_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const latest = handle.latest();
		if (latest && check(latest)) {
			return latest;
		}

		// eslint-disable-next-line no-await-in-loop
		await sleep(100);
	}

	throw new Error(`timed out waiting for ${what}`);
}

/**
 * Kill the server once calls are succeeding, restart it once failures are counted, then stop the
 * run once calls succeed again: driven by what the run reports, not by wall-clock sleeps, so it
 * holds on a heavily loaded machine.
 */
async function runThroughOutage(server: TestServer, flags: Record<string, unknown>, gauge: string, kind: string) {
	const built = await mixed.build({ttl: '60s', preload: '10', ...flags}, []);
	const handle = await startRun(
		testPlan({workload: built.workload, load: {type: 'constant', rate: 40, durationMs: 60_000}, engine: {workers: 2, deliveryGraceMs: built.deliveryGraceMs}}),
	);
	const seen: RunSnapshot[] = [];
	handle.onSnapshot(snapshot => seen.push(snapshot));
	let finished = false;
	try {
		await until(handle, snapshot => snapshot.total.ok >= 20, 'calls to succeed');
		await server.stop();
		await until(handle, snapshot => (snapshot.errors.byKind[kind] ?? 0) >= 5, `${kind} failures`);
		// On a very busy machine the first restart can miss the helper's 10 s listen deadline: retry once.
		await server.start().catch(async () => server.start());
		const atRestart = handle.latest()!;
		// Recovery: calls succeed and messages are delivered again.
		await until(handle, snapshot => snapshot.total.ok >= atRestart.total.ok + 20 && (snapshot.delivery?.delivered ?? 0) > (atRestart.delivery?.delivered ?? 0) + 10, 'recovery', 30_000);
		handle.send({type: 'stop', reason: 'recovered'});
		const result = await handle.done;
		finished = true;
		const {total} = result.final;
		assert.equal(total.ok + total.errors + total.cancelled, total.dispatched, 'every call accounted for');
		const wentDown = seen.findIndex(snapshot => snapshot.gauges[gauge] === 0);
		assert.ok(wentDown >= 0, `${gauge} went to 0`);
		assert.ok(seen.slice(wentDown).some(snapshot => snapshot.gauges[gauge] === 1), `${gauge} back to 1 after the restart`);
		return {result};
	} finally {
		if (!finished) {
			handle.send({type: 'abort', reason: 'test failed'});
			await handle.done;
		}
	}
}

test('nats-server killed mid-run: multicasts fail as nats-down, delivery recovers after restart', async () => {
	const nats = await startNats();
	try {
		// In-memory registry, real NATS bus: only NATS goes away.
		const {result} = await runThroughOutage(nats, {natsServers: `127.0.0.1:${nats.port}`, mix: 'register=40,multicast=60'}, 'connections.nats.up', 'nats-down');
		assert.ok(result.final.delivery!.failed > 0, 'messages not published while down are counted as failed');
	} finally {
		await nats.dispose();
	}
});

test('redis-server killed mid-run: calls fail fast as redis-down and recover after restart', async () => {
	const redis = await startRedis();
	try {
		// register/multicast need the registry; the in-memory bus keeps delivery going.
		const {result} = await runThroughOutage(redis, {redisAddr: `127.0.0.1:${redis.port}`, mix: 'register=50,multicast=50'}, 'connections.redis.up', 'redis-down');
		assert.equal(result.final.total.cancelled, 0, 'nothing hung until the drain deadline');
	} finally {
		await redis.dispose();
	}
});
