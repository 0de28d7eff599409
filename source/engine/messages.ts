/**
 * The worker protocol: small typed messages between the controller (main thread) and each
 * worker thread. Every message is plain data (structured-clone friendly). Histograms travel as
 * hdr-histogram-js compressed base64 encodings and are merged with `add` on the main thread.
 */
import type {CallOutcome, OperationSpec, WorkloadMetrics, WorkloadSpec} from '../workloads/workload.js';

export type ArrivalProcess = 'uniform' | 'poisson';

export type InitMessage = {
	readonly type: 'init';
	readonly workerId: number;
	readonly workerCount: number;
	readonly workload: WorkloadSpec;
	/** In-flight cap for this worker (the run's cap split between workers). */
	readonly maxInFlight: number;
	/** Queued arrivals beyond which new arrivals are dropped (counted). */
	readonly maxBacklog: number;
	readonly arrival: ArrivalProcess;
	readonly intervalMs: number;
	readonly timeoutMs: number;
	/** This worker's share of --total (undefined = unlimited). */
	readonly quota: number | undefined;
};

export type StartMessage = {
	readonly type: 'start';
	/** Common start time, epoch ms: no worker sends before it (no start-up burst). */
	readonly startEpochMs: number;
	/** This worker's rate, req/s (Infinity = closed model, as fast as maxInFlight allows). */
	readonly rate: number;
	/** Fraction of one inter-arrival gap this worker is offset by, 0..1 (staggers workers). */
	readonly phase: number;
};

export type ControlMessage =
	| {readonly type: 'rate'; readonly rate: number}
	| {readonly type: 'pause'}
	| {readonly type: 'resume'}
	/** No arrival with an intended start at or after this epoch ms (the planned end); Infinity clears it. */
	| {readonly type: 'end-at'; readonly epochMs: number}
	/** Stop scheduling; wait for in-flight calls up to drainTimeoutMs, then cancel the rest; reply 'drained'. */
	| {readonly type: 'stop'; readonly drainTimeoutMs: number}
	/** After every worker drained: let the workload finish asynchronous effects, send 'done', close, exit. */
	| {readonly type: 'finish'; readonly deliveryGraceMs: number}
	/** Stop now: cancel everything in flight. */
	| {readonly type: 'abort'};

export type ToWorker = InitMessage | StartMessage | ControlMessage;

export type WorkerOpDelta = {
	readonly ok: number;
	readonly errorsByKind: Record<string, number>;
	readonly messages: number;
	/** Encoded interval histograms (microseconds); '' when empty. */
	readonly latency: string;
	readonly service: string;
};

export type WorkerSnapshot = {
	readonly workerId: number;
	readonly seq: number;
	/** Epoch ms when the snapshot was taken. */
	readonly atEpochMs: number;
	/** Interval length this snapshot covers, ms. */
	readonly intervalMs: number;
	/** Arrivals scheduled in the interval. */
	readonly offered: number;
	readonly dispatched: number;
	readonly completed: number;
	readonly cancelled: number;
	readonly dropped: number;
	/** Exceptions thrown outside calls (client event handlers, stray rejections) in the interval. */
	readonly uncaught: number;
	readonly inFlight: number;
	readonly backlog: number;
	/** One entry per operation, in `operations` order. */
	readonly ops: readonly WorkerOpDelta[];
	/** Encoded dispatch-lateness histogram (microseconds); '' when empty. */
	readonly lateness: string;
	readonly utilization: number;
	readonly eventLoopDelayP99: number;
	readonly eventLoopDelayMax: number;
	/** Distinct error messages seen in the interval (bounded). */
	readonly errorSamples: ReadonlyArray<{readonly kind: string; readonly message: string; readonly count: number}>;
	readonly metrics: WorkloadMetrics | undefined;
	/** True once the worker has stopped scheduling and its quota (if any) is spent. */
	readonly scheduleDone: boolean;
};

export type FromWorker =
	| {readonly type: 'ready'; readonly workerId: number; readonly operations: readonly OperationSpec[]}
	| {readonly type: 'snapshot'; readonly snapshot: WorkerSnapshot}
	/** A fatal error: the workload could not open, or the worker is about to exit. */
	| {readonly type: 'fatal'; readonly workerId: number; readonly message: string; readonly exitCode: number}
	/** No calls in flight or queued any more (or the drain timed out and the rest was cancelled). */
	| {readonly type: 'drained'; readonly workerId: number}
	/** Final snapshot after drain and close; the worker exits after sending it. */
	| {readonly type: 'done'; readonly snapshot: WorkerSnapshot};

export type {CallOutcome};
