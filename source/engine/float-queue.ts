/** A FIFO of numbers (intended start times) with amortised O(1) push and shift. */
export class FloatQueue {
	#items: number[] = [];
	#head = 0;

	get length(): number {
		return this.#items.length - this.#head;
	}

	push(value: number): void {
		this.#items.push(value);
	}

	shift(): number | undefined {
		if (this.#head >= this.#items.length) {
			return undefined;
		}

		const value = this.#items[this.#head++];
		if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
			this.#items = this.#items.slice(this.#head);
			this.#head = 0;
		}

		return value;
	}

	clear(): void {
		this.#items = [];
		this.#head = 0;
	}
}
