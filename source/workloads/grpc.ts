/**
 * The gRPC workload: one method of any call type (unary, server, client or bidi streaming) sent
 * through real grpc-js channels. Runs inside a worker thread from plain options: it loads the
 * protos itself, keeps `connections` channels (each with its own subchannel, so its own HTTP/2
 * connection) and calls through grpc-js's channel-level call API, which skips the per-call
 * interceptor chain and stack capture of the generated clients. Request bytes are encoded once
 * when the data has no template actions.
 *
 * Each call ends as one outcome: OK, or the gRPC status name as the error kind (UNAVAILABLE,
 * DEADLINE_EXCEEDED, ...). `messages` counts stream messages sent and received.
 */
import {Channel, Metadata, status as grpcStatus, type ChannelOptions} from '@grpc/grpc-js';
import {UsageError} from '../errors.js';
import {RequestEncoder, callDataValues, type DataSpec} from '../grpc/call-data.js';
import {channelCredentials, quietIpServerName, type TlsOptions} from '../grpc/credentials.js';
import {MetadataBuilder} from '../grpc/metadata.js';
import {callType, findMethod, loadProtos, type CallType, type MethodInfo} from '../grpc/proto.js';
import type {CallInfo, CallOutcome, Workload, WorkloadContext, WorkloadFactory, WorkloadMetrics} from './workload.js';

export type GrpcOptions = {
	/** host:port */
	readonly target: string;
	readonly protoFiles: readonly string[];
	readonly importPaths: readonly string[];
	/** 'pkg.Service.Method' or 'pkg.Service/Method'. */
	readonly call: string;
	readonly data: DataSpec;
	readonly metadata: Readonly<Record<string, string>>;
	readonly tls: TlsOptions;
	/** Channels (HTTP/2 connections) per worker. */
	readonly connections: number;
	/** Keepalive ping interval, ms (0 = off). */
	readonly keepaliveMs: number;
	/** How long open() waits for the first connection, ms. */
	readonly connectTimeoutMs: number;
};

type RawCall = ReturnType<Channel['createCall']>;
type Status = {code: number; details: string};

const noop = () => {
	// Nothing to do.
};

/** grpc-js connectivity states. */
const ready = 2;
const shutdown = 4;
/** How far ahead a connectivity watch is armed; it is re-armed when it expires. */
const watchWindowMs = 3_600_000;

export function statusName(code: number): string {
	return grpcStatus[code] ?? `STATUS_${code}`;
}

function outcomeOf(status: Status, messages: number | undefined): CallOutcome {
	if (status.code === grpcStatus.OK) {
		return messages === undefined ? {ok: true} : {ok: true, messages};
	}

	const message = `${statusName(status.code)}: ${status.details}`;
	return messages === undefined ? {ok: false, kind: statusName(status.code), message} : {ok: false, kind: statusName(status.code), message, messages};
}

export function channelOptions(options: Pick<GrpcOptions, 'keepaliveMs'>, index: number, extra: ChannelOptions): ChannelOptions {
	return {
		...extra,
		// A subchannel pool of its own: channels to one target would otherwise share one connection.
		'grpc.use_local_subchannel_pool': 1,
		'loadscope.connection': index,
		'grpc.max_receive_message_length': -1,
		...(options.keepaliveMs > 0 ? {'grpc.keepalive_time_ms': options.keepaliveMs, 'grpc.keepalive_permit_without_calls': 1} : {}),
	};
}

class GrpcWorkload implements Workload {
	readonly operations;
	readonly #options: GrpcOptions;
	readonly #context: WorkloadContext;
	readonly #method: MethodInfo;
	readonly #type: CallType;
	readonly #encoder: RequestEncoder;
	readonly #metadata: MetadataBuilder;
	readonly #channels: Channel[] = [];
	#next = 0;
	/** Connections that came back (READY again after being lost) since the last collect. */
	#reconnects = 0;

