/**
 * Merges worker snapshots into three levels: the current interval, the live window (reset by
 * the 'reset-window' command) and the run total. Histograms are merged with `add`, never
 * averaged; counters are summed.
 */
import {addEncoded, createHistogram, decodeHistogram, logBuckets, summarize, type Histogram} from '../metrics/histogram.js';
import type {OperationSpec} from '../workloads/workload.js';
import type {WorkerSnapshot} from './messages.js';
import type {Bucket, DeliveryStats, ErrorSample, OperationStats, Totals} from './snapshot.js';

export type Counts = {offered: number; dispatched: number; completed: number; cancelled: number; dropped: number};

export class OpAccumulator {
	ok = 0;
	errors = 0;
	errorsByKind: Record<string, number> = {};
	messages = 0;
	readonly latency = createHistogram();
	readonly service = createHistogram();

	reset(): void {
		this.ok = 0;
		this.errors = 0;
		this.errorsByKind = {};
		this.messages = 0;
		this.latency.reset();
		this.service.reset();
	}

	stats(name: string, seconds: number): OperationStats {
		const count = this.ok + this.errors;
		return {
			name,
			count,
			ok: this.ok,
			errors: this.errors,
			errorsByKind: {...this.errorsByKind},
			messages: this.messages,
			rate: seconds > 0 ? count / seconds : 0,
			latency: summarize(this.latency),
			service: summarize(this.service),
		};
	}
}

class Level {
	readonly ops: OpAccumulator[];
	readonly all = new OpAccumulator();
	readonly counts: Counts = {offered: 0, dispatched: 0, completed: 0, cancelled: 0, dropped: 0};

	constructor(operationCount: number) {
		this.ops = Array.from({length: operationCount}, () => new OpAccumulator());
	}

	reset(): void {
		for (const op of this.ops) {
			op.reset();
		}

		this.all.reset();
		this.counts.offered = 0;
		this.counts.dispatched = 0;
		this.counts.completed = 0;
		this.counts.cancelled = 0;
		this.counts.dropped = 0;
	}
}

const maxRecentErrors = 12;
const deliveryCounters = ['delivery.targets', 'delivery.delivered', 'delivery.late', 'delivery.failed'] as const;

export class Aggregator {
	readonly operations: readonly OperationSpec[];
	readonly interval: Level;
	readonly window: Level;
	readonly total: Level;
	readonly lateness = createHistogram();
	readonly counters: Record<string, number> = {};
	readonly intervalCounters: Record<string, number> = {};
	/** Gauges per worker, summed on read. */
	readonly #gauges = new Map<number, Record<string, number>>();
	readonly histograms = new Map<string, Histogram>();
	readonly #recentErrors = new Map<string, ErrorSample>();
	readonly errorsByKind: Record<string, number> = {};

	constructor(operations: readonly OperationSpec[]) {
		this.operations = operations;
		this.interval = new Level(operations.length);
		this.window = new Level(operations.length);
		this.total = new Level(operations.length);
	}

	add(snapshot: WorkerSnapshot, elapsedMs: number): void {
		const levels = [this.interval, this.window, this.total];
		for (const level of levels) {
			level.counts.offered += snapshot.offered;
			level.counts.dispatched += snapshot.dispatched;
			level.counts.completed += snapshot.completed;
			level.counts.cancelled += snapshot.cancelled;
			level.counts.dropped += snapshot.dropped;
		}

		for (const [index, delta] of snapshot.ops.entries()) {
			const errors = Object.values(delta.errorsByKind).reduce((sum, count) => sum + count, 0);
			const latency = delta.latency === '' ? undefined : decodeHistogram(delta.latency);
			const service = delta.service === '' ? undefined : decodeHistogram(delta.service);
			for (const level of levels) {
				for (const op of [level.ops[index], level.all]) {
					if (!op) {
						continue;
					}

					op.ok += delta.ok;
					op.errors += errors;
					op.messages += delta.messages;
					for (const [kind, count] of Object.entries(delta.errorsByKind)) {
						op.errorsByKind[kind] = (op.errorsByKind[kind] ?? 0) + count;
					}

					if (latency) {
						op.latency.add(latency);
					}

					if (service) {
						op.service.add(service);
					}
				}
			}

			for (const [kind, count] of Object.entries(delta.errorsByKind)) {
				this.errorsByKind[kind] = (this.errorsByKind[kind] ?? 0) + count;
			}
		}

		if (snapshot.uncaught > 0) {
			// Exceptions outside calls count by kind too, so they show in the errors pane.
			this.errorsByKind.exception = (this.errorsByKind.exception ?? 0) + snapshot.uncaught;
		}

		addEncoded(this.lateness, snapshot.lateness);
		for (const sample of snapshot.errorSamples) {
			const key = `${sample.kind}\u0000${sample.message}`;
			const previous = this.#recentErrors.get(key);
			this.#recentErrors.delete(key);
			this.#recentErrors.set(key, {kind: sample.kind, message: sample.message, count: (previous?.count ?? 0) + sample.count, lastSeenMs: elapsedMs});
			if (this.#recentErrors.size > 100) {
				this.#recentErrors.delete(this.#recentErrors.keys().next().value!);
			}
		}

		if (snapshot.metrics) {
			for (const [name, value] of Object.entries(snapshot.metrics.counters)) {
				this.counters[name] = (this.counters[name] ?? 0) + value;
				this.intervalCounters[name] = (this.intervalCounters[name] ?? 0) + value;
			}

			for (const [name, encoded] of Object.entries(snapshot.metrics.histograms)) {
				let histogram = this.histograms.get(name);
				if (!histogram) {
					histogram = createHistogram();
					this.histograms.set(name, histogram);
				}

				addEncoded(histogram, encoded);
			}

			if (snapshot.metrics.gauges) {
				this.#gauges.set(snapshot.workerId, {...snapshot.metrics.gauges});
			}
		}
	}

