/**
 * Raw NATS, one connection per worker for the load and, when asked, one more for the built-in
 * subscriber or responder.
 *
 * - publish: a call is handing one message to the client's buffer (nats.js publish is fire and
 *   forget; the buffer is written to the socket once per event-loop turn or every 32 KB). Its
 *   latency is therefore only the client's; whether messages arrived is measured by --subscribe.
 * - publish + subscribe: every payload carries a stamp (send time, run, worker, sequence); this
 *   worker's own subscriber counts its messages as delivered (within the delivery timeout) or
 *   late, and times them end to end. These delivery figures are the truth for publish.
 * - request: a call is a request and its reply (optionally answered by a built-in responder).
 * - jetstream: a call is a JetStream publish and its ack (ack latency is the call latency).
 *
 * While the connection is down calls fail at once with kind 'disconnected' (instead of piling up
 * in the client's reconnect buffer); the client reconnects forever every 250 ms.
 */
import {connect, Events, type JetStreamClient, type NatsConnection, type NatsError, type Subscription} from 'nats';
import {connectFailure} from '../connections/connect-failure.js';
import {describeNats, natsConnectionOptions, type NatsTarget} from '../connections/nats.js';
import {epochNow} from '../engine/clock.js';
import {createHistogram, encodeHistogram, recordMs, type Histogram} from '../metrics/histogram.js';
import {compileTemplate, type Template} from '../templates/template.js';
import {readStamp, stampedPayload} from './nats-stamp.js';
import {subjectWildcard} from './nats-subject.js';
import type {CallInfo, CallOutcome, Workload, WorkloadContext, WorkloadFactory, WorkloadMetrics} from './workload.js';

export type NatsMode = 'publish' | 'request';

export type NatsWorkloadOptions = {
	readonly target: NatsTarget;
	readonly mode: NatsMode;
	/** Subject template. */
	readonly subject: string;
	readonly payloadSize: number;
	/** publish mode: run a subscriber and measure delivery. */
	readonly subscribe: boolean;
	/** request mode: answer requests with a built-in responder (queue group, echoes the payload). */
	readonly responder: boolean;
	/** publish mode: publish through JetStream and wait for the ack. */
	readonly jetstream: boolean;
	/** JetStream stream to create (covering the subject) if it does not exist. */
	readonly stream: string;
	/** Delivered later than this counts as late, ms. */
	readonly deliveryTimeoutMs: number;
	/** Tells this run's stamped messages from anyone else's on the subject. */
	readonly runId: number;
};

export const reconnectWaitMs = 250;
const defaultRequestTimeoutMs = 5000;

/** The kind of a failed call, from a nats.js error code. */
export function natsErrorKind(error: unknown): string {
	const code = (error as Partial<NatsError> | undefined)?.code;
	switch (code) {
		case '503': {
			return 'no-responders';
		}

		case 'TIMEOUT': {
			return 'timeout';
		}

		case undefined: {
			return 'error';
		}

		default: {
			return code.toLowerCase();
		}
	}
}

class Connection {
	readonly nc: NatsConnection;
	up = true;
	reconnects = 0;

	constructor(nc: NatsConnection) {
		this.nc = nc;
		void this.#watch();
	}

	async #watch(): Promise<void> {
		for await (const status of this.nc.status()) {
			if (status.type === Events.Disconnect) {
				this.up = false;
			} else if (status.type === Events.Reconnect) {
				this.up = true;
				this.reconnects++;
			}
		}
	}
}

class NatsWorkload implements Workload {
	readonly operations;
	readonly #options: NatsWorkloadOptions;
	readonly #context: WorkloadContext;
	readonly #subject: Template;
	readonly #payload: Uint8Array;
	#main: Connection | undefined;
	#side: Connection | undefined;
	#subscription: Subscription | undefined;
	#js: JetStreamClient | undefined;
	#seq = 0;
	// Deltas since the last collect.
	readonly #counters = {targets: 0, delivered: 0, late: 0, failed: 0, acks: 0, duplicates: 0};
	#latency: Histogram | undefined;
	// Totals for the end-of-run drain.
	#published = 0;
	#received = 0;
	#failedTotal = 0;

	constructor(options: NatsWorkloadOptions, context: WorkloadContext) {
		this.#options = options;
		this.#context = context;
		this.#subject = compileTemplate(options.subject, '--subject');
		this.#payload = new Uint8Array(options.payloadSize).fill(120);
		const name = options.mode === 'request' ? 'request' : options.jetstream ? 'js-publish' : 'publish';
		this.operations = [{name, weight: 1}];
		if (options.subscribe) {
			this.#latency = createHistogram();
		}
	}

