/** KeyValue over Redis: key '<namespace>:<key>', TTL with SET EX, prefix scans with SCAN MATCH. */
import {Redis} from 'ioredis';
import type {KeyValueStore} from './keyvalue-store.js';

const escapeGlob = (text: string) => text.replaceAll(/[*?[\]\\]/g, character => `\\${character}`);

export class RedisKeyValueStore implements KeyValueStore {
	readonly description: string;
	readonly #redis: Redis;

	constructor(address: string) {
		const url = address.includes('://') ? address : `redis://${address}`;
		this.#redis = new Redis(url, {lazyConnect: true, enableAutoPipelining: true, maxRetriesPerRequest: 1});
		this.description = `redis ${address}`;
	}

	async connect(): Promise<void> {
		await this.#redis.connect();
	}

	async set(namespace: string, key: string, value: Buffer, ttlSeconds: number): Promise<void> {
		await (ttlSeconds > 0 ? this.#redis.set(`${namespace}:${key}`, value, 'EX', ttlSeconds) : this.#redis.set(`${namespace}:${key}`, value));
	}

	async get(namespace: string, key: string): Promise<Buffer | undefined> {
		return (await this.#redis.getBuffer(`${namespace}:${key}`)) ?? undefined;
	}

	async delete(namespace: string, key: string): Promise<boolean> {
		return (await this.#redis.del(`${namespace}:${key}`)) > 0;
	}

	async exists(namespace: string, key: string): Promise<boolean> {
		return (await this.#redis.exists(`${namespace}:${key}`)) > 0;
	}

	async scan(namespace: string, prefix: string, limit: number): Promise<Array<[string, Buffer]>> {
		const keys: string[] = [];
		let cursor = '0';
		do {
			// eslint-disable-next-line no-await-in-loop
			const [next, batch] = await this.#redis.scan(cursor, 'MATCH', `${escapeGlob(`${namespace}:${prefix}`)}*`, 'COUNT', 500);
			cursor = next;
			keys.push(...batch);
		} while (cursor !== '0' && (limit === 0 || keys.length < limit));
		const chosen = limit > 0 ? keys.slice(0, limit) : keys;
		if (chosen.length === 0) {
			return [];
		}

		const values = await this.#redis.mgetBuffer(...chosen);
		const out: Array<[string, Buffer]> = [];
		for (const [index, key] of chosen.entries()) {
			const value = values[index];
			if (value) {
				out.push([key.slice(namespace.length + 1), value]);
			}
		}

		return out;
	}

	async close(): Promise<void> {
		this.#redis.disconnect();
	}
}
