/**
 * In-memory identity store shared by the run's worker threads. Workers cannot share objects, so
 * every worker keeps a full replica and replicates its writes to the others over a
 * node:worker_threads BroadcastChannel named after the run's namespace; enumerate in any worker
 * sees identities registered in any other (after the channel delivers, well under a millisecond).
 * A channel only hears messages posted after it exists, so a new replica says hello and the
 * others answer with a snapshot of their live entries (`ready()` waits briefly for it).
 */
import {BroadcastChannel} from 'node:worker_threads';
import type {IdentityStore} from './backend.js';
import {matches, type Filter} from './filter.js';
import type {Metadata, RegisteredIdentity} from './types.js';

type Change =
	| {readonly type: 'register'; readonly identity: string; readonly metadata: Metadata; readonly expiresAtMs: number}
	| {readonly type: 'unregister'; readonly identity: string}
	// A new replica asks the others for what it missed; each answers with its live entries.
	| {readonly type: 'hello'}
	| {readonly type: 'snapshot'; readonly entries: readonly RegisteredIdentity[]};

export class MemoryStore implements IdentityStore {
	readonly name = 'memory-registry';
	readonly up = true;
	readonly #entries = new Map<string, RegisteredIdentity>();
	readonly #channel: BroadcastChannel;
	#lastSweepMs = 0;
	#onSnapshot: (() => void) | undefined;

	constructor(namespace: string) {
		this.#channel = new BroadcastChannel(`loadscope:registry:${namespace}`);
		this.#channel.onmessage = (event: unknown) => {
			this.#apply((event as {data: Change}).data);
		};

		// The channel must not keep a finished worker alive.
		(this.#channel as unknown as {unref?: () => void}).unref?.();
	}

	/** Ask the other replicas for their entries and wait up to `waitMs` for the first answer. */
	async ready(waitMs = 100): Promise<void> {
		await new Promise<void>(resolve => {
			const timer = setTimeout(resolve, waitMs);
			this.#onSnapshot = () => {
				clearTimeout(timer);
				// Give the other replicas' answers a moment too.
				setTimeout(resolve, 10);
			};

			this.#channel.postMessage({type: 'hello'} satisfies Change);
		});
		this.#onSnapshot = undefined;
	}

	async register(identity: string, metadata: Metadata, ttlMs: number): Promise<void> {
		const change: Change = {type: 'register', identity, metadata: {...metadata}, expiresAtMs: Date.now() + ttlMs};
		this.#apply(change);
		this.#channel.postMessage(change);
	}

	async unregister(identity: string): Promise<boolean> {
		const entry = this.#entries.get(identity);
		const change: Change = {type: 'unregister', identity};
		this.#apply(change);
		this.#channel.postMessage(change);
		return entry !== undefined && entry.expiresAtMs > Date.now();
	}

	async enumerate(filter: Filter | undefined): Promise<RegisteredIdentity[]> {
		const now = Date.now();
		this.#sweep(now);
		const found: RegisteredIdentity[] = [];
		for (const entry of this.#entries.values()) {
			if (entry.expiresAtMs > now && matches(filter, entry.metadata)) {
				found.push(entry);
			}
		}

		return found;
	}

	async targets(filter: Filter | undefined): Promise<string[]> {
		return (await this.enumerate(filter)).map(entry => entry.identity);
	}

	async close(): Promise<void> {
		this.#channel.close();
	}

	#apply(change: Change): void {
		switch (change.type) {
			case 'register': {
				this.#entries.set(change.identity, {identity: change.identity, metadata: change.metadata, expiresAtMs: change.expiresAtMs});
				break;
			}

			case 'unregister': {
				this.#entries.delete(change.identity);
				break;
			}

			case 'hello': {
				const now = Date.now();
				const entries = [...this.#entries.values()].filter(entry => entry.expiresAtMs > now);
				this.#channel.postMessage({type: 'snapshot', entries} satisfies Change);
				break;
			}

			case 'snapshot': {
				for (const entry of change.entries) {
					const known = this.#entries.get(entry.identity);
					if (!known || known.expiresAtMs < entry.expiresAtMs) {
						this.#entries.set(entry.identity, entry);
					}
				}

				this.#onSnapshot?.();
				break;
			}
		}
	}

	/** Drop expired entries at most once a second, so memory stays bounded by the live population. */
	#sweep(now: number): void {
		if (now - this.#lastSweepMs < 1000) {
			return;
		}

		this.#lastSweepMs = now;
		for (const [identity, entry] of this.#entries) {
			if (entry.expiresAtMs <= now) {
				this.#entries.delete(identity);
			}
		}
	}
}
