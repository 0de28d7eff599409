/**
 * In-memory message bus across the run's worker threads: publishes are buffered and each flush
 * posts one batch on a node:worker_threads BroadcastChannel; every bus instance (a separate
 * channel object, in any thread) delivers the batch to its own subscribers. Subjects are exact
 * names; a message with no subscriber is dropped, as NATS core would.
 */
import {BroadcastChannel} from 'node:worker_threads';
import type {MessageBus, Subscription} from './backend.js';

type Batch = ReadonlyArray<readonly [string, Uint8Array]>;

export class MemoryBus implements MessageBus {
	readonly name = 'memory-bus';
	readonly up = true;
	readonly #channel: BroadcastChannel;
	readonly #handlers = new Map<string, Set<(subject: string, data: Uint8Array) => void>>();
	#pending: Array<readonly [string, Uint8Array]> = [];

	constructor(namespace: string) {
		this.#channel = new BroadcastChannel(`loadscope:bus:${namespace}`);
		this.#channel.onmessage = (event: unknown) => {
			this.#deliver((event as {data: Batch}).data);
		};

		(this.#channel as unknown as {unref?: () => void}).unref?.();
	}

	publish(subject: string, data: Uint8Array): void {
		this.#pending.push([subject, data]);
	}

	async flush(): Promise<void> {
		if (this.#pending.length === 0) {
			return;
		}

		const batch = this.#pending;
		this.#pending = [];
		this.#channel.postMessage(batch);
	}

	subscribe(subject: string, handler: (subject: string, data: Uint8Array) => void): Subscription {
		let set = this.#handlers.get(subject);
		if (!set) {
			set = new Set();
			this.#handlers.set(subject, set);
		}

		set.add(handler);
		return {
			unsubscribe: () => {
				const current = this.#handlers.get(subject);
				current?.delete(handler);
				if (current?.size === 0) {
					this.#handlers.delete(subject);
				}
			},
		};
	}

	async close(): Promise<void> {
		await this.flush();
		this.#channel.close();
	}

	#deliver(batch: Batch): void {
		for (const [subject, data] of batch) {
			const handlers = this.#handlers.get(subject);
			if (handlers) {
				for (const handler of handlers) {
					handler(subject, data);
				}
			}
		}
	}
}
