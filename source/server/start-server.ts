/**
 * The built-in system under test (`loadscope serve`), startable in-process from tests:
 * `startServer({port: 0})` → {port, close()}. Serves KeyValue over memory, Redis or NATS, the
 * standard gRPC health service, and applies the experiment knobs to every call.
 */
import {readFileSync} from 'node:fs';
import {Server, ServerCredentials, loadPackageDefinition, type GrpcObject, type ServiceDefinition} from '@grpc/grpc-js';
import {loadSync} from '@grpc/proto-loader';
import {HealthImplementation} from 'grpc-health-check';
import {packagePath} from '../paths.js';
import {Experiment, noExperiment, type ExperimentOptions} from './experiment.js';
import {MemoryKeyValueStore} from './keyvalue-memory.js';
import {NatsKeyValueStore} from './keyvalue-nats.js';
import {RedisKeyValueStore} from './keyvalue-redis.js';
import {keyValueService, type MetadataObserver} from './keyvalue-service.js';
import type {KeyValueStore} from './keyvalue-store.js';

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
	/** Back KeyValue with Redis (host:port or redis:// URL) instead of memory. */
	readonly redisAddr?: string;
	/** Back KeyValue with a NATS JetStream key-value bucket (comma-separated servers). */
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
	if (options.redisAddr && options.natsServers) {
		throw new Error('choose one backend: --redis-addr or --nats-servers');
	}

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
	const store = await openStore(options);
	const server = new Server({'grpc.max_receive_message_length': -1});
	server.addService(serviceDefinition('keyvalue.proto', keyValueServiceName), keyValueService(store, experiment, options.onMetadata));
	const health = new HealthImplementation({'': 'SERVING', [keyValueServiceName]: 'SERVING'});
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
		await store.close();
		throw error;
	}

	let closing: Promise<void> | undefined;
	return {
		port,
		description: `KeyValue (${store.description}) + health on ${host}:${port}${options.tls ? (options.tls.ca ? ' (mutual TLS)' : ' (TLS)') : ' (plaintext)'}`,
		queued: () => experiment.queued,
		async close(graceMs = 5000) {
			closing ??= (async () => {
				health.setStatus('', 'NOT_SERVING');
				health.setStatus(keyValueServiceName, 'NOT_SERVING');
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
				await store.close();
			})();
			return closing;
		},
	};
}
