/**
 * What the engine publishes. The controller merges worker messages into one `RunSnapshot` per
 * interval; the TUI, the headless reporter, the Prometheus endpoint and the report writers all
 * consume these same objects and never talk to workers.
 *
 * Units: latencies in milliseconds (float), rates per second, times in ms unless named otherwise.
 */

/** Percentile summary of one HDR histogram. All values in ms. `count` 0 means no samples (all fields 0). */
export type LatencySummary = {
	readonly count: number;
	readonly min: number;
	readonly mean: number;
	readonly stddev: number;
	readonly p50: number;
	readonly p90: number;
	readonly p95: number;
	readonly p99: number;
	readonly p999: number;
	readonly max: number;
};

/** One bar of a latency distribution: samples with value <= `le` ms (and > the previous bucket). */
export type Bucket = {readonly le: number; readonly count: number};

export type OperationStats = {
	readonly name: string;
	/** Completed calls (ok + errors). */
	readonly count: number;
	readonly ok: number;
	readonly errors: number;
	readonly errorsByKind: Readonly<Record<string, number>>;
	/** Stream messages (streaming calls only; 0 otherwise). */
	readonly messages: number;
	/** Completed calls per second over the window. */
	readonly rate: number;
	/** Corrected latency: completion minus *intended* start (no coordinated omission). */
	readonly latency: LatencySummary;
	/** Service time: completion minus actual send. */
	readonly service: LatencySummary;
};

export type WorkerHealth = {
	readonly workerId: number;
	/** Event-loop utilisation of the worker thread over the interval, 0..1 (how busy the thread is). */
	readonly utilization: number;
	/** Event-loop delay of the worker thread, ms. */
	readonly eventLoopDelayP99: number;
	readonly eventLoopDelayMax: number;
	/** Dispatch lateness p99 (actual minus intended send), ms. */
	readonly latenessP99: number;
	readonly alive: boolean;
};

export type GeneratorHealth = {
	readonly workers: readonly WorkerHealth[];
	/** Dispatch lateness across workers over the last interval, ms. */
	readonly latenessP99: number;
	readonly latenessMax: number;
	/** CPU of the whole loadscope process over the last interval, in cores (1.0 = one full core). */
	readonly processCpu: number;
	/** Main (UI) thread event-loop delay p99, ms. */
	readonly mainEventLoopDelayP99: number;
	/** Set when the generator, not the target, is likely the bottleneck: the reason, in words. */
	readonly bottleneck: string | undefined;
};

export type RunState = 'starting' | 'running' | 'paused' | 'holding' | 'spiking' | 'draining' | 'done';

/** What is in effect for the rate right now (so the header can show profile + manual changes). */
export type RateControl = {
	/** Rate the load shape asks for at this moment (req/s). Infinity = as fast as possible (closed model). */
	readonly shapeRate: number;
	/** Manual multiplier from keys / commands (1 = none). */
	readonly scale: number;
	/** Manual offset from keys / commands in req/s (0 = none). */
	readonly offset: number;
	readonly held: boolean;
	readonly paused: boolean;
	/** Active spike: its rate and when it ends (ms since start). */
	readonly spike: {readonly rate: number; readonly untilMs: number} | undefined;
	/** The rate the workers are running at now. */
	readonly targetRate: number;
};

export type ErrorSample = {readonly kind: string; readonly message: string; readonly count: number; readonly lastSeenMs: number};

export type DeliveryStats = {
	/** Recipients targeted by multicasts. */
	readonly targets: number;
	/** Received at a subscriber within the delivery timeout. */
	readonly delivered: number;
	/** Received after the delivery timeout. */
	readonly late: number;
	/** Publish failed (never left the client). */
	readonly failed: number;
	/** Not received (yet): targets - delivered - late - failed. */
	readonly missing: number;
	/** (delivered + late) / targets, 0..1; 1 when targets is 0. */
	readonly ratio: number;
	readonly latency: LatencySummary;
};

export type Mark = {readonly atMs: number; readonly label: string};

export type StageStats = {
	readonly index: number;
	readonly name: string;
	readonly startMs: number;
	readonly endMs: number;
	readonly targetRate: number;
	readonly offeredRate: number;
	readonly achievedRate: number;
	readonly completedRate: number;
	readonly count: number;
	readonly errors: number;
	readonly errorRate: number;
	readonly latency: LatencySummary;
	readonly service: LatencySummary;
};

