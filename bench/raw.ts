/**
 * `loadscope redis` and `loadscope nats` against the native tools, in one run on servers this
 * bench starts on free ports: SET ops/s versus `redis-benchmark -t set` at the same client count
 * (closed model, 50 in flight), and publish msgs/s versus a minimal nats.js publish loop.
 */
import {execFile} from 'node:child_process';
import {performance} from 'node:perf_hooks';
import {promisify} from 'node:util';
import {connect} from 'nats';
import {command as natsCommand} from '../source/commands/nats.js';
import {command as redisCommand} from '../source/commands/redis.js';
import {startRun} from '../source/engine/controller.js';
import {defaultEngine, type RunPlan} from '../source/engine/plan.js';
import type {RunResult} from '../source/engine/run-handle.js';
import type {WorkloadSpec} from '../source/workloads/workload.js';
import {startNats, startRedis} from '../test/helpers/servers.js';

const execFileAsync = promisify(execFile);
const seconds = 5;
const clients = 50;

function plan(workload: WorkloadSpec, options: {workers: number; maxInFlight: number; deliveryGraceMs?: number}): RunPlan {
	return {
		name: 'bench',
		workload,
		target: 'bench',
		load: {type: 'constant', rate: Number.POSITIVE_INFINITY, durationMs: seconds * 1000},
		engine: {...defaultEngine, workers: options.workers, maxInFlight: options.maxInFlight, deliveryGraceMs: options.deliveryGraceMs ?? 0, maxDurationMs: seconds * 3000},
		thresholds: [],
		abortOnFail: undefined,
		profile: undefined,
	};
}

async function loadscope(workload: WorkloadSpec, options: {workers: number; maxInFlight: number; deliveryGraceMs?: number}): Promise<RunResult> {
	return (await startRun(plan(workload, options))).done;
}

const format = (value: number) => Math.round(value).toLocaleString('en');

function describe(result: RunResult): string {
	const {total} = result.final;
	const latency = total.all.latency;
	return `${format(total.achievedRate)}/s (p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms, errors ${total.errors}, busiest worker ${Math.round(
		Math.max(0, ...result.final.series.map(point => point.utilization ?? 0)) * 100,
	)}%)`;
}

async function redisBenchmark(port: number, requests: number): Promise<number> {
	const {stdout} = await execFileAsync('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-q', '-t', 'set', '-c', String(clients), '-n', String(requests)]);
	// "SET: 71839.08 requests per second, p50=0.351 msec" (the -q line; progress lines end in \r).
	const match = /SET: ([\d.]+) requests per second/.exec(stdout.split('\r').at(-1) ?? stdout);
	if (!match) {
		throw new Error(`could not read redis-benchmark output: ${stdout.slice(-200)}`);
	}

	return Number(match[1]);
}

async function benchRedis(log: (line: string) => void): Promise<void> {
	const server = await startRedis();
	try {
		const addr = `127.0.0.1:${server.port}`;
		const baseline = await redisBenchmark(server.port, 300_000);
		log(`baseline: redis-benchmark -q -t set -c ${clients}: ${format(baseline)} SET/s`);
		const set = 'SET key:{{.RequestNumber}} xxx';
		const rows: Array<[string, WorkloadSpec, number]> = [
			['1 worker, 1 connection', (await redisCommand.build({redisAddr: addr, command: [set]}, [])).workload, 1],
			['2 workers, 1 connection each', (await redisCommand.build({redisAddr: addr, command: [set]}, [])).workload, 2],
			['2 workers, --auto-pipeline', (await redisCommand.build({redisAddr: addr, command: [set], autoPipeline: true}, [])).workload, 2],
			['2 workers, 25 connections each (50 like redis-benchmark)', (await redisCommand.build({redisAddr: addr, command: [set], connections: '25'}, [])).workload, 2],
		];
		for (const [label, workload, workers] of rows) {
			// eslint-disable-next-line no-await-in-loop
			const result = await loadscope(workload, {workers, maxInFlight: clients});
			log(`loadscope redis --rate max -c ${clients}, ${label}: ${describe(result)} = ${(result.final.total.achievedRate / baseline).toFixed(2)}x redis-benchmark`);
		}
	} finally {
		await server.dispose();
	}
}

/** The least a nats.js program can do to publish: a tight loop, yielding so the client can write. */
async function publishLoop(port: number, payloadSize: number, durationMs: number): Promise<number> {
	const nc = await connect({servers: `127.0.0.1:${port}`});
	const payload = new Uint8Array(payloadSize).fill(120);
	let count = 0;
	const end = performance.now() + durationMs;
	while (performance.now() < end) {
		for (let index = 0; index < 1000; index++) {
			nc.publish('loadscope.bench', payload);
		}

		count += 1000;
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}

	const rate = count / (durationMs / 1000);
	await nc.flush();
	await nc.close();
	return rate;
}

async function benchNats(log: (line: string) => void): Promise<void> {
	const server = await startNats();
	try {
		const natsServers = `127.0.0.1:${server.port}`;
		const baseline = await publishLoop(server.port, 128, seconds * 1000);
		log(`baseline: minimal nats.js publish loop, 1 thread, 128 B: ${format(baseline)} msgs/s`);
		const publish = (await natsCommand.build({natsServers}, [])).workload;
		for (const workers of [1, 2]) {
			// eslint-disable-next-line no-await-in-loop
			const result = await loadscope(publish, {workers, maxInFlight: 1000 * workers});
			log(`loadscope nats --rate max -c ${1000 * workers}, ${workers} worker${workers > 1 ? 's' : ''}: ${describe(result)} = ${(result.final.total.achievedRate / baseline).toFixed(2)}x the loop`);
		}

		const subscribed = await natsCommand.build({natsServers, subscribe: true}, []);
		const result = await loadscope(subscribed.workload, {workers: 2, maxInFlight: 2000, deliveryGraceMs: subscribed.deliveryGraceMs});
		const delivery = result.final.delivery!;
		log(
			`loadscope nats --subscribe --rate max, 2 workers: published ${describe(result)}; delivered ${format(
				(delivery.delivered + delivery.late) / result.final.total.activeSeconds,
			)}/s, ratio ${delivery.ratio.toFixed(4)}, delivery p50 ${delivery.latency.p50.toFixed(1)} ms p99 ${delivery.latency.p99.toFixed(1)} ms`,
		);
	} finally {
		await server.dispose();
	}
}

export async function run(log: (line: string) => void): Promise<void> {
	log(`each run ${seconds} s on servers started here; ratios are against the baseline of the same run`);
	await benchRedis(log);
	await benchNats(log);
}
