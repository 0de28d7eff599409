/**
 * An in-process system under test with known behaviour: a latency distribution, an error rate,
 * periodic stalls and a capacity limit (service slots, so calls queue and a real knee appears at
 * capacity / mean latency). Used for demos, tests and benchmarks.
 */
import process from 'node:process';
import {UsageError} from '../errors.js';
import {epochNow} from '../engine/clock.js';
import type {CallOutcome, Workload, WorkloadContext, WorkloadFactory} from './workload.js';

export type LatencyDistribution = 'constant' | 'uniform' | 'exponential' | 'normal' | 'lognormal';
export const latencyDistributions: readonly LatencyDistribution[] = ['constant', 'uniform', 'exponential', 'normal', 'lognormal'];

export type SyntheticOptions = {
	/** Mean service latency, ms. */
	readonly latencyMs: number;
	readonly distribution: LatencyDistribution;
	/** Spread, ms: half-width for uniform, standard deviation for normal and lognormal. */
	readonly jitterMs: number;
	/** Percentage of calls that fail, 0..100. */
	readonly errorRate: number;
	/** A stall of `stallForMs` every `stallEveryMs` (0 = never): calls finish only after it ends. */
	readonly stallEveryMs: number;
	readonly stallForMs: number;
	/** Service slots for the whole run (split between workers); 0 = unlimited. */
	readonly capacity: number;
	/** Operation name shown in reports. */
	readonly operation: string;
	/**
	 * Fault injection, for testing the generator itself: percentage of calls that throw instead of
	 * returning, percentage that throw later from a timer (an uncaught exception), and a worker
	 * thread that exits after this many calls (0 = never); and a worker thread whose event loop
	 * blocks once for `blockForMs` at this call (a GC pause or a busy generator; 0 = never).
	 */
	readonly throwRate: number;
	readonly uncaughtRate: number;
	readonly crashAfterCalls: number;
	readonly blockAfterCalls: number;
	readonly blockForMs: number;
};

export const defaultSyntheticOptions: SyntheticOptions = {
	latencyMs: 2,
	distribution: 'lognormal',
	jitterMs: 1,
	errorRate: 0,
	stallEveryMs: 0,
	stallForMs: 0,
	capacity: 0,
	operation: 'call',
	throwRate: 0,
	uncaughtRate: 0,
	crashAfterCalls: 0,
	blockAfterCalls: 0,
	blockForMs: 0,
};

function gaussian(): number {
	// Box-Muller; 1 - random() avoids log(0).
	return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

export function sampleLatency(options: Pick<SyntheticOptions, 'latencyMs' | 'distribution' | 'jitterMs'>): number {
	const {latencyMs: mean, jitterMs: jitter} = options;
	switch (options.distribution) {
		case 'constant': {
			return mean;
		}

		case 'uniform': {
			return Math.max(0, mean - jitter + Math.random() * 2 * jitter);
		}

		case 'exponential': {
			return -Math.log(1 - Math.random()) * mean;
		}

		case 'normal': {
			return Math.max(0, mean + gaussian() * jitter);
		}

		case 'lognormal': {
			if (mean <= 0) {
				return 0;
			}

			// Parameters that give the requested mean and standard deviation.
			const variance = jitter * jitter;
			const sigma2 = Math.log(1 + variance / (mean * mean));
			const mu = Math.log(mean) - sigma2 / 2;
			return Math.exp(mu + Math.sqrt(sigma2) * gaussian());
		}
	}
}

export function validateSyntheticOptions(raw: Record<string, unknown>): SyntheticOptions {
	const options = {...defaultSyntheticOptions, ...raw} as SyntheticOptions;
	const nonNegative: Array<keyof SyntheticOptions> = ['latencyMs', 'jitterMs', 'stallEveryMs', 'stallForMs', 'capacity', 'throwRate', 'uncaughtRate', 'crashAfterCalls', 'blockAfterCalls', 'blockForMs'];
	for (const key of nonNegative) {
		const value = options[key];
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
			throw new UsageError(`synthetic: ${key} must be a number >= 0, got ${String(value)}`);
		}
	}

	if (!(options.errorRate >= 0 && options.errorRate <= 100)) {
		throw new UsageError(`synthetic: --error-rate must be a percentage between 0 and 100, got ${options.errorRate}`);
	}

	if (!latencyDistributions.includes(options.distribution)) {
		throw new UsageError(`synthetic: unknown latency distribution '${options.distribution}'; use one of ${latencyDistributions.join(', ')}`);
	}

	if (options.stallEveryMs > 0 && options.stallForMs >= options.stallEveryMs) {
		throw new UsageError('synthetic: --stall-for must be shorter than --stall-every');
	}

	return options;
}

