/**
 * The delivery side of the registry workload: the identities this worker registered "go online"
 * by subscribing to their own subject on a separate bus connection (its own NATS connection, or
 * its own in-memory channel). Each identity has exactly one subscriber — in the worker that
 * registered it — so every delivered message is counted exactly once across workers, and a
 * message to an identity nobody is subscribed to (registered elsewhere, expired, or left over in
 * Redis from another process) is not delivered: it shows as missing. Each message carries its
 * multicast's send time; arrival within the delivery timeout counts as delivered (latency
 * recorded), later as late.
 */
import {epochNow} from '../engine/clock.js';
import {createHistogram, encodeHistogram, recordMs, type Histogram} from '../metrics/histogram.js';
import type {ReceiverBus, Subscription} from '../pattern/backend.js';

/** What each multicast message carries: which multicast (worker, request number) and when it was sent. */
export type MulticastPayload = {readonly workerId: number; readonly requestNumber: number; readonly sent: number};

/** 16 bytes: send time (float64 epoch ms), worker id, request number (uint32 each). */
export function encodePayload(payload: MulticastPayload): Uint8Array {
	const bytes = new Uint8Array(16);
	const view = new DataView(bytes.buffer);
	view.setFloat64(0, payload.sent);
	view.setUint32(8, payload.workerId);
	view.setUint32(12, payload.requestNumber >>> 0);
	return bytes;
}

export function decodePayload(data: Uint8Array): MulticastPayload | undefined {
	if (data.byteLength !== 16) {
		return undefined;
	}

	const view = new DataView(data.buffer, data.byteOffset, 16);
	return {sent: view.getFloat64(0), workerId: view.getUint32(8), requestNumber: view.getUint32(12)};
}

export class DeliveryReceiver {
	readonly #bus: ReceiverBus;
	readonly #timeoutMs: number;
	readonly #online = new Map<string, {subscription: Subscription; expiresAtMs: number}>();
	readonly #sweeper: NodeJS.Timeout;
	#histogram: Histogram = createHistogram();
	#delivered = 0;
	#late = 0;
	#lastMessageMs = 0;

	constructor(bus: ReceiverBus, deliveryTimeoutMs: number) {
		this.#bus = bus;
		this.#timeoutMs = deliveryTimeoutMs;
		this.#sweeper = setInterval(() => {
			this.#sweep();
		}, 250);
		this.#sweeper.unref();
	}

	get up(): boolean {
		return this.#bus.up;
	}

	/** Identities subscribed and not yet expired. */
	get online(): number {
		return this.#online.size;
	}

	/**
	 * Subscribe to an identity's subject until it expires (or goes offline). The subscriber stays
	 * for one delivery timeout past the TTL, as a live client would: a multicast that saw the
	 * identity just before it expired still finds someone there.
	 */
	async goOnline(identity: string, subject: string, expiresAtMs: number): Promise<void> {
		this.goOffline(identity);
		const subscription = this.#bus.subscribe(subject, (_subject, data) => {
			this.#receive(data);
		});
		this.#online.set(identity, {subscription, expiresAtMs: expiresAtMs + this.#timeoutMs});
		// The server has the subscription before anyone can find the identity registered.
		await (subscription.ready ?? this.#bus.flush(this.#timeoutMs));
	}

	goOffline(identity: string): void {
		const entry = this.#online.get(identity);
		if (entry) {
			entry.subscription.unsubscribe();
			this.#online.delete(identity);
		}
	}

	identities(): string[] {
		return [...this.#online.keys()];
	}

	/** Counters and histogram since the previous call. */
	take(): {delivered: number; late: number; latency: string} {
		const taken = {delivered: this.#delivered, late: this.#late, latency: encodeHistogram(this.#histogram)};
		this.#delivered = 0;
		this.#late = 0;
		if (this.#histogram.totalCount > 0) {
			this.#histogram = createHistogram();
		}

		return taken;
	}

	/** Wait until no message has arrived for `quietMs`, at most `graceMs`. */
	async settle(graceMs: number, quietMs = 500): Promise<void> {
		const deadline = epochNow() + graceMs;
		const start = epochNow();
		while (epochNow() < deadline) {
			const last = Math.max(this.#lastMessageMs, start);
			if (epochNow() - last >= quietMs) {
				return;
			}

			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 25);
			});
		}
	}

	async close(): Promise<void> {
		clearInterval(this.#sweeper);
		for (const identity of [...this.#online.keys()]) {
			this.goOffline(identity);
		}

		await this.#bus.close();
	}

	#receive(data: Uint8Array): void {
		const now = epochNow();
		this.#lastMessageMs = now;
		const payload = decodePayload(data);
		if (!payload) {
			return;
		}

		const latencyMs = now - payload.sent;
		if (latencyMs <= this.#timeoutMs) {
			this.#delivered++;
			recordMs(this.#histogram, Math.max(0, latencyMs));
		} else {
			this.#late++;
		}
	}

	#sweep(): void {
		const now = Date.now();
		for (const [identity, entry] of this.#online) {
			if (entry.expiresAtMs <= now) {
				entry.subscription.unsubscribe();
				this.#online.delete(identity);
			}
		}
	}
}