	/**
	 * A worker that died or never finished: the calls it had in flight at its last snapshot are
	 * counted as cancelled and its queued arrivals as not sent, so the counts still add up.
	 */
	addLost(inFlight: number, backlog: number): void {
		for (const level of [this.interval, this.window, this.total]) {
			level.counts.cancelled += inFlight;
			level.counts.dropped += backlog;
		}
	}

	gauges(): Record<string, number> {
		const sum: Record<string, number> = {};
		for (const gauges of this.#gauges.values()) {
			for (const [name, value] of Object.entries(gauges)) {
				sum[name] = (sum[name] ?? 0) + value;
			}
		}

		return sum;
	}

	recentErrors(): ErrorSample[] {
		return [...this.#recentErrors.values()].slice(-maxRecentErrors).reverse();
	}

	resetInterval(): void {
		this.interval.reset();
		this.lateness.reset();
		for (const name of Object.keys(this.intervalCounters)) {
			delete this.intervalCounters[name];
		}
	}

	resetWindow(): void {
		this.window.reset();
	}

	opStats(level: Level, seconds: number): OperationStats[] {
		return level.ops.map((op, index) => op.stats(this.operations[index]!.name, seconds));
	}

	totals(level: Level, activeSeconds: number): Totals {
		const {counts} = level;
		const all = level.all.stats('all', activeSeconds);
		const perSecond = (value: number) => (activeSeconds > 0 ? value / activeSeconds : 0);
		return {
			offered: counts.offered,
			dispatched: counts.dispatched,
			completed: counts.completed,
			ok: all.ok,
			errors: all.errors,
			cancelled: counts.cancelled,
			dropped: counts.dropped,
			activeSeconds,
			offeredRate: perSecond(counts.offered),
			achievedRate: perSecond(counts.dispatched),
			completedRate: perSecond(counts.completed),
			errorRate: all.count > 0 ? all.errors / all.count : 0,
			ops: this.opStats(level, activeSeconds),
			all,
		};
	}

	distribution(): Record<string, {interval: Bucket[]; window: Bucket[]}> {
		const result: Record<string, {interval: Bucket[]; window: Bucket[]}> = {};
		for (const [index, operation] of this.operations.entries()) {
			result[operation.name] = {
				interval: logBuckets(this.interval.ops[index]!.latency),
				window: logBuckets(this.window.ops[index]!.latency),
			};
		}

		return result;
	}

	/** Multicast delivery, when the workload reports it. */
	delivery(): DeliveryStats | undefined {
		const histogram = this.histograms.get('delivery.latency');
		if (!deliveryCounters.some(name => name in this.counters) && !histogram) {
			return undefined;
		}

		const [targets, delivered, late, failed] = deliveryCounters.map(name => this.counters[name] ?? 0) as [number, number, number, number];
		return {
			targets,
			delivered,
			late,
			failed,
			missing: Math.max(0, targets - delivered - late - failed),
			// Targets are counted by the sending worker when its publish returns, deliveries by the
			// receiving workers as they arrive: for a moment the received can run ahead of the
			// counted targets. A ratio above 100% would be that skew, not a delivery.
			ratio: targets > 0 ? Math.min(1, (delivered + late) / targets) : 1,
			latency: histogram ? summarize(histogram) : summarize(createHistogram()),
		};
	}
}
