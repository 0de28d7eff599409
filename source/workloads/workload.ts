/**
 * The one small interface every workload implements.
 *
 * A workload lives inside a worker thread. The worker builds it from plain, structured-clone
 * friendly options (`WorkloadSpec`), calls `open()` once, then `call()` once per arrival the
 * scheduler dispatches, and `close()` at the end. The engine does all timing: a workload never
 * measures latency of its own calls; it only says how each call ended.
 */

/** What the worker passes to a workload factory. Plain data only. */
export type WorkloadContext = {
	/** 0-based index of this worker thread. */
	readonly workerId: number;
	/** How many worker threads the run has. */
	readonly workerCount: number;
	/** Per-call timeout in ms (0 = none). A workload should fail calls that exceed it with kind 'timeout'. */
	readonly timeoutMs: number;
};

/** Serialisable description of a workload: the module name and its own options. */
export type WorkloadSpec = {
	/** Module name in source/workloads/index.ts, e.g. 'synthetic', 'noop', 'registry', 'grpc', 'redis', 'nats'. */
	readonly kind: string;
	/** The workload's own options, validated by its factory. Must be structured-clone friendly. */
	readonly options: Record<string, unknown>;
};

/** One operation a workload can perform, with its share of the mix. */
export type OperationSpec = {
	readonly name: string;
	/** Relative weight; the engine splits arrivals exactly in proportion (smooth weighted round robin). */
	readonly weight: number;
};

/** What the engine tells a workload about the call it should make. */
export type CallInfo = {
	/** Index into `operations`. */
	readonly op: number;
	/** Request number, unique across the whole run (workerId-interleaved), starts at 0. */
	readonly requestNumber: number;
	/** Intended start time, epoch ms (float). */
	readonly intendedMs: number;
};

/**
 * How a call ended. Errors are values, not exceptions: `kind` is a short stable label used for
 * grouping (e.g. 'timeout', 'UNAVAILABLE', 'ECONNREFUSED', 'ERR', 'exception'); `message` is the
 * human text (the latest distinct messages are shown in the TUI).
 * `messages` counts stream messages for streaming calls (sent + received).
 */
export type CallOutcome =
	| {readonly ok: true; readonly messages?: number}
	| {readonly ok: false; readonly kind: string; readonly message: string; readonly messages?: number};

/**
 * Workload-specific metrics (e.g. multicast delivery) that the engine does not know about.
 * Returned by `collect()` as deltas since the previous collect; the controller sums counters and
 * merges histograms (values in microseconds) across workers.
 */
export type WorkloadMetrics = {
	readonly counters: Record<string, number>;
	/** Histograms as hdr-histogram-js compressed base64 encodings (microseconds). */
	readonly histograms: Record<string, string>;
	/** Gauges (last value wins per worker, summed across workers), e.g. 'connections.up'. */
	readonly gauges?: Record<string, number>;
};

export interface Workload {
	/** The operations this workload can perform and their mix weights. Fixed for the run. */
	readonly operations: readonly OperationSpec[];
	/** Connect clients. Throwing here aborts the run with the error's message (exit 1). */
	open(): Promise<void>;
	/** Perform one call. Should not throw; a thrown error is counted with kind 'exception'. */
	call(info: CallInfo): Promise<CallOutcome>;
	/** Optional extra metrics since the last collect (called once per snapshot interval). */
	collect?(): WorkloadMetrics;
	/**
	 * Optional: called after the last call finished or was cancelled, before close(). A workload
	 * with asynchronous effects (multicast delivery) waits here for them, bounded by `graceMs`.
	 */
	drain?(graceMs: number): Promise<void>;
	/** Close clients. */
	close(): Promise<void>;
}

/** A workload module's factory; lives in source/workloads/<kind>.ts as `export const create`. */
export type WorkloadFactory = (options: Record<string, unknown>, context: WorkloadContext) => Promise<Workload>;
