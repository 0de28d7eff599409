/**
 * The receiving side of the registry workload over gRPC: each identity that goes online holds a
 * MulticastRegistry.Subscribe stream, on a connection of its own, and what the server forwards is
 * handed to the delivery receiver (source/workloads/registry-receiver.ts) exactly as a NATS
 * subscription would. `ready` resolves when the server's response headers arrive, which it sends
 * once the subscription is live on its bus, so registering afterwards cannot miss a multicast.
 * A stream that fails before it is live fails going online; one the server ends later (it
 * restarted, its bus failed) is opened again every 500 ms for as long as the identity stays online.
 * Streams go through grpc-js's channel-level call API (no per-message interceptor chain or Readable
 * stream): a multicast to every identity means one message per stream, and the receiving worker
 * must keep up with thousands a second.
 */
import type {TlsOptions} from './credentials.js';
import {Channel, Metadata, connectivityState, status, type ServiceError, type StatusObject} from '@grpc/grpc-js';
import type {ReceiverBus, Subscription} from '../pattern/backend.js';
import {PatternError} from '../pattern/types.js';
import {callError, registryChannelArgs, registryClientConstructor} from './registry-client.js';
import {registryServiceName} from './registry-messages.js';

type Delivery = {payload: Buffer; received_at_ms: number};
type Handler = (subject: string, data: Uint8Array) => void;
type Codec = {serialize: (value: unknown) => Buffer; deserialize: (bytes: Buffer) => Delivery};
type RawCall = ReturnType<Channel['createCall']>;

const path = `/${registryServiceName}/Subscribe`;

const retryMs = 500;

export class SubscriptionStreams implements ReceiverBus {
	readonly name = 'grpc-subscribe';
	readonly #channel: Channel;
	readonly #codec: Codec;
	readonly #timeoutMs: number;
	readonly #open = new Set<() => void>();
	#closed = false;

	constructor(options: {target: string; tls: TlsOptions; timeoutMs: number; connectionName: string}) {
		const channel = registryChannelArgs(options);
		this.#channel = new Channel(options.target, channel.credentials, channel.options);
		const method = (registryClientConstructor().service as unknown as Record<string, {requestSerialize: Codec['serialize']; responseDeserialize: Codec['deserialize']}>).Subscribe!;
		this.#codec = {serialize: method.requestSerialize, deserialize: method.responseDeserialize};
		this.#timeoutMs = options.timeoutMs;
	}

	get up(): boolean {
		const state = this.#channel.getConnectivityState(false);
		return state === connectivityState.READY || state === connectivityState.IDLE;
	}

	/** The subject is the identity (GrpcRegistry.subjectFor). */
	subscribe(identity: string, handler: Handler): Subscription {
		let stream: RawCall | undefined;
		let wanted = true;
		let timer: NodeJS.Timeout | undefined;
		let settle: {resolve: () => void; reject: (error: Error) => void} | undefined;
		const ready = new Promise<void>((resolve, reject) => {
			settle = {resolve, reject};
		});
		// A caller that never awaits `ready` must not see an unhandled rejection.
		ready.catch(() => undefined);
		const deadline = setTimeout(() => {
			settle?.reject(new PatternError('DEADLINE_EXCEEDED', `DEADLINE_EXCEEDED: Subscribe for '${identity}' not live within ${this.#timeoutMs} ms`));
			settle = undefined;
		}, this.#timeoutMs);
		const request = this.#codec.serialize({identity, max_messages: 0});

		const start = () => {
			if (!wanted || this.#closed) {
				return;
			}

			const current = this.#channel.createCall(path, Number.POSITIVE_INFINITY, undefined, null, undefined);
			stream = current;
			const ended = (final: StatusObject) => {
				if (stream !== current || !wanted) {
					return;
				}

				stream = undefined;
				if (settle) {
					// Never went live (server unreachable, bad identity, ...): going online fails.
					clearTimeout(deadline);
					settle.reject(
						final.code === status.OK
							? new PatternError('UNAVAILABLE', `UNAVAILABLE: Subscribe for '${identity}' ended before it was live`)
							: callError(Object.assign(new Error(final.details), final) as ServiceError),
					);
					settle = undefined;
					return;
				}

				timer = setTimeout(start, retryMs);
			};

			current.start(new Metadata(), {
				onReceiveMetadata() {
					clearTimeout(deadline);
					settle?.resolve();
					settle = undefined;
				},
				onReceiveMessage: (bytes: Buffer) => {
					handler(identity, this.#codec.deserialize(bytes).payload);
					current.startRead();
				},
				onReceiveStatus: ended,
			});
			current.sendMessageWithContext({}, request);
			current.halfClose();
			current.startRead();
		};

		const stop = () => {
			wanted = false;
			clearTimeout(timer);
			clearTimeout(deadline);
			settle?.reject(new PatternError('CANCELLED', `Subscribe for '${identity}' cancelled`));
			settle = undefined;
			const current = stream;
			stream = undefined;
			current?.cancelWithStatus(status.CANCELLED, 'offline');
			this.#open.delete(stop);
		};

		this.#open.add(stop);
		start();
		return {unsubscribe: stop, ready};
	}

	/** Streams report readiness each on their own (`ready`); nothing is buffered here. */
	async flush(): Promise<void> {
		// Nothing to send.
	}

	async close(): Promise<void> {
		this.#closed = true;
		for (const stop of [...this.#open]) {
			stop();
		}

		this.#channel.close();
	}
}
