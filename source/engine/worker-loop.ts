/**
 * The heart of a worker: an open-model scheduler. A 1 ms tick fires every arrival that is due
 * (measured here: exact rate at ~5% CPU; per-request timers fire early). Each arrival is sent at
 * once, whether or not earlier calls finished; only the in-flight cap can hold it back, and then
 * it waits in the backlog *keeping its intended start time*, so queueing delay is never hidden.
 *
 * Latency = completion - intended start (corrected); service time = completion - actual send.
 */
import {arrivalGap, firstArrival, rescheduleAfterRateChange} from './arrivals.js';
import {epochNow} from './clock.js';
import {FloatQueue} from './float-queue.js';
import type {ArrivalProcess, WorkerSnapshot} from './messages.js';
import {WeightedMix} from './mix.js';
import {WorkerStats} from './worker-stats.js';
import type {CallOutcome, Workload} from '../workloads/workload.js';

export type WorkerLoopOptions = {
	readonly workerId: number;
	readonly workerCount: number;
	readonly maxInFlight: number;
	readonly maxBacklog: number;
	readonly arrival: ArrivalProcess;
	readonly intervalMs: number;
	readonly quota: number | undefined;
	readonly onSnapshot: (snapshot: WorkerSnapshot) => void;
	readonly onDrained: () => void;
};

/** Longest a tick may spend dispatching before yielding to completions and messages, ms. */
const tickBudgetMs = 4;

export class WorkerLoop {
	readonly #workload: Workload;
	readonly #options: WorkerLoopOptions;
	readonly #mix: WeightedMix;
	readonly #stats: WorkerStats;
	readonly #backlog = new FloatQueue();
	#rate = 0;
	/** Epoch ms all schedule times are relative to: epoch-sized floats cannot hold microsecond gaps. */
	#origin = epochNow();
	#nextArrivalMs = Number.POSITIVE_INFINITY;
	#endMs = Number.POSITIVE_INFINITY;
	#lastArrivalMs: number | undefined;
	#started = false;
	#paused = false;
	#stopped = false;
	#aborted = false;
	#inFlight = 0;
	#sequence = 0;
	#remaining: number;
	#generation = 0;
	#pumpScheduled = false;
	#tickTimer: NodeJS.Timeout | undefined;
	#snapshotTimer: NodeJS.Timeout | undefined;
	#drainTimer: NodeJS.Timeout | undefined;
	#drainedSent = false;

	constructor(workload: Workload, options: WorkerLoopOptions) {
		this.#workload = workload;
		this.#options = options;
		this.#mix = new WeightedMix(workload.operations.map(operation => operation.weight));
		this.#stats = new WorkerStats(options.workerId, workload.operations.length, epochNow());
		this.#remaining = options.quota ?? Number.POSITIVE_INFINITY;
	}

	get inFlight(): number {
		return this.#inFlight;
	}

	get backlog(): number {
		return this.#backlog.length;
	}

