/**
 * The Multicast Registry workload (memo-019's "mixed" load): register / enumerate / multicast
 * against the pattern in source/pattern/, with real delivery measured by a receiver on its own
 * bus connection (registry-receiver.ts). Identities are `loadtest-user-<requestNumber>`, unique
 * across workers; each one goes online (subscribes to its subject) in the worker that registered
 * it, then is registered with the metadata below and the run's TTL.
 *
 * With `grpc` set, the same mix goes through `loadscope serve`'s MulticastRegistry service
 * (source/grpc/registry-client.ts) and each online identity holds a Subscribe stream
 * (source/grpc/registry-subscriptions.ts): delivery is measured at those receivers, the same way.
 */
import {epochNow} from '../engine/clock.js';
import type {NatsTarget} from '../connections/nats.js';
import type {RedisTarget} from '../connections/redis.js';
import type {TlsOptions} from '../grpc/credentials.js';
import {createBus, createRegistry} from '../pattern/create.js';
import type {Filter} from '../pattern/filter.js';
import {PatternError, type Metadata, type MulticastRegistry} from '../pattern/types.js';
import {DeliveryReceiver, encodePayload} from './registry-receiver.js';
import type {CallInfo, CallOutcome, OperationSpec, Workload, WorkloadContext, WorkloadFactory, WorkloadMetrics} from './workload.js';

export type RegistryOperation = 'register' | 'enumerate' | 'multicast';
export const registryOperations: readonly RegistryOperation[] = ['register', 'enumerate', 'multicast'];

export type RegistryWorkloadOptions = {
	/** host:port of a `loadscope serve`: run through its Registry service instead of Redis/NATS. */
	readonly grpc?: string | undefined;
	/** TLS for `grpc` (--grpc-cacert, --grpc-cert/--grpc-key, --grpc-cname); plaintext when absent. */
	readonly grpcTls?: TlsOptions | undefined;
	readonly redis: RedisTarget | undefined;
	readonly nats: NatsTarget | undefined;
	/** Shared by the run's threads for the in-memory backends. */
	readonly namespace: string;
	readonly keyPrefix: string;
	readonly subjectPrefix: string;
	readonly ttlMs: number;
	/** Filter for enumerate and multicast (undefined = every live identity). */
	readonly filter: Filter | undefined;
	readonly deliveryTimeoutMs: number;
	/** Percentages (or weights) per operation; zero-weight operations are left out. */
	readonly weights: Readonly<Record<RegistryOperation, number>>;
	/** Identities registered (and online) before the load starts, split across workers. */
	readonly preload: number;
};

const regions = ['us', 'eu', 'ap'] as const;
const devices = ['mobile', 'desktop', 'tablet'] as const;

/** The metadata each load-test identity registers with (status is what --status filters on). */
export function identityMetadata(n: number): Metadata {
	return {
		status: 'online',
		region: regions[n % regions.length]!,
		device: devices[Math.floor(n / regions.length) % devices.length]!,
		user_id: n,
		tier: n % 5,
		registered_at: Date.now(),
	};
}

function failure(error: unknown): CallOutcome {
	if (error instanceof PatternError) {
		return {ok: false, kind: error.kind, message: error.message};
	}

	return {ok: false, kind: 'exception', message: error instanceof Error ? error.message : String(error)};
}

class RegistryWorkload implements Workload {
	readonly operations: OperationSpec[];
	readonly #kinds: RegistryOperation[];
	readonly #options: RegistryWorkloadOptions;
	readonly #context: WorkloadContext;
	#registry: MulticastRegistry | undefined;
	#receiver: DeliveryReceiver | undefined;
	#targets = 0;
	#failed = 0;
	#enumerated = 0;

	constructor(options: RegistryWorkloadOptions, context: WorkloadContext) {
		this.#options = options;
		this.#context = context;
		this.#kinds = registryOperations.filter(name => (options.weights[name] ?? 0) > 0);
		this.operations = this.#kinds.map(name => ({name, weight: options.weights[name]}));
	}

