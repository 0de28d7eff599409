/**
 * Faults through a real gRPC hop: the server (a child process) killed mid-run gives counted
 * UNAVAILABLE errors and calls succeed again when it returns on the same port; a deadline shorter
 * than the server's delay is its own kind; --max-concurrency on the server makes a knee.
 */
import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {test} from 'node:test';
import {startRun} from '../../source/engine/controller.js';
import {connectionStates, formatConnection} from '../../source/metrics/connections.js';
import {startServer} from '../../source/server/start-server.js';
import {cliPath} from '../helpers/cli.js';
import {sleep} from '../helpers/plan.js';
import {freePort} from '../helpers/servers.js';
import {grpcPlan} from './plan.js';

async function serve(port: number): Promise<ChildProcess> {
	const child = spawn(process.execPath, [cliPath, 'serve', '--port', String(port), '--host', '127.0.0.1'], {stdio: ['ignore', 'ignore', 'pipe']});
	await new Promise<void>((resolve, reject) => {
		child.stderr!.on('data', chunk => {
			if (String(chunk).includes('loadscope serve:')) {
				resolve();
			}
		});
		child.once('exit', code => {
			reject(new Error(`serve exited with ${code}`));
		});
	});
	return child;
}

test('server killed mid-run: UNAVAILABLE counted; calls succeed again after it restarts on the same port', async () => {
	const port = await freePort();
	let server = await serve(port);
	const handle = await startRun(grpcPlan(port, {}, {type: 'constant', rate: 40, durationMs: 60_000}, {timeoutMs: 2000}));
	try {
		// The connection state a user sees (Generator pane title, progress line), sampled live.
		const seen = new Set<string>();
		handle.onSnapshot(snapshot => {
			for (const state of connectionStates(snapshot.gauges, snapshot.counters)) {
				seen.add(formatConnection(state));
			}
		});
		await sleep(1500);
		server.kill('SIGKILL');
		await sleep(1500);
		const okBefore = (handle.latest()?.total.ops[0]?.ok ?? 0);
		server = await serve(port);
		// Wait until calls succeed again (reconnect back-off), bounded.
		const deadline = Date.now() + 30_000;
		while ((handle.latest()?.total.ops[0]?.ok ?? 0) < okBefore + 20 && Date.now() < deadline) {
			// eslint-disable-next-line no-await-in-loop
			await sleep(250);
		}

		await sleep(500);
		const states = [...seen];
		assert.ok(states.includes('grpc up'), `connection states shown: ${states.join(', ')}`);
		assert.ok(states.includes('grpc DOWN'), `the dead server shows as DOWN: ${states.join(', ')}`);
		assert.ok(states.some(state => /^grpc up \(\d+ reconnects?\)$/.test(state)), `up again, reconnects counted: ${states.join(', ')}`);

		handle.send({type: 'stop', reason: 'user'});
		const result = await handle.done;
		const op = result.final.total.ops[0]!;
		assert.ok((op.errorsByKind.UNAVAILABLE ?? 0) > 0, `errors by kind: ${JSON.stringify(op.errorsByKind)}`);
		assert.ok(op.ok >= okBefore + 20, `recovered: ok ${op.ok}, before restart ${okBefore}`);
		const {total} = result.final;
		assert.equal(total.ok + total.errors + total.cancelled, total.dispatched);
	} finally {
		server.kill('SIGKILL');
	}
});

test('a deadline shorter than the server delay is counted as DEADLINE_EXCEEDED', async () => {
	const server = await startServer({port: 0, host: '127.0.0.1', experiment: {delayMs: 300}});
	try {
		const result = await (await startRun(grpcPlan(server.port, {}, undefined, {timeoutMs: 50}))).done;
		const op = result.final.total.ops[0]!;
		assert.equal(op.count, 10);
		assert.deepEqual(op.errorsByKind, {DEADLINE_EXCEEDED: 10});
	} finally {
		await server.close(100);
	}
});

test('--max-concurrency makes a knee: beyond capacity calls queue at the server and latency grows', async () => {
	// Capacity 2 slots / 20 ms = 100 calls/s; offer 300/s for 2 s.
	const server = await startServer({port: 0, host: '127.0.0.1', experiment: {delayMs: 20, maxConcurrency: 2}});
	try {
		const handle = await startRun(grpcPlan(server.port, {}, {type: 'constant', rate: 300, durationMs: 2000}, {workers: 1}));
		let maxQueued = 0;
		const timer = setInterval(() => {
			maxQueued = Math.max(maxQueued, server.queued());
		}, 50);
		const result = await handle.done;
		clearInterval(timer);
		const op = result.final.total.ops[0]!;
		assert.ok(maxQueued > 10, `calls queued at the server: ${maxQueued}`);
		// Served at <= 100/s, the last of ~600 calls waits seconds: far beyond the 20 ms service.
		assert.ok(op.latency.max > 1000, `max latency ${op.latency.max} ms`);
		assert.ok(op.latency.p99 > 10 * 20, `p99 ${op.latency.p99} ms`);
	} finally {
		await server.close(100);
	}
});