	/** ms since the schedule's origin. */
	#now(): number {
		return epochNow() - this.#origin;
	}

	start(startEpochMs: number, rate: number, phase: number): void {
		this.#started = true;
		this.#rate = rate;
		this.#origin = startEpochMs;
		this.#stats.beginAt(startEpochMs);
		this.#nextArrivalMs = Number.isFinite(rate) ? firstArrival(0, rate, this.#options.arrival, phase) : 0;
		const delay = Math.max(0, startEpochMs - epochNow());
		setTimeout(() => {
			this.#tickTimer = setInterval(() => {
				this.#tick();
			}, 1);
			this.#tick();
		}, delay);
		this.#scheduleSnapshot(startEpochMs + this.#options.intervalMs);
	}

	/** Planned end of the schedule: arrivals intended at or after it are not made. */
	endAt(epochMs: number): void {
		// A hair early, so an arrival falling exactly on the end (float sums of gaps) is not made.
		this.#endMs = epochMs - this.#origin - 1e-6;
	}

	/**
	 * Snapshots fall on start + k * interval in every worker and carry their slot number k - 1,
	 * so the controller can merge them by number. A snapshot that fires late (the thread was
	 * blocked) takes the number of the last slot passed, so the worker rejoins its peers.
	 */
	#scheduleSnapshot(atMs: number): void {
		const {intervalMs} = this.#options;
		this.#snapshotTimer = setTimeout(() => {
			let slotMs = atMs;
			const now = epochNow();
			while (slotMs + intervalMs <= now) {
				slotMs += intervalMs;
			}

			this.#emitSnapshot(Math.round((slotMs - this.#origin) / intervalMs) - 1);
			this.#scheduleSnapshot(slotMs + intervalMs);
		}, Math.max(0, atMs - epochNow()));
	}

	setRate(rate: number): void {
		if (rate === this.#rate) {
			return;
		}

		const now = this.#now();
		const wasClosed = !Number.isFinite(this.#rate);
		this.#rate = rate;
		if (!Number.isFinite(rate)) {
			this.#nextArrivalMs = now;
		} else if (this.#started && !this.#paused) {
			this.#nextArrivalMs = rescheduleAfterRateChange({
				lastArrivalMs: wasClosed ? now : this.#lastArrivalMs,
				pendingMs: wasClosed ? Number.POSITIVE_INFINITY : this.#nextArrivalMs,
				nowMs: now,
				newRate: rate,
				arrival: this.#options.arrival,
			});
		}
	}

	pause(): void {
		this.#paused = true;
	}

	resume(): void {
		if (!this.#paused) {
			return;
		}

		this.#paused = false;
		const now = this.#now();
		this.#lastArrivalMs = undefined;
		this.#nextArrivalMs = Number.isFinite(this.#rate) ? now + arrivalGap(this.#rate, this.#options.arrival) / 2 : now;
	}

	/**
	 * Graceful stop: no new arrivals; queued and in-flight calls may finish until the deadline.
	 * Arrivals already due (a busy thread's tick ran late) are still sent first: they belong to
	 * the schedule, and dropping them would silently shorten the run.
	 */
	stop(drainTimeoutMs: number): void {
		if (this.#stopped) {
			return;
		}

		if (this.#started && !this.#paused && Number.isFinite(this.#rate)) {
			this.#sendDue(Number.POSITIVE_INFINITY);
		}

		this.#stopped = true;
		this.#nextArrivalMs = Number.POSITIVE_INFINITY;
		this.#drainTimer = setTimeout(() => {
			this.#cancelOutstanding();
		}, drainTimeoutMs);
		this.#checkDrained();
	}

	/** Immediate stop: everything queued or in flight is counted as cancelled/dropped now. */
	abort(): void {
		this.#stopped = true;
		this.#aborted = true;
		this.#nextArrivalMs = Number.POSITIVE_INFINITY;
		this.#cancelOutstanding();
	}

	/** After the drain: let the workload settle asynchronous effects, then return the final snapshot. */
	async finish(graceMs: number): Promise<WorkerSnapshot> {
		clearInterval(this.#tickTimer);
		clearTimeout(this.#snapshotTimer);
		clearTimeout(this.#drainTimer);
		if (this.#workload.drain && !this.#aborted) {
			try {
				await this.#workload.drain(graceMs);
			} catch (error) {
				this.recordException(error);
			}
		}

		const snapshot = this.#snapshot();
		this.#stats.close();
		return snapshot;
	}

	/** An exception thrown outside a call (e.g. by a client's event handler): counted, the run goes on. */
	recordException(error: unknown): void {
		this.#stats.uncaught++;
		this.#stats.recordErrorSample('exception', error instanceof Error ? error.message : String(error));
	}

	#tick(): void {
		if (this.#stopped || this.#paused) {
			this.#pump();
			return;
		}

		if (!Number.isFinite(this.#rate)) {
			this.#fillClosed();
			return;
		}

		this.#sendDue(tickBudgetMs);
	}

	/** Send every arrival due by now (before the planned end), for at most `budgetMs`. */
	#sendDue(budgetMs: number): void {
		const tickStart = this.#now();
		let now = tickStart;
		let count = 0;
		while (this.#nextArrivalMs <= now && this.#nextArrivalMs < this.#endMs && this.#remaining > 0) {
			const intended = this.#nextArrivalMs;
			this.#lastArrivalMs = intended;
			this.#nextArrivalMs = intended + arrivalGap(this.#rate, this.#options.arrival);
			this.#remaining--;
			this.#arrive(intended);
			if ((++count & 63) === 0) {
				now = this.#now();
				if (now - tickStart > budgetMs) {
					break;
				}
			}
		}
	}

	#arrive(intendedMs: number): void {
		this.#stats.offered++;
		if (this.#inFlight < this.#options.maxInFlight && this.#backlog.length === 0) {
			this.#dispatch(intendedMs);
		} else if (this.#backlog.length < this.#options.maxBacklog) {
			this.#backlog.push(intendedMs);
		} else {
			this.#stats.dropped++;
		}
	}

	/** Closed model (rate 'max'): keep maxInFlight calls going; intended start = actual send. */
	#fillClosed(): void {
		const start = this.#now();
		let count = 0;
		while (this.#inFlight < this.#options.maxInFlight && this.#remaining > 0 && !this.#stopped && !this.#paused && start < this.#endMs) {
			this.#remaining--;
			this.#stats.offered++;
			this.#dispatch(this.#now());
			if ((++count & 63) === 0 && this.#now() - start > tickBudgetMs) {
				break;
			}
		}
	}

	/** Send one call. Times are relative to the origin. */
	#dispatch(intendedMs: number): void {
		const sentMs = this.#now();
		this.#stats.recordDispatch(sentMs - intendedMs);
		this.#inFlight++;
		const op = this.#mix.next();
		const requestNumber = this.#options.workerId + this.#options.workerCount * this.#sequence++;
		const generation = this.#generation;
		let promise: Promise<CallOutcome>;
		try {
			promise = this.#workload.call({op, requestNumber, intendedMs: this.#origin + intendedMs});
		} catch (error) {
			promise = Promise.reject(error);
		}

		promise.then(
			outcome => {
				this.#complete(generation, op, intendedMs, sentMs, outcome);
			},
			(error: unknown) => {
				this.#complete(generation, op, intendedMs, sentMs, {
					ok: false,
					kind: 'exception',
					message: error instanceof Error ? error.message : String(error),
				});
			},
		);
	}

	#complete(generation: number, op: number, intendedMs: number, sentMs: number, outcome: CallOutcome): void {
		if (generation !== this.#generation) {
			// Cancelled at the drain deadline: already counted as cancelled.
			return;
		}

		const end = this.#now();
		this.#inFlight--;
		this.#stats.recordCompletion(op, end - intendedMs, end - sentMs, outcome);
		this.#schedulePump();
	}

	#schedulePump(): void {
		if (!this.#pumpScheduled) {
			this.#pumpScheduled = true;
			setImmediate(() => {
				this.#pumpScheduled = false;
				this.#pump();
			});
		}
	}

	/** Send queued arrivals as the in-flight cap allows (and refill in closed mode). */
	#pump(): void {
		const start = this.#now();
		let count = 0;
		while (this.#backlog.length > 0 && this.#inFlight < this.#options.maxInFlight && !this.#aborted) {
			this.#dispatch(this.#backlog.shift()!);
			if ((++count & 63) === 0 && this.#now() - start > tickBudgetMs) {
				this.#schedulePump();
				break;
			}
		}

		if (!Number.isFinite(this.#rate) && this.#started && !this.#stopped && !this.#paused) {
			this.#fillClosed();
		}

		this.#checkDrained();
	}

	#cancelOutstanding(): void {
		this.#stats.cancelled += this.#inFlight;
		this.#stats.dropped += this.#backlog.length;
		this.#inFlight = 0;
		this.#backlog.clear();
		this.#generation++;
		this.#checkDrained();
	}

	#checkDrained(): void {
		if (this.#stopped && !this.#drainedSent && this.#inFlight === 0 && this.#backlog.length === 0) {
			this.#drainedSent = true;
			clearTimeout(this.#drainTimer);
			this.#options.onDrained();
		}
	}

	#snapshot(seq?: number): WorkerSnapshot {
		let metrics;
		try {
			metrics = this.#workload.collect?.();
		} catch (error) {
			this.recordException(error);
		}

		return this.#stats.take(
			epochNow(),
			{inFlight: this.#inFlight, backlog: this.#backlog.length, scheduleDone: this.#stopped || this.#remaining <= 0},
			metrics,
			seq,
		);
	}

	#emitSnapshot(seq: number): void {
		this.#options.onSnapshot(this.#snapshot(seq));
	}
}
