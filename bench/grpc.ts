/**
 * Unary calls/s of the grpc workload (engine, closed model at fixed concurrency) against
 * `loadscope serve` in a child process, versus a minimal hand-written grpc-js client loop at the
 * same concurrency, measured in the same run. Baseline runs before and after, and the ratio uses
 * their mean, because this VM's speed drifts. Both sides count successful calls only (OK status)
 * and keep the same number of calls in flight (64 in total, split across loadscope's workers);
 * the headline ratio is the like-for-like one: 1 worker thread, 1 connection, as the hand loop.
 */
import {spawn} from 'node:child_process';
import {performance} from 'node:perf_hooks';
import {credentials, loadPackageDefinition, type GrpcObject, type ServiceClientConstructor} from '@grpc/grpc-js';
import {loadSync} from '@grpc/proto-loader';
import {startRun} from '../source/engine/controller.js';
import {defaultEngine, type RunPlan} from '../source/engine/plan.js';
import {packagePath} from '../source/paths.js';
import {builtinProtos} from '../source/grpc/proto.js';
import {freePort} from '../test/helpers/servers.js';

const concurrency = 64;
const durationMs = 5000;
const request = {namespace: 'bench', key: 'key-1', value: Buffer.from('test-value')};
const cliPath = packagePath('dist', 'source', 'cli.js');

async function startServe(port: number) {
	const child = spawn(process.execPath, [cliPath, 'serve', '--port', String(port), '--host', '127.0.0.1'], {stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, NODE_ENV: 'production'}});
	await new Promise<void>((resolve, reject) => {
		child.stderr.on('data', chunk => {
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

/** What a user would write by hand: the generated client, `concurrency` lanes, one channel. Counts OK calls only. */
async function handLoop(port: number): Promise<{okRate: number; errors: number}> {
	const definition = loadSync(packagePath('proto', 'keyvalue.proto'), {keepCase: true, longs: Number, defaults: true});
	const KeyValue = ((loadPackageDefinition(definition).loadscope as GrpcObject).keyvalue as GrpcObject).v1 as GrpcObject;
	const Client = KeyValue.KeyValue as ServiceClientConstructor;
	const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
	const set = (client as unknown as {Set: (request: unknown, callback: (error: Error | null) => void) => void}).Set.bind(client);
	await new Promise<void>(resolve => {
		set(request, () => {
			resolve();
		});
	});
	let ok = 0;
	let errors = 0;
	const end = performance.now() + durationMs;
	const lane = async () => {
		while (performance.now() < end) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise<void>(resolve => {
				set(request, error => {
					if (error) {
						errors++;
					} else {
						ok++;
					}

					resolve();
				});
			});
		}
	};

	const start = performance.now();
	await Promise.all(Array.from({length: concurrency}, lane));
	client.close();
	return {okRate: ok / ((performance.now() - start) / 1000), errors};
}

function plan(port: number, workers: number, connections: number): RunPlan {
	return {
		name: 'bench',
		workload: {
			kind: 'grpc',
			options: {
				target: `127.0.0.1:${port}`,
				protoFiles: builtinProtos,
				importPaths: [],
				call: 'loadscope.keyvalue.v1.KeyValue.Set',
				data: {kind: 'items', items: [JSON.stringify({...request, value: request.value.toString('base64')})]},
				metadata: {},
				tls: {insecure: true, cacert: undefined, cert: undefined, key: undefined, cname: undefined, skipVerify: false},
				connections,
				keepaliveMs: 0,
				connectTimeoutMs: 10_000,
			},
		},
		target: 'bench',
		load: {type: 'constant', rate: Number.POSITIVE_INFINITY, durationMs},
		engine: {...defaultEngine, workers, maxInFlight: concurrency},
		thresholds: [],
		abortOnFail: undefined,
		profile: undefined,
	};
}

export async function run(log: (line: string) => void): Promise<void> {
	const port = await freePort();
	const server = await startServe(port);
	try {
		const before = await handLoop(port);
		log(`baseline: hand-written grpc-js loop, 1 thread, 1 connection, ${concurrency} in flight: ${Math.round(before.okRate).toLocaleString('en')} OK calls/s (errors ${before.errors})`);
		const rows: Array<[string, number, string]> = [];
		for (const [workers, connections] of [
			[1, 1],
			[2, 1],
			[2, 2],
		] as const) {
			// eslint-disable-next-line no-await-in-loop
			const handle = await startRun(plan(port, workers, connections));
			const started = performance.now();
			// eslint-disable-next-line no-await-in-loop
			const result = await handle.done;
			const wallSeconds = (performance.now() - started) / 1000;
			const {total} = result.final;
			const set = total.ops[0]!;
			// Successful calls per second of the run's wall time (including the drain, never less than
			// its active time): errors do not count as throughput, and a run that overshoots its
			// duration on a busy machine is not credited with calls made after it.
			const okRate = total.ok / Math.max(wallSeconds, total.activeSeconds);
			rows.push([`loadscope grpc -r max -c ${concurrency}, ${workers} worker${workers > 1 ? 's' : ''} x ${connections} connection${connections > 1 ? 's' : ''}`, okRate, `ok ${set.ok}, errors ${set.errors}, p50 ${set.latency.p50.toFixed(2)} ms, p99 ${set.latency.p99.toFixed(2)} ms`]);
		}

		const after = await handLoop(port);
		log(`baseline again: ${Math.round(after.okRate).toLocaleString('en')} OK calls/s (errors ${after.errors})`);
		const baseline = (before.okRate + after.okRate) / 2;
		for (const [label, rate, detail] of rows) {
			log(`${label}: ${Math.round(rate).toLocaleString('en')} OK calls/s = ${(rate / baseline).toFixed(2)}x baseline (${detail})`);
		}

		log(`ratio (like for like: 1 worker x 1 connection vs the hand loop, ${concurrency} in flight each): ${(rows[0]![1] / baseline).toFixed(2)} (aim >= 0.9)`);
	} finally {
		server.kill('SIGTERM');
	}
}
