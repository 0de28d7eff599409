/**
 * Everything a run needs, as plain data: built by the CLI from flags (and a profile file), kept
 * in the JSON report, and replayable. Options compose: the workload, the load shape, the engine
 * settings and the outputs are independent parts.
 */
import type {ShapeSpec} from '../load/shape.js';
import type {WorkloadSpec} from '../workloads/workload.js';
import type {ArrivalProcess} from './messages.js';

export type EnginePlan = {
	readonly workers: number;
	/** Concurrency cap for the whole run (split between workers). */
	readonly maxInFlight: number;
	/** Queued arrivals per worker beyond which new arrivals are dropped and counted. */
	readonly maxBacklog: number;
	readonly arrival: ArrivalProcess;
	/** Snapshot interval, ms. */
	readonly intervalMs: number;
	/** Graceful stop: how long in-flight calls may take to finish, ms. */
	readonly drainTimeoutMs: number;
	/** Per-call timeout, ms (0 = none). */
	readonly timeoutMs: number;
	/** Stop after this many requests (undefined = no limit). */
	readonly totalRequests: number | undefined;
	/** Hard stop even in interactive mode (wall clock, ms). */
	readonly maxDurationMs: number | undefined;
	/** Extra time after the drain for asynchronous effects (multicast delivery), ms. */
	readonly deliveryGraceMs: number;
	/** Abort when the error rate over the last few seconds exceeds this %, after the grace period. */
	readonly abortOnErrorRate: {readonly percent: number; readonly graceMs: number} | undefined;
	/** Points the time series keeps before merging its older half (default 14,400: 1 h of 250 ms). */
	readonly seriesLimit?: number;
};

export type RunPlan = {
	/** Command name shown in the header and report, e.g. 'mixed', 'grpc', 'synthetic'. */
	readonly name: string;
	readonly workload: WorkloadSpec;
	/** Where the load goes, credentials redacted, e.g. 'redis://127.0.0.1:6379 + nats://127.0.0.1:4222'. */
	readonly target: string;
	readonly load: ShapeSpec;
	readonly engine: EnginePlan;
	/** Threshold expressions, e.g. ['p99<50ms', 'errors<0.1%']. */
	readonly thresholds: readonly string[];
	readonly abortOnFail: {readonly graceMs: number} | undefined;
	/** Profile file the plan came from, if any. */
	readonly profile: string | undefined;
};

/** What the user asked for, as a profile would say it: for --save-session. */
export type Invocation = {
	/** Command name, e.g. 'synthetic', 'grpc'. */
	readonly workload: string;
	/** Positional arguments (e.g. the gRPC address). */
	readonly args: readonly string[];
	/** The command's own flags that were set, camelCase keys as meow gives them. */
	readonly options: Readonly<Record<string, unknown>>;
};

export type OutputPlan = {
	readonly tui: boolean;
	readonly json: string | undefined;
	readonly csv: string | undefined;
	readonly hdrLog: string | undefined;
	readonly metricsPort: number | undefined;
	/** Headless progress line every this many ms. */
	readonly reportIntervalMs: number;
	readonly saveSession: string | undefined;
	/** The command as given, for the saved session (undefined: only the plan's name is known). */
	readonly invocation?: Invocation;
	/** TUI key settings. */
	readonly rateStep: number;
	readonly spikeMultiplier: number;
	readonly spikeDurationMs: number;
};

export const defaultEngine: EnginePlan = {
	workers: 2,
	maxInFlight: 10_000,
	maxBacklog: 1_000_000,
	arrival: 'uniform',
	intervalMs: 250,
	drainTimeoutMs: 10_000,
	timeoutMs: 0,
	totalRequests: undefined,
	maxDurationMs: undefined,
	deliveryGraceMs: 0,
	abortOnErrorRate: undefined,
};
