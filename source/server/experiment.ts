/**
 * The experiment knobs of `loadscope serve`, applied to every call: a delay (± uniform jitter),
 * an error rate, periodic stalls, and a concurrency limit beyond which calls queue (first come,
 * first served), so a real knee appears at max-concurrency / delay.
 */
import {status, type Metadata, type sendUnaryData} from '@grpc/grpc-js';

/** What the knobs need to know about a call. */
type ServerSurfaceCall = {readonly cancelled: boolean};

export type ExperimentOptions = {
	/** Added service time per call, ms. */
	readonly delayMs: number;
	/** Uniform spread around the delay, ms. */
	readonly jitterMs: number;
	/** Percentage of calls answered with INTERNAL (0..100). */
	readonly errorRate: number;
	/** A stall of `stallForMs` every `stallEveryMs` (0 = never): calls in a stall wait for its end. */
	readonly stallEveryMs: number;
	readonly stallForMs: number;
	/** Calls served at once (0 = unlimited); the rest wait in line. */
	readonly maxConcurrency: number;
};

export const noExperiment: ExperimentOptions = {delayMs: 0, jitterMs: 0, errorRate: 0, stallEveryMs: 0, stallForMs: 0, maxConcurrency: 0};

/** How a call under the knobs ended: its value, or the status to answer with. */
export type Verdict<T> = {readonly value: T; readonly error?: undefined} | {readonly error: {readonly code: number; readonly details: string}};

/** The status a call answers with when it fails. */
export type ServiceError = {readonly code: number; readonly details: string; readonly metadata?: Metadata};

/** Answer a unary (or client-streaming) call with its verdict; `failure` maps a rejection to a status. */
export function answer<T>(callback: sendUnaryData<T>, verdict: Promise<Verdict<T>>, failure: (error: unknown) => ServiceError): void {
	verdict.then(
		result => {
			if (result.error) {
				callback(result.error);
			} else {
				callback(null, result.value);
			}
		},
		(error: unknown) => {
			callback(failure(error));
		},
	);
}

const injected = (rate: number) => ({error: {code: status.INTERNAL, details: `injected error (--error-rate ${rate}%)`}});

export class Experiment {
	readonly #options: ExperimentOptions;
	readonly #startMs = Date.now();
	readonly #line: Array<() => void> = [];
	#busy = 0;

	constructor(options: ExperimentOptions) {
		this.#options = options;
	}

	/** True when the knobs change nothing, so calls skip the bookkeeping. */
	get idle(): boolean {
		const {delayMs, jitterMs, errorRate, stallEveryMs, maxConcurrency} = this.#options;
		return delayMs === 0 && jitterMs === 0 && errorRate === 0 && stallEveryMs === 0 && maxConcurrency === 0;
	}

	/** Calls waiting for a slot. */
	get queued(): number {
		return this.#line.length;
	}

	/**
	 * Run `serve` under the knobs: wait for a slot, for the end of a stall and for the delay, then
	 * serve (or fail). The slot is held until `serve` resolves.
	 */
	async run<T>(call: ServerSurfaceCall, serve: () => Promise<T>): Promise<Verdict<T>> {
		if (this.idle) {
			return {value: await serve()};
		}

		await this.#acquire();
		try {
			const wait = this.#stallWait(Date.now()) + this.#delay();
			if (wait > 0) {
				await new Promise(resolve => {
					setTimeout(resolve, wait);
				});
			}

			if (call.cancelled) {
				return {error: {code: status.CANCELLED, details: 'cancelled while queued'}};
			}

			if (this.#options.errorRate > 0 && Math.random() * 100 < this.#options.errorRate) {
				return injected(this.#options.errorRate);
			}

			return {value: await serve()};
		} finally {
			this.#release();
		}
	}

	#delay(): number {
		const {delayMs, jitterMs} = this.#options;
		return Math.max(0, delayMs + (jitterMs > 0 ? (Math.random() * 2 - 1) * jitterMs : 0));
	}

	#stallWait(nowMs: number): number {
		const {stallEveryMs: every, stallForMs: duration} = this.#options;
		if (every <= 0 || duration <= 0) {
			return 0;
		}

		const since = nowMs - this.#startMs;
		const k = Math.floor(since / every);
		const into = since - k * every;
		return k >= 1 && into < duration ? duration - into : 0;
	}

	async #acquire(): Promise<void> {
		const limit = this.#options.maxConcurrency;
		if (limit <= 0 || this.#busy < limit) {
			this.#busy++;
			return;
		}

		await new Promise<void>(resolve => {
			this.#line.push(resolve);
		});
	}

	#release(): void {
		const next = this.#line.shift();
		if (next) {
			next();
		} else {
			this.#busy--;
		}
	}
}
