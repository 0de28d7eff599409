/**
 * The handle a running engine gives its consumers (TUI, headless reporter, report writers,
 * Prometheus endpoint, tests). Consumers read snapshots and send commands; nothing else.
 */
import type {Histogram} from 'hdr-histogram-js';
import type {Command, RecordedCommand} from './commands.js';
import type {RunPlan} from './plan.js';
import type {RunSnapshot} from './snapshot.js';

/** Merged histograms of one snapshot interval (microseconds). Read-only: copy what you keep. */
export type IntervalHistograms = {
	readonly startEpochMs: number;
	readonly endEpochMs: number;
	/** Active ms since start at the end of the interval. */
	readonly activeMs: number;
	readonly targetRate: number;
	readonly offered: number;
	readonly dispatched: number;
	readonly ops: ReadonlyMap<string, {readonly latency: Histogram; readonly service: Histogram; readonly ok: number; readonly errors: number}>;
};

export type EndReason =
	| 'duration'
	| 'total'
	| 'stopped'
	| 'interrupted'
	| 'aborted'
	| 'max-duration'
	| 'error-rate'
	| 'threshold'
	| 'worker-failed';

export type RunResult = {
	readonly plan: RunPlan;
	readonly tool: {readonly name: string; readonly version: string};
	readonly environment: {readonly node: string; readonly platform: string; readonly arch: string; readonly cpus: number; readonly hostname: string};
	readonly startedAt: string;
	readonly endedAt: string;
	readonly endReason: EndReason;
	/** A worker or workload failure that ended or degraded the run, in words. */
	readonly failure: string | undefined;
	/** The last snapshot: totals, stages, marks, thresholds, knee, delivery and the whole series. */
	readonly final: RunSnapshot;
	/** Cumulative histograms per operation, hdr compressed base64 (microseconds). */
	readonly histograms: Readonly<Record<string, {readonly latency: string; readonly service: string}>>;
	/** Every manual command with its active and wall time (for --save-session). */
	readonly commands: readonly RecordedCommand[];
	/** Wall ms from the start to when scheduling stopped (before the drain). */
	readonly loadEndMs: number;
};

export interface RunHandle {
	readonly plan: RunPlan;
	send(command: Command): void;
	/** Called once per snapshot interval with the merged snapshot. Returns an unsubscribe function. */
	onSnapshot(listener: (snapshot: RunSnapshot) => void): () => void;
	/** Called once per interval with the merged interval histograms (for HDR logs, stage statistics). */
	onInterval(listener: (interval: IntervalHistograms) => void): () => void;
	latest(): RunSnapshot | undefined;
	/** Resolves when the run has ended and workers have exited. Never rejects. */
	readonly done: Promise<RunResult>;
}
