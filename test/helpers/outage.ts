/**
 * A target outage in the middle of a run: kill the server, bring it back, wait until a whole
 * interval went through cleanly with every connection up again, then stop the run gracefully.
 */
import type {RunHandle, RunResult} from '../../source/engine/run-handle.js';
import {sleep} from './plan.js';
import type {TestServer} from './servers.js';

export async function runThroughOutage(
	handle: RunHandle,
	server: TestServer,
	recovered: {gauge: string; up: number},
	timing = {beforeKillMs: 1200, downMs: 1000, recoverWithinMs: 20_000},
): Promise<RunResult> {
	await sleep(timing.beforeKillMs);
	await server.stop();
	await sleep(timing.downMs);
	await server.start();
	// A loaded machine may take a while to reconnect: poll rather than sleep a fixed time.
	const deadline = Date.now() + timing.recoverWithinMs;
	while (Date.now() < deadline) {
		const latest = handle.latest();
		const point = latest?.series.at(-1);
		if (point && point.errors === 0 && point.completedRate > 0 && latest?.gauges[recovered.gauge] === recovered.up) {
			break;
		}

		// eslint-disable-next-line no-await-in-loop
		await sleep(100);
	}

	handle.send({type: 'stop'});
	return handle.done;
}
