/** Connection state in the Generator pane: from gauges, and live from a real Redis killed and restarted. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createElement as h} from 'react';
import {command as redisCommand} from '../../source/commands/redis.js';
import {startRun} from '../../source/engine/controller.js';
import type {RunSnapshot} from '../../source/engine/snapshot.js';
import {connectionStates, formatConnection} from '../../source/metrics/connections.js';
import {formatProgress} from '../../source/report/progress.js';
import {HealthPane} from '../../source/ui/panes/health.js';
import {testPlan} from '../helpers/plan.js';
import {startRedis} from '../helpers/servers.js';
import {snapshotFixture} from '../ui/fixtures.js';
import {renderInk} from '../ui/ink.js';

function healthFrame(snapshot: RunSnapshot): string {
	const rendered = renderInk(h(HealthPane, {snapshot, width: 120, height: 3}));
	const frame = rendered.frame();
	rendered.unmount();
	return frame;
}

test('connection gauges: counts with totals, worker shares without, reconnects from counters', () => {
	const states = connectionStates(
		{'connections.redis.up': 1, 'connections.redis.total': 2, 'connections.nats.up': 0, 'connections.grpc.up': 0.5, 'registry.online': 40},
		{'connections.nats.reconnects': 3, 'connections.redis.reconnects': 1},
	);
	assert.deepEqual(states.map(state => formatConnection(state)), ['grpc 50% of workers up', 'nats DOWN (3 reconnects)', 'redis 1/2 up (1 reconnect)']);
	assert.deepEqual(connectionStates({'connections.redis.up': 2, 'connections.redis.total': 2}, {}).map(state => formatConnection(state)), ['redis up']);
	assert.deepEqual(connectionStates({}, {}), []);
});

test('the Generator pane shows each backend, and a lost one in its title', () => {
	const frame = healthFrame(snapshotFixture({gauges: {'connections.redis.up': 0, 'connections.redis.total': 1}, counters: {'connections.redis.reconnects': 4}}));
	assert.match(frame, /Generator {2}keeping up · redis DOWN \(4 reconnects\)/);
	assert.match(healthFrame(snapshotFixture()), /Generator {2}keeping up\n/, 'no connection part for workloads without connections');
});

test('a headless progress line names a lost connection, and stays quiet while all are up', () => {
	assert.match(formatProgress(snapshotFixture({gauges: {'connections.nats.up': 0}, counters: {'connections.nats.reconnects': 2}})), / \| nats DOWN \(2 reconnects\)$/);
	assert.doesNotMatch(formatProgress(snapshotFixture({gauges: {'connections.nats.up': 1}})), /nats/);
});

test('a real Redis killed and restarted mid-run: the pane goes DOWN, then up again with the reconnects counted', async () => {
	const redis = await startRedis();
	try {
		const build = await redisCommand.build({redisAddr: `127.0.0.1:${redis.port}`, command: ['SET conn-test:{{.RequestNumber}} v']}, []);
		const handle = await startRun({...testPlan({workload: build.workload, load: {type: 'constant', rate: 100}, engine: {timeoutMs: 500}}), target: build.target});
		const waitFor = async (predicate: (frame: string) => boolean, what: string): Promise<string> => {
			const deadline = Date.now() + 30_000;
			for (;;) {
				const snapshot = handle.latest();
				const frame = snapshot ? healthFrame(snapshot) : '';
				if (predicate(frame)) {
					return frame;
				}

				assert.ok(Date.now() < deadline, `${what} never showed; last frame:\n${frame}`);
				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setTimeout(resolve, 100);
				});
			}
		};

		await waitFor(frame => /redis up/.test(frame), 'redis up');
		await redis.stop();
		await waitFor(frame => /redis DOWN/.test(frame), 'redis DOWN');
		await redis.start();
		const recovered = await waitFor(frame => /redis up \(\d+ reconnects?\)/.test(frame), 'redis up again with reconnects');
		assert.match(recovered, /Generator {2}keeping up · redis up/);
		handle.send({type: 'stop', reason: 'stopped'});
		const result = await handle.done;
		const {total} = result.final;
		assert.ok(total.errors > 0, 'calls while Redis was down failed and were counted');
		assert.equal(total.ok + total.errors + total.cancelled, total.dispatched, 'the counts add up');
	} finally {
		await redis.stop();
	}
});
