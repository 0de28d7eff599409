/**
 * Per-interval accumulators of one worker: histograms per operation, counters, error samples.
 * `take()` turns them into a WorkerSnapshot and starts the next interval. No per-request
 * samples are kept, so memory stays bounded however long the run.
 */
import {monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram} from 'node:perf_hooks';
import {createHistogram, encodeHistogram, recordMs, type Histogram} from '../metrics/histogram.js';
import type {CallOutcome, WorkloadMetrics} from '../workloads/workload.js';
import type {WorkerSnapshot} from './messages.js';

const maxErrorSamples = 20;
const maxMessageLength = 240;

type OpAccumulator = {
	ok: number;
	errorsByKind: Record<string, number>;
	messages: number;
	latency: Histogram;
	service: Histogram;
};

export type Gauges = {
	readonly inFlight: number;
	readonly backlog: number;
	readonly scheduleDone: boolean;
};

export class WorkerStats {
	readonly #workerId: number;
	readonly #ops: OpAccumulator[];
	readonly #lateness = createHistogram();
	readonly #errorSamples = new Map<string, {kind: string; message: string; count: number}>();
	readonly #loopDelay: IntervalHistogram;
	#elu: EventLoopUtilization;
	#seq = 0;
	#intervalStartMs: number;
	offered = 0;
	dispatched = 0;
	completed = 0;
	cancelled = 0;
	dropped = 0;
	uncaught = 0;

	constructor(workerId: number, operationCount: number, nowMs: number) {
		this.#workerId = workerId;
		this.#ops = Array.from({length: operationCount}, () => ({
			ok: 0,
			errorsByKind: {},
			messages: 0,
			latency: createHistogram(),
			service: createHistogram(),
		}));
		this.#intervalStartMs = nowMs;
		this.#loopDelay = monitorEventLoopDelay({resolution: 10});
		this.#loopDelay.enable();
		this.#elu = performance.eventLoopUtilization();
	}

	/** The first interval starts when the load starts, not when the worker was created. */
	beginAt(epochMs: number): void {
		this.#intervalStartMs = epochMs;
	}

	recordDispatch(latenessMs: number): void {
		this.dispatched++;
		recordMs(this.#lateness, latenessMs);
	}

	recordCompletion(op: number, latencyMs: number, serviceMs: number, outcome: CallOutcome): void {
		const accumulator = this.#ops[op];
		if (!accumulator) {
			return;
		}

		this.completed++;
		recordMs(accumulator.latency, latencyMs);
		recordMs(accumulator.service, serviceMs);
		accumulator.messages += outcome.messages ?? 0;
		if (outcome.ok) {
			accumulator.ok++;
		} else {
			accumulator.errorsByKind[outcome.kind] = (accumulator.errorsByKind[outcome.kind] ?? 0) + 1;
			this.recordErrorSample(outcome.kind, outcome.message);
		}
	}

	/** Remember a distinct error message (bounded), also for errors that are not call outcomes. */
	recordErrorSample(kind: string, message: string): void {
		const text = message.length > maxMessageLength ? `${message.slice(0, maxMessageLength - 1)}…` : message;
		const key = `${kind}\u0000${text}`;
		const sample = this.#errorSamples.get(key);
		if (sample) {
			sample.count++;
		} else if (this.#errorSamples.size < maxErrorSamples) {
			this.#errorSamples.set(key, {kind, message: text, count: 1});
		}
	}

	/**
	 * `seq` is the snapshot's slot number (start + (seq + 1) * interval), the same in every
	 * worker, so a worker that stalled past some slots rejoins its peers' numbering; without it,
	 * the next number after the previous snapshot.
	 */
	take(nowMs: number, gauges: Gauges, metrics: WorkloadMetrics | undefined, seq = this.#seq): WorkerSnapshot {
		const elu = performance.eventLoopUtilization(this.#elu);
		this.#elu = performance.eventLoopUtilization();
		const snapshot: WorkerSnapshot = {
			workerId: this.#workerId,
			seq,
			atEpochMs: nowMs,
			intervalMs: nowMs - this.#intervalStartMs,
			offered: this.offered,
			dispatched: this.dispatched,
			completed: this.completed,
			cancelled: this.cancelled,
			dropped: this.dropped,
			uncaught: this.uncaught,
			inFlight: gauges.inFlight,
			backlog: gauges.backlog,
			ops: this.#ops.map(op => ({
				ok: op.ok,
				errorsByKind: op.errorsByKind,
				messages: op.messages,
				latency: encodeHistogram(op.latency),
				service: encodeHistogram(op.service),
			})),
			lateness: encodeHistogram(this.#lateness),
			utilization: elu.utilization,
			eventLoopDelayP99: this.#loopDelay.count > 0 ? this.#loopDelay.percentile(99) / 1e6 : 0,
			eventLoopDelayMax: this.#loopDelay.count > 0 ? this.#loopDelay.max / 1e6 : 0,
			errorSamples: [...this.#errorSamples.values()],
			metrics,
			scheduleDone: gauges.scheduleDone,
		};
		this.#seq = Math.max(this.#seq, seq + 1);
		this.#reset(nowMs);
		return snapshot;
	}

	close(): void {
		this.#loopDelay.disable();
	}

	#reset(nowMs: number): void {
		this.#intervalStartMs = nowMs;
		this.offered = 0;
		this.dispatched = 0;
		this.completed = 0;
		this.cancelled = 0;
		this.dropped = 0;
		this.uncaught = 0;
		for (const op of this.#ops) {
			op.ok = 0;
			op.errorsByKind = {};
			op.messages = 0;
			op.latency.reset();
			op.service.reset();
		}

		this.#lateness.reset();
		this.#errorSamples.clear();
		this.#loopDelay.reset();
	}
}