	constructor(options: GrpcOptions, context: WorkloadContext) {
		this.#options = options;
		this.#context = context;
		this.#method = findMethod(loadProtos(options.protoFiles, options.importPaths), options.call);
		this.#type = callType(this.#method);
		this.#encoder = new RequestEncoder(options.data, this.#method);
		this.#metadata = new MetadataBuilder(options.metadata, callDataValues(this.#method));
		this.operations = [{name: this.#method.methodName, weight: 1}];
	}

	async open(): Promise<void> {
		quietIpServerName(this.#options.target, this.#options.tls);
		const {credentials, options: tlsOptions} = channelCredentials(this.#options.tls);
		for (let index = 0; index < this.#options.connections; index++) {
			const options = channelOptions(this.#options, this.#context.workerId * 1000 + index, tlsOptions);
			this.#channels.push(new Channel(this.#options.target, credentials, options));
		}

		// Connect now, not on the first call, so the first calls do not pay for the handshakes.
		const deadline = Date.now() + this.#options.connectTimeoutMs;
		await Promise.all(this.#channels.map(async channel => waitReady(channel, deadline)));
		for (const channel of this.#channels) {
			this.#follow(channel);
		}
	}

	collect(): WorkloadMetrics {
		const reconnects = this.#reconnects;
		this.#reconnects = 0;
		return {
			counters: {'connections.grpc.reconnects': reconnects},
			histograms: {},
			gauges: {
				'connections.grpc.up': this.#channels.filter(channel => channel.getConnectivityState(false) === ready).length,
				'connections.grpc.total': this.#channels.length,
			},
		};
	}

	/** Follow a channel's connectivity: a connection that is READY again after being lost is a reconnect. */
	#follow(channel: Channel): void {
		let wasReady = channel.getConnectivityState(false) === ready;
		let lost = false;
		const watch = () => {
			const state = channel.getConnectivityState(false) as number;
			if (state === shutdown) {
				return;
			}

			if (state === ready) {
				if (lost) {
					this.#reconnects++;
				}

				lost = false;
				wasReady = true;
			} else if (wasReady) {
				lost = true;
			}

			channel.watchConnectivityState(state, Date.now() + watchWindowMs, watch);
		};

		channel.watchConnectivityState(channel.getConnectivityState(false), Date.now() + watchWindowMs, watch);
	}

	async call(info: CallInfo): Promise<CallOutcome> {
		const channel = this.#channels[this.#next++ % this.#channels.length]!;
		const deadline = this.#context.timeoutMs > 0 ? Date.now() + this.#context.timeoutMs : Number.POSITIVE_INFINITY;
		const call = channel.createCall(this.#method.path, deadline, undefined, null, undefined);
		const metadata = this.#metadata.forCall(info.requestNumber, this.#context.workerId, info.intendedMs);
		if (this.#type === 'unary' || this.#type === 'server-stream') {
			const message = this.#encoder.one(info.requestNumber, this.#context.workerId, info.intendedMs);
			return exchange(call, metadata, [message], this.#type === 'server-stream');
		}

		return exchange(call, metadata, this.#encoder.all(info.requestNumber, this.#context.workerId, info.intendedMs), true);
	}

	async close(): Promise<void> {
		for (const channel of this.#channels) {
			channel.close();
		}

		this.#channels.length = 0;
	}
}

/** Resolves when the channel is READY, or at the deadline (calls then fail with UNAVAILABLE and are counted). */
async function waitReady(channel: Channel, deadline: number): Promise<void> {
	return new Promise(resolve => {
		const check = () => {
			const state = channel.getConnectivityState(true) as number;
			if (state === ready || state === shutdown || Date.now() >= deadline) {
				resolve();
				return;
			}

			channel.watchConnectivityState(state, deadline, check);
		};

		check();
	});
}

/**
 * Start a call, send `messages` one after another (each after the previous one was written),
 * half-close, read until the status. `count` reports sent + received messages (streams).
 */
async function exchange(call: RawCall, metadata: Metadata, messages: readonly Buffer[], count: boolean): Promise<CallOutcome> {
	return new Promise<CallOutcome>(resolve => {
		let received = 0;
		call.start(metadata, {
			onReceiveMetadata: noop,
			onReceiveMessage() {
				received++;
				call.startRead();
			},
			onReceiveStatus(status) {
				resolve(outcomeOf(status, count ? messages.length + received : undefined));
			},
		});
		call.startRead();
		if (messages.length === 1) {
			call.sendMessageWithContext({}, messages[0]!);
			call.halfClose();
			return;
		}

		let index = 0;
		const sendNext = () => {
			if (index >= messages.length) {
				call.halfClose();
				return;
			}

			call.sendMessageWithContext({callback: sendNext}, messages[index++]!);
		};

		sendNext();
	});
}

function check(raw: Record<string, unknown>): GrpcOptions {
	const options = raw as GrpcOptions;
	if (typeof options.target !== 'string' || typeof options.call !== 'string' || !Number.isInteger(options.connections) || options.connections < 1) {
		throw new UsageError('grpc: target, call and connections >= 1 are required');
	}

	return options;
}

export const create: WorkloadFactory = async (raw, context) => new GrpcWorkload(check(raw), context);
