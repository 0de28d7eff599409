/**
 * Message bus on NATS core (at-most-once). nats.js buffers publishes; flush() sends them and waits
 * for the server's PONG, so a multicast costs one round trip per batch, not per message. It
 * reconnects forever (short wait); while disconnected, publish fails at once with kind
 * 'nats-down' instead of piling messages into the reconnect buffer.
 */
import {connect, type NatsConnection} from 'nats';
import {connectFailure} from '../connections/connect-failure.js';
import {describeNats, natsConnectionOptions, type NatsTarget} from '../connections/nats.js';
import type {MessageBus, Subscription} from './backend.js';
import {PatternError} from './types.js';

export class NatsBus implements MessageBus {
	readonly name = 'nats';
	readonly #connection: NatsConnection;
	readonly #target: NatsTarget;
	#up = true;

	private constructor(connection: NatsConnection, target: NatsTarget) {
		this.#connection = connection;
		this.#target = target;
		void this.#watch();
	}

	static async connect(target: NatsTarget, name: string): Promise<NatsBus> {
		try {
			const connection = await connect(
				await natsConnectionOptions(target, {name, maxReconnectAttempts: -1, reconnectTimeWait: 250, reconnectJitter: 50, reconnectDelayHandler: () => 250, timeout: 2000, pingInterval: 5000}),
			);
			return new NatsBus(connection, target);
		} catch (error) {
			throw new PatternError('nats-down', `cannot reach nats at ${describeNats(target)}: ${connectFailure(error, '--nats-cacert')}`);
		}
	}

	get up(): boolean {
		if (this.#connection.isClosed()) {
			return false;
		}

		// The protocol's own flag flips the moment the socket is (re)connected; the status events
		// that drive #up can lag behind it on a busy event loop.
		const connected = (this.#connection as unknown as {protocol?: {connected?: unknown}}).protocol?.connected;
		return typeof connected === 'boolean' ? connected : this.#up;
	}

	publish(subject: string, data: Uint8Array): void {
		if (!this.up) {
			throw new PatternError('nats-down', `nats at ${describeNats(this.#target)} is disconnected (reconnecting)`);
		}

		try {
			this.#connection.publish(subject, data);
		} catch (error) {
			throw new PatternError('nats-down', `nats: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	async flush(timeoutMs: number): Promise<void> {
		if (!this.up) {
			throw new PatternError('nats-down', `nats at ${describeNats(this.#target)} is disconnected (reconnecting)`);
		}

		let timer: NodeJS.Timeout | undefined;
		try {
			await Promise.race([
				this.#connection.flush(),
				new Promise<never>((_resolve, reject) => {
					timer = setTimeout(() => {
						reject(new PatternError(this.up ? 'timeout' : 'nats-down', `nats flush not acknowledged within ${timeoutMs} ms`));
					}, timeoutMs);
				}),
			]);
		} catch (error) {
			throw error instanceof PatternError ? error : new PatternError('nats-down', `nats: ${error instanceof Error ? error.message : String(error)}`);
		} finally {
			clearTimeout(timer);
		}
	}

	subscribe(subject: string, handler: (subject: string, data: Uint8Array) => void): Subscription {
		const subscription = this.#connection.subscribe(subject, {
			callback: (error, message) => {
				if (!error) {
					handler(message.subject, message.data);
				}
			},
		});
		return {
			unsubscribe() {
				subscription.unsubscribe();
			},
		};
	}

	async close(): Promise<void> {
		if (this.#connection.isClosed()) {
			return;
		}

		try {
			await Promise.race([
				this.#connection.drain(),
				new Promise(resolve => {
					setTimeout(resolve, 2000).unref();
				}),
			]);
		} catch {
			// Already closing or disconnected.
		}

		if (!this.#connection.isClosed()) {
			await this.#connection.close();
		}
	}

	async #watch(): Promise<void> {
		for await (const status of this.#connection.status()) {
			if (status.type === 'disconnect') {
				this.#up = false;
			} else if (status.type === 'reconnect') {
				this.#up = true;
			}
		}
	}
}
