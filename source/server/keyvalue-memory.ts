/** The in-memory KeyValue store (the default backend of `loadscope serve`). */
import type {KeyValueStore} from './keyvalue-store.js';

type Entry = {value: Buffer; expiresAtMs: number};

export class MemoryKeyValueStore implements KeyValueStore {
	readonly description = 'memory';
	readonly #namespaces = new Map<string, Map<string, Entry>>();

	async set(namespace: string, key: string, value: Buffer, ttlSeconds: number): Promise<void> {
		let entries = this.#namespaces.get(namespace);
		if (!entries) {
			entries = new Map();
			this.#namespaces.set(namespace, entries);
		}

		entries.set(key, {value, expiresAtMs: ttlSeconds > 0 ? Date.now() + ttlSeconds * 1000 : Number.POSITIVE_INFINITY});
	}

	async get(namespace: string, key: string): Promise<Buffer | undefined> {
		return this.#live(namespace, key)?.value;
	}

	async delete(namespace: string, key: string): Promise<boolean> {
		const found = this.#live(namespace, key) !== undefined;
		this.#namespaces.get(namespace)?.delete(key);
		return found;
	}

	async exists(namespace: string, key: string): Promise<boolean> {
		return this.#live(namespace, key) !== undefined;
	}

	async scan(namespace: string, prefix: string, limit: number): Promise<Array<[string, Buffer]>> {
		const out: Array<[string, Buffer]> = [];
		const now = Date.now();
		for (const [key, entry] of this.#namespaces.get(namespace) ?? []) {
			if (key.startsWith(prefix) && entry.expiresAtMs > now) {
				out.push([key, entry.value]);
				if (limit > 0 && out.length >= limit) {
					break;
				}
			}
		}

		return out;
	}

	async close(): Promise<void> {
		this.#namespaces.clear();
	}

	#live(namespace: string, key: string): Entry | undefined {
		const entries = this.#namespaces.get(namespace);
		const entry = entries?.get(key);
		if (entry && entry.expiresAtMs <= Date.now()) {
			entries!.delete(key);
			return undefined;
		}

		return entry;
	}
}
