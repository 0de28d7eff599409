/**
 * The built-in system under test (`loadscope serve`), startable in-process from tests:
 * `startServer({port: 0})` → {port, close()}. Serves KeyValue over memory, Redis or NATS, the
 * MulticastRegistry over the pattern (Redis store and NATS bus when given, in-memory otherwise),
 * the standard gRPC health service, and applies the experiment knobs to every unary call.
 */
import {randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {Server, ServerCredentials, loadPackageDefinition, type GrpcObject, type ServiceDefinition} from '@grpc/grpc-js';
import {loadSync} from '@grpc/proto-loader';
import {HealthImplementation} from 'grpc-health-check';
import {parseNatsTarget} from '../connections/nats.js';
import {parseRedisTarget} from '../connections/redis.js';
import {registryServiceName} from '../grpc/registry-messages.js';
import {packagePath} from '../paths.js';
import {createBus, createRegistry, describeBackends, type RegistryOptions} from '../pattern/create.js';
import {Experiment, noExperiment, type ExperimentOptions} from './experiment.js';
import {MemoryKeyValueStore} from './keyvalue-memory.js';
import {NatsKeyValueStore} from './keyvalue-nats.js';
import {RedisKeyValueStore} from './keyvalue-redis.js';
import {keyValueService, type MetadataObserver} from './keyvalue-service.js';
import type {KeyValueStore} from './keyvalue-store.js';
import {registryService} from './registry-service.js';

export type ServerTls = {
	/** PEM file paths. With `ca`, clients must present a certificate it signed (mutual TLS). */
	readonly cert: string;
	readonly key: string;
	readonly ca?: string;
};

export type ServerOptions = {
	/** Port to listen on (0 = any free port). Default 8980. */
	readonly port?: number;
	/** Address to bind. Default 0.0.0.0. */
	readonly host?: string;
	readonly experiment?: Partial<ExperimentOptions>;
	/** Redis (host:port or redis:// URL): KeyValue's store and the registry's identities. */
	readonly redisAddr?: string;
	/**
	 * NATS (comma-separated servers): the registry's multicast bus, and KeyValue's store (a
	 * JetStream key-value bucket) when there is no --redis-addr.
	 */
	readonly natsServers?: string;
	readonly tls?: ServerTls;
	/** Sees each call's request metadata. */
	readonly onMetadata?: MetadataObserver;
};

export type RunningServer = {
	readonly port: number;
	/** One line: what is served and how. */
	readonly description: string;
	/** Calls waiting for a slot under --max-concurrency right now. */
	readonly queued: () => number;
	/** Registry Subscribe streams open right now. */
	readonly subscribers: () => number;
	/** Stop accepting calls, let running ones finish for up to `graceMs`, then cut them. */
	close(graceMs?: number): Promise<void>;
};

export const keyValueServiceName = 'loadscope.keyvalue.v1.KeyValue';

const protoOptions = {keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true};

function serviceDefinition(file: string, name: string): ServiceDefinition {
	let node: unknown = loadPackageDefinition(loadSync(packagePath('proto', file), protoOptions));
	for (const part of name.split('.')) {
		node = (node as GrpcObject)[part];
	}

	return (node as {service: ServiceDefinition}).service;
}

async function openStore(options: ServerOptions): Promise<KeyValueStore> {
	if (options.redisAddr) {
		const store = new RedisKeyValueStore(options.redisAddr);
		await store.connect();
		return store;
	}

	if (options.natsServers) {
		const store = new NatsKeyValueStore(options.natsServers);
		await store.connect();
		return store;
	}

	return new MemoryKeyValueStore();
}

function serverCredentials(tls: ServerTls | undefined): ServerCredentials {
	if (!tls) {
		return ServerCredentials.createInsecure();
	}

	const ca = tls.ca ? readFileSync(tls.ca) : null;
	return ServerCredentials.createSsl(ca, [{cert_chain: readFileSync(tls.cert), private_key: readFileSync(tls.key)}], Boolean(tls.ca));
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
	const experiment = new Experiment({...noExperiment, ...options.experiment});
	const timeoutMs = 5000;
	const backends: RegistryOptions = {
		redis: options.redisAddr ? parseRedisTarget({redisAddr: options.redisAddr}) : undefined,
		nats: options.natsServers ? parseNatsTarget({natsServers: options.natsServers}) : undefined,
		namespace: randomUUID(),
		timeoutMs,
	};
	const opened: Array<{close(): Promise<void>}> = [];
	const closeAll = async () => {
		await Promise.allSettled(opened.map(async part => part.close()));
	};

	// The registry first: its connections say clearly which backend cannot be reached.
	let registry;
	let subscriptions;
	let store;
	try {
		registry = await createRegistry({...backends, connectionName: 'loadscope-serve'});
		opened.push(registry);
		subscriptions = await createBus({...backends, connectionName: 'loadscope-serve-subscribe'});
		opened.push(subscriptions);
		store = await openStore(options);
		opened.push(store);
	} catch (error) {
		await closeAll();
		throw error;
	}

	const server = new Server({'grpc.max_receive_message_length': -1});
	server.addService(serviceDefinition('keyvalue.proto', keyValueServiceName), keyValueService(store, experiment, options.onMetadata));
	const registryHandle = registryService(registry, subscriptions, experiment, {timeoutMs, observe: options.onMetadata});
	server.addService(serviceDefinition('registry.proto', registryServiceName), registryHandle.implementation);
	const health = new HealthImplementation({'': 'SERVING', [keyValueServiceName]: 'SERVING', [registryServiceName]: 'SERVING'});
	health.addToServer(server);
	const host = options.host ?? '0.0.0.0';
	let port: number;
	try {
		port = await new Promise<number>((resolve, reject) => {
			server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${options.port ?? 8980}`, serverCredentials(options.tls), (error, bound) => {
				if (error) {
					reject(error);
				} else {
					resolve(bound);
				}
			});
		});
	} catch (error) {
		await closeAll();
		throw error;
	}

	let closing: Promise<void> | undefined;
	return {
		port,
		description: `KeyValue (${store.description}) + MulticastRegistry (${describeBackends(backends)}) + health on ${host}:${port}${options.tls ? (options.tls.ca ? ' (mutual TLS)' : ' (TLS)') : ' (plaintext)'}`,
		queued: () => experiment.queued,
		subscribers: () => registryHandle.streams(),
		async close(graceMs = 5000) {
			closing ??= (async () => {
				health.setStatus('', 'NOT_SERVING');
				health.setStatus(keyValueServiceName, 'NOT_SERVING');
				health.setStatus(registryServiceName, 'NOT_SERVING');
				// Subscribe streams never end by themselves: tell their clients the server is going.
				registryHandle.endStreams();
				await new Promise<void>(resolve => {
					const timer = setTimeout(() => {
						server.forceShutdown();
						resolve();
					}, graceMs);
					server.tryShutdown(() => {
						clearTimeout(timer);
						resolve();
					});
				});
				await closeAll();
			})();
			return closing;
		},
	};
}