	async open(): Promise<void> {
		const {grpc, redis, nats, namespace, keyPrefix, subjectPrefix} = this.#options;
		const timeoutMs = this.#context.timeoutMs > 0 ? this.#context.timeoutMs : 5000;
		const name = `loadscope-registry-w${this.#context.workerId}`;
		if (grpc) {
			const {GrpcRegistry} = await import('../grpc/registry-client.js');
			const {SubscriptionStreams} = await import('../grpc/registry-subscriptions.js');
			// Deadline only with --timeout: a multicast the client gives up on may still be delivered.
			const {plaintext} = await import('../grpc/credentials.js');
			const tls = this.#options.grpcTls ?? plaintext;
			this.#registry = new GrpcRegistry({target: grpc, tls, timeoutMs: this.#context.timeoutMs, connectionName: name});
			this.#receiver = new DeliveryReceiver(new SubscriptionStreams({target: grpc, tls, timeoutMs, connectionName: `${name}-receiver`}), this.#options.deliveryTimeoutMs);
		} else {
			this.#registry = await createRegistry({redis, nats, namespace, keyPrefix, subjectPrefix, timeoutMs, connectionName: name});
			this.#receiver = new DeliveryReceiver(await createBus({nats, namespace, connectionName: `${name}-receiver`}), this.#options.deliveryTimeoutMs);
		}

		const {preload} = this.#options;
		const {workerId, workerCount} = this.#context;
		const mine: Array<Promise<void>> = [];
		for (let n = workerId; n < preload; n += workerCount) {
			mine.push(this.#register(`loadtest-seed-${n}`, identityMetadata(n)));
			if (mine.length >= 200) {
				// eslint-disable-next-line no-await-in-loop
				await Promise.all(mine.splice(0));
			}
		}

		await Promise.all(mine);
		if (preload > 0) {
			// Barrier: the load starts only once this worker sees every worker's seeds (the in-memory
			// replicas learn them asynchronously).
			const deadline = Date.now() + 10_000;
			const seeds = async () => (await this.#registry!.enumerate()).filter(entry => entry.identity.startsWith('loadtest-seed-')).length;
			// eslint-disable-next-line no-await-in-loop
			while ((await seeds()) < preload && Date.now() < deadline) {
				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setTimeout(resolve, 20);
				});
			}
		}
	}

	async call(info: CallInfo): Promise<CallOutcome> {
		try {
			switch (this.#kinds[info.op]) {
				case 'register': {
					await this.#register(`loadtest-user-${info.requestNumber}`, identityMetadata(info.requestNumber));
					return {ok: true};
				}

				case 'enumerate': {
					const found = await this.#registry!.enumerate(this.#options.filter);
					this.#enumerated += found.length;
					return {ok: true};
				}

				case 'multicast': {
					return await this.#multicast(info);
				}

				default: {
					return {ok: false, kind: 'exception', message: `no operation ${info.op}`};
				}
			}
		} catch (error) {
			return failure(error);
		}
	}

	collect(): WorkloadMetrics {
		const delivery = this.#receiver?.take() ?? {delivered: 0, late: 0, latency: ''};
		const counters: Record<string, number> = {
			'delivery.targets': this.#targets,
			'delivery.failed': this.#failed,
			'delivery.delivered': delivery.delivered,
			'delivery.late': delivery.late,
			'enumerate.results': this.#enumerated,
		};
		this.#targets = 0;
		this.#failed = 0;
		this.#enumerated = 0;
		// Gauges are summed across workers: each worker reports its share, so the sum is the
		// fraction of workers whose connection is up (1 = all up, 0 = all down).
		const share = 1 / this.#context.workerCount;
		const gauges: Record<string, number> = {'registry.online': this.#receiver?.online ?? 0};
		const connections = this.#registry?.connections() ?? {};
		if (this.#options.redis) {
			gauges['connections.redis.up'] = connections.redis ? share : 0;
		}

		if (this.#options.nats) {
			gauges['connections.nats.up'] = connections.nats && this.#receiver?.up ? share : 0;
		}

		if (this.#options.grpc) {
			gauges['connections.grpc.up'] = connections.grpc && this.#receiver?.up ? share : 0;
		}

		return {counters, histograms: delivery.latency === '' ? {} : {'delivery.latency': delivery.latency}, gauges};
	}

	async drain(graceMs: number): Promise<void> {
		if (this.#kinds.includes('multicast')) {
			await this.#receiver?.settle(graceMs);
		}
	}

	async close(): Promise<void> {
		// The load's clients go offline: their identities leave the registry, so the next run (or
		// another process) does not target subscribers that are gone.
		const registry = this.#registry;
		const receiver = this.#receiver;
		if (registry && receiver) {
			const identities = receiver.identities();
			const deadline = Date.now() + 3000;
			for (let start = 0; start < identities.length && Date.now() < deadline; start += 200) {
				// eslint-disable-next-line no-await-in-loop
				await Promise.allSettled(identities.slice(start, start + 200).map(async identity => registry.unregister(identity)));
			}
		}

		await Promise.allSettled([receiver?.close(), registry?.close()]);
	}

	async #register(identity: string, metadata: Metadata): Promise<void> {
		const registry = this.#registry!;
		const receiver = this.#receiver!;
		const {ttlMs} = this.#options;
		// Online first, so a multicast that sees the registration finds a subscriber.
		try {
			await receiver.goOnline(identity, registry.subjectFor(identity), Date.now() + ttlMs);
			await registry.register(identity, metadata, ttlMs);
		} catch (error) {
			receiver.goOffline(identity);
			throw error;
		}
	}

	async #multicast(info: CallInfo): Promise<CallOutcome> {
		const payload = encodePayload({workerId: this.#context.workerId, requestNumber: info.requestNumber, sent: epochNow()});
		const result = await this.#registry!.multicast(this.#options.filter, payload);
		this.#targets += result.targets;
		this.#failed += result.failed;
		if (result.error) {
			return {ok: false, kind: result.error.kind, message: `${result.failed} of ${result.targets} messages not published: ${result.error.message}`, messages: result.published};
		}

		return {ok: true, messages: result.published};
	}
}

export const create: WorkloadFactory = async (raw, context) => new RegistryWorkload(raw as RegistryWorkloadOptions, context);
