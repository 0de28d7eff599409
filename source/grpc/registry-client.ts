/**
 * The Multicast Registry pattern through `loadscope serve`'s MulticastRegistry service: the same
 * MulticastRegistry interface as the pattern-level coordinator, so the registry workload runs the
 * same mix over one gRPC hop (`--grpc HOST:PORT`). Failures reject with a PatternError whose kind
 * is the gRPC status name (UNAVAILABLE, DEADLINE_EXCEEDED, ...). A multicast that failed as a
 * whole still reports its target and failed counts (from the server's trailers).
 */
import {channelCredentials, quietIpServerName, type TlsOptions} from './credentials.js';
import {Metadata, connectivityState, loadPackageDefinition, status, type ChannelCredentials, type ChannelOptions, type Client, type GrpcObject, type ServiceClientConstructor, type ServiceError} from '@grpc/grpc-js';
import {loadSync} from '@grpc/proto-loader';
import {packagePath} from '../paths.js';
import type {Filter} from '../pattern/filter.js';
import {PatternError, type Metadata as IdentityMetadata, type MulticastRegistry, type MulticastResult, type RegisteredIdentity} from '../pattern/types.js';
import {filterToMessage, identityFromMessage, metadataToMessage, registryServiceName, type IdentityMessage} from './registry-messages.js';

const protoOptions = {keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true};

type Unary = (request: unknown, metadata: Metadata, options: {deadline: number}, callback: (error: ServiceError | null, response: unknown) => void) => void;

/** The generated client constructor for the MulticastRegistry service. */
export function registryClientConstructor(): ServiceClientConstructor {
	let node: unknown = loadPackageDefinition(loadSync(packagePath('proto', 'registry.proto'), protoOptions));
	for (const part of registryServiceName.split('.')) {
		node = (node as GrpcObject)[part];
	}

	return node as ServiceClientConstructor;
}

export function statusName(code: number): string {
	return status[code] ?? `STATUS_${code}`;
}

/** A failed call as a PatternError of kind = status name. */
export function callError(error: ServiceError): PatternError {
	const name = statusName(error.code);
	return new PatternError(name, `${name}: ${error.details || error.message}`);
}

export type RegistryClientOptions = {
	/** host:port of `loadscope serve`. */
	readonly target: string;
	/** TLS settings (--grpc-cacert, …); plaintext without them. */
	readonly tls: TlsOptions;
	/**
	 * Per-call deadline, ms; 0 = none (the server's own backend timeouts apply). Without one, a
	 * multicast's target count is always known, so no delivery is counted without its targets.
	 */
	readonly timeoutMs: number;
	/** Names the HTTP/2 connection (each client gets its own). */
	readonly connectionName: string;
};

/** Credentials and channel options for one connection of its own to `loadscope serve` (calls and Subscribe streams alike). */
export function registryChannelArgs(options: Pick<RegistryClientOptions, 'target' | 'connectionName' | 'tls'>): {credentials: ChannelCredentials; options: ChannelOptions} {
	quietIpServerName(options.target, options.tls);
	const {credentials, options: tlsOptions} = channelCredentials(options.tls);
	return {
		credentials,
		options: {
			...tlsOptions,
			'grpc.use_local_subchannel_pool': 1,
			'grpc.primary_user_agent': options.connectionName,
			'grpc.max_receive_message_length': -1,
		},
	};
}

export function openClient(options: Pick<RegistryClientOptions, 'target' | 'connectionName' | 'tls'>): Client {
	const Constructor = registryClientConstructor();
	const channel = registryChannelArgs(options);
	return new Constructor(options.target, channel.credentials, channel.options);
}

export class GrpcRegistry implements MulticastRegistry {
	readonly #client: Client;
	readonly #timeoutMs: number;

	constructor(options: RegistryClientOptions) {
		this.#client = openClient(options);
		this.#timeoutMs = options.timeoutMs;
	}

	async register(identity: string, metadata: IdentityMetadata, ttlMs: number): Promise<void> {
		await this.#call('Register', {identity, metadata: metadataToMessage(metadata), ttl_ms: Math.ceil(ttlMs)});
	}

	async unregister(identity: string): Promise<boolean> {
		try {
			// Not part of the mix (the workload's identities go offline at the end): bounded even without --timeout.
			await this.#call('Unregister', {identity}, this.#timeoutMs > 0 ? this.#timeoutMs : 5000);
			return true;
		} catch (error) {
			if (error instanceof PatternError && error.kind === 'NOT_FOUND') {
				return false;
			}

			throw error;
		}
	}

	async enumerate(filter?: Filter): Promise<RegisteredIdentity[]> {
		const response = (await this.#call('Enumerate', {filter: filter ? filterToMessage(filter) : null})) as {identities: IdentityMessage[]};
		return response.identities.map(entry => identityFromMessage(entry));
	}

	async multicast(filter: Filter | undefined, payload: Uint8Array): Promise<MulticastResult> {
		try {
			const response = (await this.#raw('Multicast', {filter: filter ? filterToMessage(filter) : null, payload})) as {
				target_count: number;
				published_count: number;
				failed_count: number;
				failure_kind: string;
				failure_message: string;
			};
			const result = {targets: response.target_count, published: response.published_count, failed: response.failed_count};
			return response.failed_count > 0 ? {...result, error: {kind: response.failure_kind || 'publish', message: response.failure_message}} : result;
		} catch (caught) {
			const error = caught as ServiceError;
			const targets = Number(error.metadata?.get('loadscope-target-count')[0] ?? Number.NaN);
			if (!Number.isFinite(targets)) {
				throw callError(error);
			}

			const failed = Number(error.metadata.get('loadscope-failed-count')[0] ?? targets);
			const problem = callError(error);
			return {targets, published: targets - failed, failed, error: {kind: problem.kind, message: problem.message}};
		}
	}

	/** Over gRPC an identity's deliveries are named by the identity itself (see registry-subscriptions.ts). */
	subjectFor(identity: string): string {
		return identity;
	}

	connections(): Record<string, boolean> {
		const state = this.#client.getChannel().getConnectivityState(false);
		return {grpc: state === connectivityState.READY || state === connectivityState.IDLE};
	}

	async close(): Promise<void> {
		this.#client.close();
	}

	async #call(method: string, request: unknown, timeoutMs = this.#timeoutMs): Promise<unknown> {
		try {
			return await this.#raw(method, request, timeoutMs);
		} catch (error) {
			throw callError(error as ServiceError);
		}
	}

	async #raw(method: string, request: unknown, timeoutMs = this.#timeoutMs): Promise<unknown> {
		const call = (this.#client as unknown as Record<string, Unary>)[method]!.bind(this.#client);
		return new Promise((resolve, reject) => {
			call(request, new Metadata(), {deadline: timeoutMs > 0 ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY}, (error, response) => {
				if (error) {
					reject(error);
				} else {
					resolve(response);
				}
			});
		});
	}
}
