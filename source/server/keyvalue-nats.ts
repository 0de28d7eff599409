/**
 * KeyValue over a NATS JetStream key-value bucket ('loadscope-kv'). NATS keys allow only a few
 * characters, so namespace and key are stored base64url-encoded as '<namespace>.<key>'. The
 * bucket has no per-key TTL: ttl_seconds is ignored with this backend.
 */
import {connect, type KV, type NatsConnection} from 'nats';
import type {KeyValueStore} from './keyvalue-store.js';

const encode = (text: string) => Buffer.from(text).toString('base64url') || '_';
const decode = (text: string) => (text === '_' ? '' : Buffer.from(text, 'base64url').toString());

export class NatsKeyValueStore implements KeyValueStore {
	readonly description: string;
	readonly #servers: string[];
	#connection: NatsConnection | undefined;
	#kv: KV | undefined;

	constructor(servers: string) {
		this.#servers = servers.split(',').map(server => server.trim());
		this.description = `nats ${this.#servers.join(',')} (JetStream KV bucket loadscope-kv)`;
	}

	async connect(): Promise<void> {
		this.#connection = await connect({servers: this.#servers});
		this.#kv = await this.#connection.jetstream().views.kv('loadscope-kv', {history: 1});
	}

	get #bucket(): KV {
		if (!this.#kv) {
			throw new Error('nats store is not connected');
		}

		return this.#kv;
	}

	async set(namespace: string, key: string, value: Buffer): Promise<void> {
		await this.#bucket.put(`${encode(namespace)}.${encode(key)}`, value);
	}

	async get(namespace: string, key: string): Promise<Buffer | undefined> {
		const entry = await this.#bucket.get(`${encode(namespace)}.${encode(key)}`);
		return entry && entry.operation === 'PUT' ? Buffer.from(entry.value) : undefined;
	}

	async delete(namespace: string, key: string): Promise<boolean> {
		const found = await this.exists(namespace, key);
		if (found) {
			await this.#bucket.delete(`${encode(namespace)}.${encode(key)}`);
		}

		return found;
	}

	async exists(namespace: string, key: string): Promise<boolean> {
		return (await this.get(namespace, key)) !== undefined;
	}

	async scan(namespace: string, prefix: string, limit: number): Promise<Array<[string, Buffer]>> {
		const out: Array<[string, Buffer]> = [];
		const keys = await this.#bucket.keys(`${encode(namespace)}.*`);
		for await (const stored of keys) {
			const key = decode(stored.slice(stored.indexOf('.') + 1));
			if (!key.startsWith(prefix)) {
				continue;
			}

			const value = await this.get(namespace, key);
			if (value) {
				out.push([key, value]);
				if (limit > 0 && out.length >= limit) {
					break;
				}
			}
		}

		return out;
	}

	async close(): Promise<void> {
		await this.#connection?.drain();
	}
}