	async #connect(role: string): Promise<Connection> {
		const options = await natsConnectionOptions(this.#options.target, {
			name: `loadscope-w${this.#context.workerId}-${role}`,
			maxReconnectAttempts: -1,
			reconnectTimeWait: reconnectWaitMs,
			reconnectJitter: 0,
			reconnectJitterTLS: 0,
			waitOnFirstConnect: false,
		});
		try {
			return new Connection(await connect(options));
		} catch (error) {
			throw new Error(`nats: cannot connect to ${describeNats(this.#options.target)}: ${connectFailure(error, '--nats-cacert')}`);
		}
	}

	async open(): Promise<void> {
		const wildcard = subjectWildcard(this.#options.subject);
		if (this.#options.subscribe || this.#options.responder) {
			this.#side = await this.#connect(this.#options.subscribe ? 'subscriber' : 'responder');
			if (this.#options.subscribe) {
				this.#subscription = this.#side.nc.subscribe(wildcard, {
					callback: (_error, message) => {
						this.#onMessage(message.data);
					},
				});
			} else {
				this.#subscription = this.#side.nc.subscribe(wildcard, {
					queue: 'loadscope-responders',
					callback(_error, message) {
						message.respond(message.data);
					},
				});
			}

			// The subscription is registered at the server before the first message is sent.
			await this.#side.nc.flush();
		}

		this.#main = await this.#connect(this.#options.mode);
		if (this.#options.jetstream) {
			await this.#ensureStream(this.#main.nc, wildcard);
			this.#js = this.#main.nc.jetstream();
		}
	}

	async #ensureStream(nc: NatsConnection, wildcard: string): Promise<void> {
		const {stream} = this.#options;
		try {
			const manager = await nc.jetstreamManager();
			try {
				await manager.streams.info(stream);
			} catch {
				// Created once; a second worker adding the same config is accepted by the server.
				await manager.streams.add({name: stream, subjects: [wildcard], max_msgs: 1_000_000});
			}
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			throw new Error(`nats: JetStream stream '${stream}' is not available: ${reason}`);
		}
	}

	#onMessage(data: Uint8Array): void {
		const stamp = readStamp(data);
		if (!stamp || stamp.runId !== this.#options.runId || stamp.workerId !== this.#context.workerId) {
			return;
		}

		const latencyMs = epochNow() - stamp.sentMs;
		this.#received++;
		if (latencyMs <= this.#options.deliveryTimeoutMs) {
			this.#counters.delivered++;
		} else {
			this.#counters.late++;
		}

		recordMs(this.#latency!, latencyMs);
	}

	async call(info: CallInfo): Promise<CallOutcome> {
		const main = this.#main!;
		const subject = this.#subject.render({requestNumber: info.requestNumber, workerId: this.#context.workerId, timestampMs: info.intendedMs});
		const payload = this.#options.subscribe
			? stampedPayload(this.#options.payloadSize, {sentMs: epochNow(), runId: this.#options.runId, workerId: this.#context.workerId, seq: this.#seq++})
			: this.#payload;
		if (this.#options.subscribe) {
			this.#counters.targets++;
			this.#published++;
		}

		if (!main.up) {
			return this.#failed('disconnected', 'not connected to NATS (reconnecting)');
		}

		try {
			if (this.#options.mode === 'request') {
				await main.nc.request(subject, payload, {timeout: this.#context.timeoutMs > 0 ? this.#context.timeoutMs : defaultRequestTimeoutMs});
			} else if (this.#js) {
				const ack = await this.#js.publish(subject, payload, this.#context.timeoutMs > 0 ? {timeout: this.#context.timeoutMs} : {});
				this.#counters.acks++;
				if (ack.duplicate) {
					this.#counters.duplicates++;
				}
			} else {
				main.nc.publish(subject, payload);
			}

			return {ok: true};
		} catch (error) {
			return this.#failed(natsErrorKind(error), error instanceof Error ? error.message : String(error));
		}
	}

	#failed(kind: string, message: string): CallOutcome {
		if (this.#options.subscribe) {
			this.#counters.failed++;
			this.#failedTotal++;
		}

		return {ok: false, kind, message};
	}

	collect(): WorkloadMetrics {
		const counters: Record<string, number> = {};
		const histograms: Record<string, string> = {};
		const c = this.#counters;
		if (this.#options.subscribe) {
			counters['delivery.targets'] = c.targets;
			counters['delivery.delivered'] = c.delivered;
			counters['delivery.late'] = c.late;
			counters['delivery.failed'] = c.failed;
			histograms['delivery.latency'] = encodeHistogram(this.#latency!);
			this.#latency!.reset();
		}

		if (this.#options.jetstream) {
			counters['jetstream.acks'] = c.acks;
			counters['jetstream.duplicates'] = c.duplicates;
		}

		const connections = [this.#main, this.#side].filter(connection => connection !== undefined);
		counters['connections.nats.reconnects'] = connections.reduce((sum, connection) => sum + connection.reconnects, 0);
		for (const connection of connections) {
			connection.reconnects = 0;
		}

		c.targets = 0;
		c.delivered = 0;
		c.late = 0;
		c.failed = 0;
		c.acks = 0;
		c.duplicates = 0;
		return {
			counters,
			histograms,
			gauges: {
				'connections.nats.up': connections.filter(connection => connection.up).length,
				'connections.nats.total': connections.length,
			},
		};
	}

	/** Wait, up to graceMs, until every message this worker published has come back to its subscriber. */
	async drain(graceMs: number): Promise<void> {
		if (!this.#options.subscribe) {
			return;
		}

		const deadline = epochNow() + graceMs;
		await Promise.race([
			this.#main?.nc.flush().catch(() => undefined),
			new Promise(resolve => {
				setTimeout(resolve, graceMs);
			}),
		]);
		while (this.#received + this.#failedTotal < this.#published && epochNow() < deadline) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 10);
			});
		}
	}

	async close(): Promise<void> {
		this.#subscription?.unsubscribe();
		await Promise.all(
			[this.#main, this.#side].map(async connection => {
				if (connection && !connection.nc.isClosed()) {
					await connection.nc.close().catch(() => undefined);
				}
			}),
		);
	}
}

export const create: WorkloadFactory = async (raw, context) => new NatsWorkload(raw as NatsWorkloadOptions, context);
