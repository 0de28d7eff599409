/**
 * The pattern itself: an identity store plus a message bus. multicast() finds the live targets
 * (one store query), publishes one message per target on `<prefix>.<identity>` in batches, and
 * flushes once per batch: a bounded number of round trips, never one per message.
 */
import type {IdentityStore, MessageBus} from './backend.js';
import type {Filter} from './filter.js';
import {PatternError, type Metadata, type MulticastRegistry, type MulticastResult, type RegisteredIdentity} from './types.js';

export type CoordinatorOptions = {
	readonly subjectPrefix: string;
	/** Messages per flush. */
	readonly batchSize: number;
	/** How long a flush may take before the batch counts as failed, ms. */
	readonly flushTimeoutMs: number;
};

const identityPattern = /^[\w.:@-]+$/;

export class Coordinator implements MulticastRegistry {
	readonly #store: IdentityStore;
	readonly #bus: MessageBus;
	readonly #options: CoordinatorOptions;

	constructor(store: IdentityStore, bus: MessageBus, options: CoordinatorOptions) {
		this.#store = store;
		this.#bus = bus;
		this.#options = options;
	}

	async register(identity: string, metadata: Metadata, ttlMs: number): Promise<void> {
		if (!identityPattern.test(identity) || identity.includes('..')) {
			throw new PatternError('invalid', `identity '${identity}' may only use letters, digits and _ . : @ -`);
		}

		if (!(ttlMs > 0)) {
			throw new PatternError('invalid', `ttl must be more than 0 ms, got ${ttlMs}`);
		}

		await this.#store.register(identity, metadata, ttlMs);
	}

	async unregister(identity: string): Promise<boolean> {
		return this.#store.unregister(identity);
	}

	async enumerate(filter?: Filter): Promise<RegisteredIdentity[]> {
		return this.#store.enumerate(filter);
	}

	subjectFor(identity: string): string {
		return `${this.#options.subjectPrefix}.${identity}`;
	}

	async multicast(filter: Filter | undefined, payload: Uint8Array): Promise<MulticastResult> {
		const targets = await this.#store.targets(filter);
		let published = 0;
		let failed = 0;
		let error: {kind: string; message: string} | undefined;
		const {batchSize, flushTimeoutMs} = this.#options;
		for (let start = 0; start < targets.length; start += batchSize) {
			const batch = targets.slice(start, start + batchSize);
			if (error?.kind === 'nats-down') {
				failed += batch.length;
				continue;
			}

			let handed = 0;
			try {
				for (const identity of batch) {
					this.#bus.publish(this.subjectFor(identity), payload);
					handed++;
				}

				// eslint-disable-next-line no-await-in-loop
				await this.#bus.flush(flushTimeoutMs);
				published += handed;
				failed += batch.length - handed;
			} catch (caught) {
				const problem = caught instanceof PatternError ? caught : new PatternError('publish', String(caught));
				error = {kind: problem.kind, message: problem.message};
				failed += batch.length;
			}
		}

		return error ? {targets: targets.length, published, failed, error} : {targets: targets.length, published, failed};
	}

	connections(): Record<string, boolean> {
		return {[this.#store.name]: this.#store.up, [this.#bus.name]: this.#bus.up};
	}

	async close(): Promise<void> {
		await Promise.allSettled([this.#bus.close(), this.#store.close()]);
	}
}
