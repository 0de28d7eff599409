/**
 * Raw Redis: any command with templated arguments, a weighted mix of them, an optional key space
 * preloaded so GETs hit. Each worker keeps `connections` ioredis clients and spreads calls over
 * them round robin. A call is one command and its reply; Redis error replies are counted by their
 * prefix (`WRONGTYPE`, `ERR`, `NOAUTH`, ...), lost connections as kind `connection`.
 *
 * While a connection is down calls fail at once (no offline queue), so a dead server shows as
 * errors, not as a silent pile-up; the client reconnects every 100 ms and the run goes on.
 */
import {Redis, type RedisOptions} from 'ioredis';
import {connectFailure} from '../connections/connect-failure.js';
import {describeRedis, redisClientOptions, type RedisTarget} from '../connections/redis.js';
import {compileRedisCommand, type CompiledRedisCommand, type RedisCommandSpec} from './redis-commands.js';
import type {CallInfo, CallOutcome, Workload, WorkloadContext, WorkloadFactory, WorkloadMetrics} from './workload.js';

export type RedisWorkloadOptions = {
	readonly target: RedisTarget;
	readonly commands: readonly RedisCommandSpec[];
	/** Key space size for `{{.Key}}` and the preload (0 = none). */
	readonly keys: number;
	readonly keyPrefix: string;
	/** Bytes of the value each preloaded key gets. */
	readonly valueSize: number;
	/** ioredis clients per worker. */
	readonly connections: number;
	readonly autoPipeline: boolean;
};

/** Time between reconnect attempts after a connection is lost, ms. */
const reconnectDelayMs = 100;
/** Keys per preload pipeline. */
const preloadBatch = 1000;

/** The kind of a failed command: the Redis error prefix, `timeout`, or `connection`. */
export function redisErrorKind(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	if (error instanceof Error && error.name === 'ReplyError') {
		const prefix = /^([A-Z][A-Z\d_-]*)(\s|$)/.exec(message)?.[1];
		return prefix ?? 'ERR';
	}

	if (/command timed out/i.test(message)) {
		return 'timeout';
	}

	return 'connection';
}

function filler(size: number): string {
	return 'x'.repeat(size);
}

class RedisWorkload implements Workload {
	readonly operations;
	readonly #options: RedisWorkloadOptions;
	readonly #context: WorkloadContext;
	readonly #commands: readonly CompiledRedisCommand[];
	readonly #clients: Redis[] = [];
	#next = 0;
	#reconnects = 0;

	constructor(options: RedisWorkloadOptions, context: WorkloadContext) {
		this.#options = options;
		this.#context = context;
		this.#commands = options.commands.map(spec => compileRedisCommand(spec));
		this.operations = options.commands.map(spec => ({name: spec.name, weight: spec.weight}));
	}

	async open(): Promise<void> {
		const extra: RedisOptions = {
			lazyConnect: true,
			enableOfflineQueue: false,
			maxRetriesPerRequest: 0,
			autoResendUnfulfilledCommands: false,
			enableAutoPipelining: this.#options.autoPipeline,
			retryStrategy: () => reconnectDelayMs,
			connectionName: `loadscope-w${this.#context.workerId}`,
			...(this.#context.timeoutMs > 0 ? {commandTimeout: this.#context.timeoutMs} : {}),
		};
		const options = redisClientOptions(this.#options.target, extra);
		let lastError: Error | undefined;
		for (let index = 0; index < this.#options.connections; index++) {
			const client = new Redis(options);
			// Errors surface on the calls; without a listener ioredis prints them.
			client.on('error', (error: Error) => {
				lastError = error;
			});
			client.on('reconnecting', () => {
				this.#reconnects++;
			});
			this.#clients.push(client);
		}

		try {
			await Promise.all(this.#clients.map(async client => client.connect()));
		} catch (error) {
			await this.close();
			throw new Error(`redis: cannot connect to ${describeRedis(this.#options.target)}: ${connectFailure(lastError ?? error, '--redis-cacert')}`);
		}

		await this.#preload();
	}

	/** Each worker sets its share of the key space (index % workers === workerId). */
	async #preload(): Promise<void> {
		const {keys, keyPrefix, valueSize} = this.#options;
		const {workerId, workerCount} = this.#context;
		const client = this.#clients[0]!;
		const value = filler(valueSize);
		let pipeline = client.pipeline();
		let queued = 0;
		for (let index = workerId; index < keys; index += workerCount) {
			pipeline.set(`${keyPrefix}${index}`, value);
			if (++queued === preloadBatch) {
				// eslint-disable-next-line no-await-in-loop
				await this.#exec(pipeline);
				pipeline = client.pipeline();
				queued = 0;
			}
		}

		if (queued > 0) {
			await this.#exec(pipeline);
		}
	}

	async #exec(pipeline: ReturnType<Redis['pipeline']>): Promise<void> {
		const results = await pipeline.exec();
		const failed = results?.find(([error]) => error);
		if (failed?.[0]) {
			throw new Error(`redis: preloading --keys failed: ${failed[0].message}`);
		}
	}

	async call(info: CallInfo): Promise<CallOutcome> {
		const command = this.#commands[info.op]!;
		const context = {
			requestNumber: info.requestNumber,
			workerId: this.#context.workerId,
			timestampMs: info.intendedMs,
			...(command.usesKey ? {fields: {Key: `${this.#options.keyPrefix}${Math.floor(Math.random() * this.#options.keys)}`}} : {}),
		};
		const args = command.args.map(template => template.render(context));
		const client = this.#clients[this.#next]!;
		this.#next = (this.#next + 1) % this.#clients.length;
		try {
			await client.call(command.verb, ...args);
			return {ok: true};
		} catch (error) {
			return {ok: false, kind: redisErrorKind(error), message: error instanceof Error ? error.message : String(error)};
		}
	}

	collect(): WorkloadMetrics {
		const up = this.#clients.filter(client => client.status === 'ready').length;
		const reconnects = this.#reconnects;
		this.#reconnects = 0;
		return {
			counters: {'connections.redis.reconnects': reconnects},
			histograms: {},
			gauges: {'connections.redis.up': up, 'connections.redis.total': this.#clients.length},
		};
	}

	async close(): Promise<void> {
		for (const client of this.#clients) {
			client.disconnect();
		}
	}
}

export const create: WorkloadFactory = async (raw, context) => new RedisWorkload(raw as RedisWorkloadOptions, context);
