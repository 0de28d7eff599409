/**
 * Smooth weighted round robin (as in nginx): picks operations in exact proportion to their
 * weights, evenly interleaved, with no randomness — so a 50/30/20 mix is 50/30/20 over any
 * window of ten calls, not just on average.
 */
export class WeightedMix {
	readonly #weights: number[];
	readonly #current: number[];
	readonly #total: number;

	constructor(weights: readonly number[]) {
		if (weights.length === 0 || weights.some(weight => !(weight >= 0)) || weights.every(weight => weight === 0)) {
			throw new Error('a mix needs at least one operation with a weight above 0');
		}

		this.#weights = [...weights];
		this.#current = weights.map(() => 0);
		this.#total = weights.reduce((sum, weight) => sum + weight, 0);
	}

	/** Index of the next operation. */
	next(): number {
		if (this.#weights.length === 1) {
			return 0;
		}

		let best = 0;
		for (let index = 0; index < this.#weights.length; index++) {
			this.#current[index]! += this.#weights[index]!;
			if (this.#current[index]! > this.#current[best]!) {
				best = index;
			}
		}

		this.#current[best]! -= this.#total;
		return best;
	}
}
