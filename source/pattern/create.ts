/**
 * Build a MulticastRegistry from plain options (structured-clone friendly, so a worker or a gRPC
 * server can make one from what the CLI parsed). Without a Redis target the identity store is
 * in-memory and without a NATS target the bus is in-memory; both replicate across the worker
 * threads of one process that use the same `namespace`.
 */
import {describeNats, type NatsTarget} from '../connections/nats.js';
import {describeRedis, type RedisTarget} from '../connections/redis.js';
import type {IdentityStore, MessageBus} from './backend.js';
import {Coordinator} from './coordinator.js';
import {MemoryBus} from './memory-bus.js';
import {MemoryStore} from './memory-store.js';
import type {MulticastRegistry} from './types.js';

export type RegistryOptions = {
	/** Redis for identities; undefined = in-memory. */
	readonly redis?: RedisTarget | undefined;
	/** NATS for messages; undefined = in-memory. */
	readonly nats?: NatsTarget | undefined;
	/** Names the in-memory channels: threads with the same namespace share identities and messages. */
	readonly namespace?: string;
	/** Redis key prefix (default 'prism:registry'). */
	readonly keyPrefix?: string;
	/** Metadata fields with Redis equality indexes (default status, region). */
	readonly indexedFields?: readonly string[];
	/** Multicast subjects are `<subjectPrefix>.<identity>` (default 'prism.multicast'). */
	readonly subjectPrefix?: string;
	/** Messages per flush (default 1000). */
	readonly batchSize?: number;
	/** Redis command / NATS flush timeout, ms (default 5000). */
	readonly timeoutMs?: number;
	/** NATS connection name. */
	readonly connectionName?: string;
};

export const defaultRegistryOptions = {
	namespace: 'default',
	keyPrefix: 'prism:registry',
	indexedFields: ['status', 'region'],
	subjectPrefix: 'prism.multicast',
	batchSize: 1000,
	timeoutMs: 5000,
} as const;

/** The in-memory or NATS bus alone (the delivery receiver uses its own). */
export async function createBus(options: Pick<RegistryOptions, 'nats' | 'namespace' | 'connectionName'>): Promise<MessageBus> {
	if (options.nats) {
		const {NatsBus} = await import('./nats-bus.js');
		return NatsBus.connect(options.nats, options.connectionName ?? 'loadscope');
	}

	return new MemoryBus(options.namespace ?? defaultRegistryOptions.namespace);
}

export async function createStore(options: RegistryOptions): Promise<IdentityStore> {
	if (options.redis) {
		const {RedisStore} = await import('./redis-store.js');
		return RedisStore.connect({
			target: options.redis,
			keyPrefix: options.keyPrefix ?? defaultRegistryOptions.keyPrefix,
			indexedFields: options.indexedFields ?? defaultRegistryOptions.indexedFields,
			commandTimeoutMs: options.timeoutMs ?? defaultRegistryOptions.timeoutMs,
		});
	}

	const store = new MemoryStore(options.namespace ?? defaultRegistryOptions.namespace);
	await store.ready();
	return store;
}

export async function createRegistry(options: RegistryOptions = {}): Promise<MulticastRegistry> {
	const store = await createStore(options);
	let bus: MessageBus;
	try {
		bus = await createBus(options);
	} catch (error) {
		await store.close();
		throw error;
	}

	return new Coordinator(store, bus, {
		subjectPrefix: options.subjectPrefix ?? defaultRegistryOptions.subjectPrefix,
		batchSize: options.batchSize ?? defaultRegistryOptions.batchSize,
		flushTimeoutMs: options.timeoutMs ?? defaultRegistryOptions.timeoutMs,
	});
}

/** What the header shows for these backends (credentials redacted). */
export function describeBackends(options: Pick<RegistryOptions, 'redis' | 'nats'>): string {
	const registry = options.redis ? `registry ${describeRedis(options.redis)}` : 'in-memory registry';
	const bus = options.nats ? `bus ${describeNats(options.nats)}` : 'in-memory bus';
	return `${registry} + ${bus}${options.redis || options.nats ? '' : ' (no servers)'}`;
}
