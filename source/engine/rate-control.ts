/**
 * What rate is in effect: the load shape, composed with manual changes (scale, offset), a hold
 * (the shape's clock frozen), a spike (an override for a while) and pause. Pure state with no
 * timers: the controller asks it for the target rate at each moment.
 *
 * Clocks: `elapsedMs` is wall time since start; `activeMs` excludes pauses; the shape runs on
 * `shapeMs`, which also excludes holds.
 */
import type {Command} from './commands.js';
import type {RateControl as RateControlView, RunState} from './snapshot.js';
import type {LoadShape} from '../load/shape.js';

export class RateControl {
	readonly #shape: LoadShape;
	#scale = 1;
	#offset = 0;
	#held = false;
	#paused = false;
	#spike: {rate: number; untilMs: number} | undefined;
	#pausedTotalMs = 0;
	#pausedSinceMs: number | undefined;
	#heldTotalMs = 0;
	#heldSinceMs: number | undefined;

	constructor(shape: LoadShape) {
		this.#shape = shape;
	}

	get paused(): boolean {
		return this.#paused;
	}

	get held(): boolean {
		return this.#held;
	}

	activeMs(elapsedMs: number): number {
		const pausedNow = this.#pausedSinceMs === undefined ? 0 : elapsedMs - this.#pausedSinceMs;
		return elapsedMs - this.#pausedTotalMs - pausedNow;
	}

	/** The shape's clock: active time minus time spent holding. */
	shapeMs(elapsedMs: number): number {
		const active = this.activeMs(elapsedMs);
		const heldNow = this.#heldSinceMs === undefined ? 0 : active - this.#heldSinceMs;
		return active - this.#heldTotalMs - heldNow;
	}

	shapeRate(elapsedMs: number): number {
		return this.#shape.rateAt(this.shapeMs(elapsedMs));
	}

	/** Rate with manual changes but without a spike. */
	#baseRate(elapsedMs: number): number {
		const shapeRate = this.shapeRate(elapsedMs);
		if (!Number.isFinite(shapeRate)) {
			return shapeRate;
		}

		return Math.max(0, shapeRate * this.#scale + this.#offset);
	}

	/** The total rate the workers should run at now (0 while paused). */
	targetRate(elapsedMs: number): number {
		if (this.#paused) {
			return 0;
		}

		if (this.#spike && elapsedMs < this.#spike.untilMs) {
			return this.#spike.rate;
		}

		return this.#baseRate(elapsedMs);
	}

	spiking(elapsedMs: number): boolean {
		return this.#spike !== undefined && elapsedMs < this.#spike.untilMs;
	}

	state(elapsedMs: number): RunState {
		if (this.#paused) {
			return 'paused';
		}

		if (this.spiking(elapsedMs)) {
			return 'spiking';
		}

		return this.#held ? 'holding' : 'running';
	}

	view(elapsedMs: number): RateControlView {
		const spike = this.spiking(elapsedMs) ? this.#spike : undefined;
		return {
			shapeRate: this.shapeRate(elapsedMs),
			scale: this.#scale,
			offset: this.#offset,
			held: this.#held,
			paused: this.#paused,
			spike: spike ? {rate: spike.rate, untilMs: spike.untilMs} : undefined,
			targetRate: this.targetRate(elapsedMs),
		};
	}

	/**
	 * Apply a rate command. Returns false when the command does not apply (e.g. rate changes in
	 * closed-model mode, where the shape rate is unlimited).
	 */
	apply(command: Command, elapsedMs: number): boolean {
		const shapeRate = this.shapeRate(elapsedMs);
		const closed = !Number.isFinite(shapeRate);
		switch (command.type) {
			case 'set-rate': {
				if (closed || !(command.rate >= 0)) {
					return false;
				}

				this.#offset = command.rate - shapeRate * this.#scale;
				return true;
			}

			case 'scale-rate': {
				if (closed || !(command.factor > 0)) {
					return false;
				}

				this.#scale *= command.factor;
				this.#offset *= command.factor;
				return true;
			}

			case 'step-rate': {
				if (closed) {
					return false;
				}

				const base = this.#baseRate(elapsedMs);
				this.#offset += Math.max(command.delta, -base);
				return true;
			}

			case 'spike': {
				const base = this.#baseRate(elapsedMs);
				const rate = command.rate ?? (command.multiplier ?? 5) * base;
				if (closed || !(rate >= 0) || !(command.durationMs > 0)) {
					return false;
				}

				this.#spike = {rate, untilMs: elapsedMs + command.durationMs};
				return true;
			}

			case 'pause': {
				if (!this.#paused) {
					this.#paused = true;
					this.#pausedSinceMs = elapsedMs;
				}

				return true;
			}

			case 'resume': {
				if (this.#paused && this.#pausedSinceMs !== undefined) {
					this.#pausedTotalMs += elapsedMs - this.#pausedSinceMs;
					this.#pausedSinceMs = undefined;
					this.#paused = false;
				}

				return true;
			}

			case 'toggle-pause': {
				return this.apply({type: this.#paused ? 'resume' : 'pause'}, elapsedMs);
			}

			case 'hold': {
				if (!this.#held) {
					this.#held = true;
					this.#heldSinceMs = this.activeMs(elapsedMs);
				}

				return true;
			}

			case 'release': {
				if (this.#held && this.#heldSinceMs !== undefined) {
					this.#heldTotalMs += this.activeMs(elapsedMs) - this.#heldSinceMs;
					this.#heldSinceMs = undefined;
					this.#held = false;
				}

				return true;
			}

			case 'toggle-hold': {
				return this.apply({type: this.#held ? 'release' : 'hold'}, elapsedMs);
			}

			default: {
				return false;
			}
		}
	}
}
