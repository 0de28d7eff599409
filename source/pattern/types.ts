/**
 * The Multicast Registry pattern's public types: identities with metadata and a TTL, filters over
 * that metadata (plain data, see filter.ts), and the pattern interface itself. Everything here is
 * structured-clone friendly so it can cross worker threads and gRPC.
 */
import type {Filter} from './filter.js';

export type {Filter} from './filter.js';

/** A metadata value. Comparisons are typed: numbers compare as numbers, strings as strings. */
export type MetadataValue = string | number | boolean;

export type Metadata = Readonly<Record<string, MetadataValue>>;

/** One registered identity as enumerate returns it. */
export type RegisteredIdentity = {
	readonly identity: string;
	readonly metadata: Metadata;
	/** When the registration expires, epoch ms. */
	readonly expiresAtMs: number;
};

/** What one multicast did. `targets` = `published` + `failed`. */
export type MulticastResult = {
	/** Live identities the filter matched. */
	readonly targets: number;
	/** Messages handed to the bus and flushed. */
	readonly published: number;
	/** Messages that could not be published (bus down, flush timed out). */
	readonly failed: number;
	/** Why they failed, when some did: a short kind ('nats-down', 'timeout', ...) and the message. */
	readonly error?: {readonly kind: string; readonly message: string};
};

/**
 * The pattern: register identities with metadata and a TTL, enumerate them by filter, multicast a
 * payload to every identity a filter matches (one message per identity on `<prefix>.<identity>`).
 * Expired identities are neither enumerated nor targeted. Backend failures reject with a
 * `PatternError` carrying a short `kind` (e.g. 'redis-down').
 */
export interface MulticastRegistry {
	register(identity: string, metadata: Metadata, ttlMs: number): Promise<void>;
	/** Resolves true if the identity was registered (and live). */
	unregister(identity: string): Promise<boolean>;
	/** Live identities matching `filter` (all live identities when undefined). */
	enumerate(filter?: Filter): Promise<RegisteredIdentity[]>;
	multicast(filter: Filter | undefined, payload: Uint8Array): Promise<MulticastResult>;
	/** Subject a given identity receives multicasts on. */
	subjectFor(identity: string): string;
	/** Backend connection state, for gauges: name → up. */
	connections(): Record<string, boolean>;
	close(): Promise<void>;
}

/** A backend failure with a stable short kind for grouping ('redis-down', 'nats-down', 'timeout'). */
export class PatternError extends Error {
	override readonly name = 'PatternError';
	readonly kind: string;

	constructor(kind: string, message: string) {
		super(message);
		this.kind = kind;
	}
}
