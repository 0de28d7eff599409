/**
 * The two halves the pattern composes: an identity store (Redis or in-memory) and a message bus
 * (NATS or in-memory). The coordinator (coordinator.ts) joins them into a MulticastRegistry.
 */
import type {Filter} from './filter.js';
import type {Metadata, RegisteredIdentity} from './types.js';

export interface IdentityStore {
	readonly name: string;
	register(identity: string, metadata: Metadata, ttlMs: number): Promise<void>;
	unregister(identity: string): Promise<boolean>;
	enumerate(filter: Filter | undefined): Promise<RegisteredIdentity[]>;
	/** Just the names of live matching identities (may skip reading metadata when an index answers the filter). */
	targets(filter: Filter | undefined): Promise<string[]>;
	readonly up: boolean;
	close(): Promise<void>;
}

export type Subscription = {
	unsubscribe(): void;
	/** When set, resolves once this subscription is live (rejects if it cannot be); otherwise flush() says so. */
	readonly ready?: Promise<void>;
};

export interface MessageBus {
	readonly name: string;
	/** Buffered: nothing is sent until flush(). Throws a PatternError when the bus is down. */
	publish(subject: string, data: Uint8Array): void;
	/** Send what is buffered and wait until the server has it (bounded by `timeoutMs`). */
	flush(timeoutMs: number): Promise<void>;
	subscribe(subject: string, handler: (subject: string, data: Uint8Array) => void): Subscription;
	readonly up: boolean;
	close(): Promise<void>;
}

/** What the delivery receiver needs of a bus: subscriptions only (gRPC Subscribe streams are one). */
export type ReceiverBus = Pick<MessageBus, 'name' | 'subscribe' | 'flush' | 'up' | 'close'>;
