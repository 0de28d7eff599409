/**
 * The engine's own ceiling (noop workload) and rate accuracy (synthetic 1 ms target), with a bare
 * promise loop as the same-run baseline.
 */
import {performance} from 'node:perf_hooks';
import {startRun} from '../source/engine/controller.js';
import {defaultEngine, type RunPlan} from '../source/engine/plan.js';
import type {IntervalPoint} from '../source/engine/snapshot.js';
import {oneSecondRates} from '../source/metrics/rate-windows.js';

function plan(options: {workers: number; rate: number; durationMs: number; kind: string; maxInFlight?: number}): RunPlan {
	return {
		name: 'bench',
		workload: {kind: options.kind, options: options.kind === 'synthetic' ? {latencyMs: 1, distribution: 'constant'} : {}},
		target: 'bench',
		load: {type: 'constant', rate: options.rate, durationMs: options.durationMs},
		engine: {...defaultEngine, workers: options.workers, maxInFlight: options.maxInFlight ?? defaultEngine.maxInFlight},
		thresholds: [],
		abortOnFail: undefined,
		profile: undefined,
	};
}

/** The same work the engine does per call, minus scheduling and threads: a bare async loop. */
async function bareLoop(durationMs: number, concurrency: number): Promise<number> {
	let count = 0;
	const end = performance.now() + durationMs;
	const lane = async () => {
		while (performance.now() < end) {
			for (let index = 0; index < 256; index++) {
				// eslint-disable-next-line no-await-in-loop
				await Promise.resolve({ok: true});
				count++;
			}
		}
	};

	await Promise.all(Array.from({length: concurrency}, lane));
	return count / (durationMs / 1000);
}

/** Worst deviation from the target over any sliding 1-second window of the run. */
function worstSecond(series: readonly IntervalPoint[], rate: number): number {
	return Math.max(0, ...oneSecondRates(series).map(windowRate => Math.abs(windowRate - rate) / rate));
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function run(log: (line: string) => void): Promise<void> {
	const baseline = await bareLoop(3000, 1000);
	log(`baseline: bare promise loop, 1 thread: ${Math.round(baseline).toLocaleString('en')} calls/s`);
	for (const workers of [1, 2]) {
		// eslint-disable-next-line no-await-in-loop
		const result = await (await startRun(plan({workers, rate: Number.POSITIVE_INFINITY, durationMs: 3000, kind: 'noop', maxInFlight: 1000 * workers}))).done;
		const rate = result.final.total.achievedRate;
		log(
			`noop ceiling, ${workers} worker${workers > 1 ? 's' : ''}: ${Math.round(rate).toLocaleString('en')} dispatches/s (${Math.round(rate / workers).toLocaleString('en')} per worker; ${(rate / workers / baseline).toFixed(2)}x the bare loop per thread)`,
		);
	}

	log('rate accuracy (synthetic 1 ms target, 2 workers, 5 s):');
	log('  target/s   achieved/target   worst 1 s window   lateness p99 (median interval / worst interval)');
	for (const rate of [100, 1000, 10_000]) {
		// eslint-disable-next-line no-await-in-loop
		const result = await (await startRun(plan({workers: 2, rate, durationMs: 5000, kind: 'synthetic'}))).done;
		const {total, series} = result.final;
		const lateness = series.filter(point => point.state === 'running').map(point => point.latenessP99);
		log(
			`  ${String(rate).padStart(8)}   ${(total.achievedRate / rate).toFixed(4).padStart(15)}   ${`${(worstSecond(series, rate) * 100).toFixed(2)}%`.padStart(16)}   ${`${median(lateness).toFixed(2)} / ${Math.max(...lateness).toFixed(2)} ms`.padStart(18)}`,
		);
	}
}
