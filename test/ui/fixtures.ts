/** Fixed snapshots for pane and app tests: a believable mid-run state, overridable per test. */
import type {IntervalPoint, LatencySummary, OperationStats, RunSnapshot, Totals} from '../../source/engine/snapshot.js';

export function latency(p50: number, count = 1000): LatencySummary {
	return {count, min: p50 / 4, mean: p50 * 1.2, stddev: p50 / 2, p50, p90: p50 * 2, p95: p50 * 3, p99: p50 * 5, p999: p50 * 10, max: p50 * 20};
}

export function operation(name: string, options: {count?: number; errors?: number; p50?: number; serviceP50?: number; rate?: number} = {}): OperationStats {
	const count = options.count ?? 1000;
	const errors = options.errors ?? 0;
	return {
		name,
		count,
		ok: count - errors,
		errors,
		errorsByKind: errors > 0 ? {timeout: errors} : {},
		messages: 0,
		rate: options.rate ?? 100,
		latency: latency(options.p50 ?? 4, count),
		service: latency(options.serviceP50 ?? 2, count),
	};
}

function totals(ops: readonly OperationStats[], seconds: number): Totals {
	const completed = ops.reduce((sum, op) => sum + op.count, 0);
	const errors = ops.reduce((sum, op) => sum + op.errors, 0);
	return {
		offered: completed,
		dispatched: completed,
		completed,
		ok: completed - errors,
		errors,
		cancelled: 0,
		dropped: 0,
		activeSeconds: seconds,
		offeredRate: completed / seconds,
		achievedRate: completed / seconds,
		completedRate: completed / seconds,
		errorRate: completed > 0 ? errors / completed : 0,
		ops,
		all: operation('all', {count: completed, errors}),
	};
}

/** `points` intervals of 250 ms; rate and p99 follow the given functions of the index. */
export function series(points: number, rate: (index: number) => number = () => 100, p99: (index: number) => number = () => 20, names: readonly string[] = ['call']): IntervalPoint[] {
	return Array.from({length: points}, (_, index) => ({
		t: (index + 1) * 0.25,
		durationMs: 250,
		state: 'running' as const,
		targetRate: rate(index),
		offeredRate: rate(index),
		achievedRate: rate(index) * 0.99,
		completedRate: rate(index) * 0.98,
		inFlight: 2,
		backlog: 0,
		errors: 0,
		latenessP99: 0.5,
		utilization: 0.2,
		ops: Object.fromEntries(names.map(name => [name, {count: 25, errors: 0, p50: 4, p99: p99(index), p999: 40, max: 50, serviceP99: 10}])),
	}));
}

export function snapshotFixture(overrides: Partial<RunSnapshot> = {}): RunSnapshot {
	const ops = [operation('call', {errors: 2})];
	const base: RunSnapshot = {
		seq: 40,
		workload: 'synthetic',
		target: 'synthetic service: lognormal 4 ms',
		state: 'running',
		elapsedMs: 12_000,
		activeMs: 12_000,
		remainingMs: 48_000,
		control: {shapeRate: 100, scale: 1, offset: 0, held: false, paused: false, spike: undefined, targetRate: 100},
		stage: undefined,
		interval: {durationMs: 250, targetRate: 100, offeredRate: 100, achievedRate: 99, completedRate: 98, errorRate: 0.002, ops, all: operation('all', {errors: 2})},
		window: totals(ops, 12),
		total: totals(ops, 12),
		inFlight: 3,
		backlog: 0,
		health: {
			workers: [
				{workerId: 0, utilization: 0.21, eventLoopDelayP99: 1.5, eventLoopDelayMax: 3, latenessP99: 0, alive: true},
				{workerId: 1, utilization: 0.19, eventLoopDelayP99: 1.2, eventLoopDelayMax: 2, latenessP99: 0, alive: true},
			],
			latenessP99: 0.6,
			latenessMax: 2.5,
			processCpu: 0.45,
			mainEventLoopDelayP99: 1.1,
			bottleneck: undefined,
		},
		errors: {
			byKind: {timeout: 2},
			recent: [{kind: 'timeout', message: 'deadline exceeded after 100 ms', count: 2, lastSeenMs: 11_000}],
		},
		distribution: {
			call: {
				interval: [
					{le: 1, count: 0},
					{le: 1.78, count: 5},
					{le: 3.16, count: 10},
					{le: 5.62, count: 8},
				],
				window: [
					{le: 1, count: 0},
					{le: 1.78, count: 50},
					{le: 3.16, count: 400},
					{le: 5.62, count: 300},
					{le: 10, count: 100},
					{le: 17.8, count: 0},
				],
			},
		},
		delivery: undefined,
		counters: {},
		gauges: {},
		series: series(48),
		marks: [],
		stages: [],
		thresholds: [],
		knee: undefined,
	};
	return {...base, ...overrides};
}
