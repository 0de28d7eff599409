/**
 * Unary calls/s of the grpc workload (engine, closed model at fixed concurrency) against
 * `loadscope serve` in a child process, versus a minimal hand-written grpc-js client loop at the
 * same concurrency, measured in the same run. Baseline runs before and after, and the ratio uses
 * their mean, because this VM's speed drifts.
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

/** What a user would write by hand: the generated client, `concurrency` lanes, one channel. */
async function handLoop(port: number): Promise<number> {
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
	let count = 0;
	const end = performance.now() + durationMs;
	const lane = async () => {
		while (performance.now() < end) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise<void>(resolve => {
				set(request, () => {
					resolve();
				});
			});
			count++;
		}
	};

	const start = performance.now();
	await Promise.all(Array.from({length: concurrency}, lane));
	client.close();
	return count / ((performance.now() - start) / 1000);
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
		log(`baseline: hand-written grpc-js loop, 1 thread, ${concurrency} in flight: ${Math.round(before).toLocaleString('en')} calls/s`);
		const rows: Array<[string, number, string]> = [];
		for (const [workers, connections] of [
			[1, 1],
			[2, 1],
			[2, 2],
		] as const) {
			// eslint-disable-next-line no-await-in-loop
			const result = await (await startRun(plan(port, workers, connections))).done;
			const {total} = result.final;
			const set = total.ops[0]!;
			rows.push([`loadscope grpc -r max -c ${concurrency}, ${workers} worker${workers > 1 ? 's' : ''} x ${connections} connection${connections > 1 ? 's' : ''}`, total.completedRate, `ok ${set.ok}, errors ${set.errors}, p50 ${set.latency.p50.toFixed(2)} ms, p99 ${set.latency.p99.toFixed(2)} ms`]);
		}

		const after = await handLoop(port);
		log(`baseline again: ${Math.round(after).toLocaleString('en')} calls/s`);
		const baseline = (before + after) / 2;
		for (const [label, rate, detail] of rows) {
			log(`${label}: ${Math.round(rate).toLocaleString('en')} calls/s = ${(rate / baseline).toFixed(2)}x baseline (${detail})`);
		}
	} finally {
		server.kill('SIGTERM');
	}
}
