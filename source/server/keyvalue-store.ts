/** What the KeyValue service stores into: memory, Redis or a NATS JetStream key-value bucket. */
export interface KeyValueStore {
	/** Shown when the server starts, e.g. 'memory' or 'redis 127.0.0.1:6379'. */
	readonly description: string;
	set(namespace: string, key: string, value: Buffer, ttlSeconds: number): Promise<void>;
	get(namespace: string, key: string): Promise<Buffer | undefined>;
	/** True when the key existed. */
	delete(namespace: string, key: string): Promise<boolean>;
	exists(namespace: string, key: string): Promise<boolean>;
	/** Current entries whose key starts with `prefix` (at most `limit`, 0 = all). */
	scan(namespace: string, prefix: string, limit: number): Promise<Array<[string, Buffer]>>;
	close(): Promise<void>;
}