export type ThresholdStatus = {
	/** As written, e.g. 'register.p95<10ms'. */
	readonly expression: string;
	/** undefined = not enough data yet. */
	readonly ok: boolean | undefined;
	/** Observed value in the threshold's unit (ms, %, ratio), undefined when no data. */
	readonly observed: number | undefined;
};

export type KneeInfo = {
	readonly rate: number;
	readonly atMs: number;
	readonly reason: string;
};

/** One row of the time series, one per snapshot interval. */
export type IntervalPoint = {
	/** Seconds since the run started (wall clock) at the end of this interval. */
	readonly t: number;
	readonly durationMs: number;
	readonly state: RunState;
	readonly targetRate: number;
	/** Arrivals scheduled per second (intended starts). */
	readonly offeredRate: number;
	/** Calls actually sent per second. */
	readonly achievedRate: number;
	/** Calls completed per second. */
	readonly completedRate: number;
	readonly inFlight: number;
	readonly backlog: number;
	readonly errors: number;
	readonly latenessP99: number;
	/** Busiest worker's event-loop utilisation in the interval, 0..1. */
	readonly utilization?: number;
	readonly ops: Readonly<Record<string, {readonly count: number; readonly errors: number; readonly p50: number; readonly p99: number; readonly p999: number; readonly max: number; readonly serviceP99: number}>>;
	readonly deliveryRatio?: number;
};

export type WindowStats = {
	readonly durationMs: number;
	readonly targetRate: number;
	readonly offeredRate: number;
	readonly achievedRate: number;
	readonly completedRate: number;
	/** Failed / completed over the window, 0..1. */
	readonly errorRate: number;
	readonly ops: readonly OperationStats[];
	/** Corrected latency of all operations together. */
	readonly all: OperationStats;
};

export type Totals = {
	/** Arrivals scheduled (intended). */
	readonly offered: number;
	/** Calls sent. */
	readonly dispatched: number;
	readonly completed: number;
	readonly ok: number;
	readonly errors: number;
	/** In flight or queued when the run stopped and the drain timed out (counted, never lost). */
	readonly cancelled: number;
	/** Arrivals dropped because the backlog was full. */
	readonly dropped: number;
	/** Active (not paused) seconds so far. */
	readonly activeSeconds: number;
	readonly offeredRate: number;
	readonly achievedRate: number;
	readonly completedRate: number;
	readonly errorRate: number;
	readonly ops: readonly OperationStats[];
	readonly all: OperationStats;
};

export type RunSnapshot = {
	readonly seq: number;
	readonly workload: string;
	/** Target description, credentials redacted. */
	readonly target: string;
	readonly state: RunState;
	readonly elapsedMs: number;
	/** Active time (excludes pause), drives the load shape. */
	readonly activeMs: number;
	/** ms until the planned end, undefined when open-ended (held, no duration). */
	readonly remainingMs: number | undefined;
	readonly control: RateControl;
	readonly stage: {readonly index: number; readonly name: string} | undefined;
	readonly interval: WindowStats;
	/** Since the start of the run, or since the last 'reset-window' command for the live view. */
	readonly window: Totals;
	/** Since the start of the run, never reset. */
	readonly total: Totals;
	readonly inFlight: number;
	readonly backlog: number;
	readonly health: GeneratorHealth;
	readonly errors: {readonly byKind: Readonly<Record<string, number>>; readonly recent: readonly ErrorSample[]};
	/** Latency distribution (corrected) per operation: last interval and window. */
	readonly distribution: Readonly<Record<string, {readonly interval: readonly Bucket[]; readonly window: readonly Bucket[]}>>;
	readonly delivery: DeliveryStats | undefined;
	/** Workload counters (cumulative) and gauges (current), e.g. connection state. */
	readonly counters: Readonly<Record<string, number>>;
	readonly gauges: Readonly<Record<string, number>>;
	readonly series: readonly IntervalPoint[];
	readonly marks: readonly Mark[];
	readonly stages: readonly StageStats[];
	readonly thresholds: readonly ThresholdStatus[];
	readonly knee: KneeInfo | undefined;
};