class SyntheticService implements Workload {
	readonly operations;
	readonly #options: SyntheticOptions;
	readonly #timeoutMs: number;
	readonly #slots: number;
	readonly #queue: Array<() => void> = [];
	#busy = 0;
	#stallBaseMs = 0;
	#calls = 0;
	readonly #workerId: number;
	readonly #timers = new Set<NodeJS.Timeout>();

	constructor(options: SyntheticOptions, context: WorkloadContext) {
		this.#options = options;
		this.#timeoutMs = context.timeoutMs;
		this.#workerId = context.workerId;
		this.#slots = options.capacity > 0 ? Math.max(1, Math.round(options.capacity / context.workerCount)) : Number.POSITIVE_INFINITY;
		this.operations = [{name: options.operation, weight: 1}];
	}

	async open(): Promise<void> {
		this.#stallBaseMs = epochNow();
	}

	async call(): Promise<CallOutcome> {
		this.#injectFaults();
		return new Promise<CallOutcome>(resolve => {
			let settled = false;
			let timeout: NodeJS.Timeout | undefined;
			const settle = (outcome: CallOutcome) => {
				if (!settled) {
					settled = true;
					if (timeout) {
						this.#cancel(timeout);
					}

					resolve(outcome);
				}
			};

			if (this.#timeoutMs > 0) {
				timeout = this.#after(this.#timeoutMs, () => {
					settle({ok: false, kind: 'timeout', message: `no answer within ${this.#timeoutMs} ms`});
				});
			}

			const serve = () => {
				const startMs = this.#afterStall(epochNow());
				const doneMs = this.#afterStall(startMs + sampleLatency(this.#options));
				this.#after(doneMs - epochNow(), () => {
					this.#release();
					if (Math.random() * 100 < this.#options.errorRate) {
						settle({ok: false, kind: 'synthetic', message: `synthetic error (--error-rate ${this.#options.errorRate}%)`});
					} else {
						settle({ok: true});
					}
				});
			};

			if (this.#busy < this.#slots) {
				this.#busy++;
				serve();
			} else {
				this.#queue.push(serve);
			}
		});
	}

	async close(): Promise<void> {
		for (const timer of this.#timers) {
			clearTimeout(timer);
		}

		this.#timers.clear();
	}

	#injectFaults(): void {
		const {throwRate, uncaughtRate, crashAfterCalls, blockAfterCalls, blockForMs} = this.#options;
		this.#calls++;
		if (crashAfterCalls > 0 && this.#workerId === 0 && this.#calls >= crashAfterCalls) {
			// The thread dies the way a native crash or an out-of-memory would end it.
			process.exit(70);
		}

		if (blockAfterCalls > 0 && this.#workerId === 0 && this.#calls === blockAfterCalls) {
			// The whole thread stops, scheduler included, as in a long GC pause.
			const until = epochNow() + blockForMs;
			while (epochNow() < until) {
				// Busy: nothing else runs on this thread.
			}
		}

		if (uncaughtRate > 0 && Math.random() * 100 < uncaughtRate) {
			setTimeout(() => {
				throw new Error('synthetic uncaught exception');
			}, 0);
		}

		if (throwRate > 0 && Math.random() * 100 < throwRate) {
			throw new Error('synthetic exception inside the workload');
		}
	}

	#release(): void {
		const next = this.#queue.shift();
		if (next) {
			next();
		} else {
			this.#busy--;
		}
	}

	/** If `timeMs` falls in a stall, the time the stall ends; otherwise `timeMs`. */
	#afterStall(timeMs: number): number {
		const {stallEveryMs: every, stallForMs: duration} = this.#options;
		if (every <= 0 || duration <= 0) {
			return timeMs;
		}

		// Stalls start one period after open: [base + k*every, base + k*every + duration), k >= 1.
		const sinceBase = timeMs - this.#stallBaseMs;
		const k = Math.floor(sinceBase / every);
		const into = sinceBase - k * every;
		return k >= 1 && into < duration ? timeMs + (duration - into) : timeMs;
	}

	/** Run after `delayMs`, never early: libuv timers can fire up to 1 ms early, so finish on setImmediate. */
	#after(delayMs: number, run: () => void): NodeJS.Timeout {
		const deadline = epochNow() + delayMs;
		const whenDue = () => {
			if (epochNow() >= deadline) {
				run();
			} else {
				setImmediate(whenDue);
			}
		};

		const timer = setTimeout(() => {
			this.#timers.delete(timer);
			whenDue();
		}, Math.max(0, delayMs));
		this.#timers.add(timer);
		return timer;
	}

	#cancel(timer: NodeJS.Timeout): void {
		clearTimeout(timer);
		this.#timers.delete(timer);
	}
}

export const create: WorkloadFactory = async (raw, context) => new SyntheticService(validateSyntheticOptions(raw), context);
