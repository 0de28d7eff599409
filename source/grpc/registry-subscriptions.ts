/**
 * The receiving side of the registry workload over gRPC: each identity that goes online holds a
 * MulticastRegistry.Subscribe stream, on a connection of its own, and what the server forwards is
 * handed to the delivery receiver (source/workloads/registry-receiver.ts) exactly as a NATS
 * subscription would. `ready` resolves when the server's response headers arrive, which it sends
 * once the subscription is live on its bus, so registering afterwards cannot miss a multicast.
 * A stream that fails before it is live fails going online; one the server ends later (it
 * restarted, its bus failed) is opened again every 500 ms for as long as the identity stays online.
 */
import {Metadata, connectivityState, type Client, type ClientReadableStream, type ServiceError} from '@grpc/grpc-js';
import type {ReceiverBus, Subscription} from '../pattern/backend.js';
import {PatternError} from '../pattern/types.js';
import {callError, openClient} from './registry-client.js';

type Delivery = {payload: Buffer; received_at_ms: number};
type Handler = (subject: string, data: Uint8Array) => void;

const retryMs = 500;

export class SubscriptionStreams implements ReceiverBus {
	readonly name = 'grpc-subscribe';
	readonly #client: Client;
	readonly #timeoutMs: number;
	readonly #open = new Set<() => void>();
	#closed = false;

	constructor(options: {target: string; timeoutMs: number; connectionName: string}) {
		this.#client = openClient(options);
		this.#timeoutMs = options.timeoutMs;
	}

	get up(): boolean {
		const state = this.#client.getChannel().getConnectivityState(false);
		return state === connectivityState.READY || state === connectivityState.IDLE;
	}

	/** The subject is the identity (GrpcRegistry.subjectFor). */
	subscribe(identity: string, handler: Handler): Subscription {
		let stream: ClientReadableStream<Delivery> | undefined;
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

		const start = () => {
			if (!wanted || this.#closed) {
				return;
			}

			const subscribe = (this.#client as unknown as {Subscribe: (request: unknown, metadata: Metadata) => ClientReadableStream<Delivery>}).Subscribe.bind(this.#client);
			const current = subscribe({identity, max_messages: 0}, new Metadata());
			stream = current;
			current.on('metadata', () => {
				clearTimeout(deadline);
				settle?.resolve();
				settle = undefined;
			});
			current.on('data', (delivery: Delivery) => {
				handler(identity, delivery.payload);
			});
			const ended = (error: ServiceError | undefined) => {
				if (stream !== current || !wanted) {
					return;
				}

				stream = undefined;
				if (settle) {
					// Never went live (server unreachable, bad identity, ...): going online fails.
					clearTimeout(deadline);
					settle.reject(error ? callError(error) : new PatternError('UNAVAILABLE', `UNAVAILABLE: Subscribe for '${identity}' ended before it was live`));
					settle = undefined;
					return;
				}

				timer = setTimeout(start, retryMs);
			};

			current.on('error', (error: ServiceError) => {
				ended(error);
			});
			current.on('end', () => {
				ended(undefined);
			});
		};

		const stop = () => {
			wanted = false;
			clearTimeout(timer);
			clearTimeout(deadline);
			settle?.reject(new PatternError('CANCELLED', `Subscribe for '${identity}' cancelled`));
			settle = undefined;
			const current = stream;
			stream = undefined;
			current?.cancel();
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

		this.#client.close();
	}
}
