/**
 * The MulticastRegistry service of `loadscope serve` (proto/registry.proto) over the pattern's
 * coordinator (source/pattern/): in-memory store and bus by default, Redis + NATS when serve is
 * given them. Subscribe holds one bus subscription per stream, on a bus connection of its own, and
 * sends the response headers once that subscription is live. The experiment knobs apply to the
 * unary calls; Subscribe streams are long-lived and are not held to --max-concurrency.
 *
 * Errors map to status codes: bad input → INVALID_ARGUMENT, unknown identity on Unregister →
 * NOT_FOUND, Redis/NATS down → UNAVAILABLE, a backend timeout → DEADLINE_EXCEEDED, anything else
 * → INTERNAL. A multicast none of whose messages could be published fails the same way, with the
 * counts in the trailers (loadscope-target-count, loadscope-failed-count); a partly published one
 * is OK with failed_count and failure_kind set.
 */
import {Metadata, status, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, type UntypedServiceImplementation} from '@grpc/grpc-js';
import {UsageError} from '../errors.js';
import {filterFromMessage, identityToMessage, metadataFromMessage, type FilterMessage, type ValueMessage} from '../grpc/registry-messages.js';
import type {MessageBus, Subscription} from '../pattern/backend.js';
import {PatternError, type MulticastRegistry, type MulticastResult} from '../pattern/types.js';
import {answer, type Experiment, type ServiceError} from './experiment.js';
import type {MetadataObserver} from './keyvalue-service.js';

type RegisterRequest = {identity: string; metadata: Record<string, ValueMessage>; ttl_ms: number};
type FilterRequest = {filter: FilterMessage | null};
type MulticastRequest = FilterRequest & {payload: Buffer};
type IdentityRequest = {identity: string};
type SubscribeRequest = IdentityRequest & {max_messages: number};


const identityPattern = /^[\w.:@-]+$/;

/** The status a failure answers with. */
export function statusFor(error: unknown): ServiceError {
	if (error instanceof UsageError) {
		return {code: status.INVALID_ARGUMENT, details: error.message};
	}

	if (error instanceof PatternError) {
		const codes: Record<string, number> = {invalid: status.INVALID_ARGUMENT, 'redis-down': status.UNAVAILABLE, 'nats-down': status.UNAVAILABLE, timeout: status.DEADLINE_EXCEEDED};
		return {code: codes[error.kind] ?? status.INTERNAL, details: `${error.kind}: ${error.message}`};
	}

	return {code: status.INTERNAL, details: error instanceof Error ? error.message : String(error)};
}

function checkIdentity(identity: string): void {
	if (!identityPattern.test(identity) || identity.includes('..')) {
		throw new PatternError('invalid', `identity '${identity}' may only use letters, digits and _ . : @ -`);
	}
}

class NotFound extends Error {}

/** The status a rejected call answers with: a ready status (a failed multicast), NOT_FOUND, or by kind. */
function failureStatus(error: unknown): ServiceError {
	if (error instanceof NotFound) {
		return {code: status.NOT_FOUND, details: error.message};
	}

	if (typeof error === 'object' && error !== null && 'metadata' in error && 'code' in error) {
		return error as ServiceError;
	}

	return statusFor(error);
}

/** A multicast whose every message failed is an error status carrying the counts. */
function multicastFailure(result: MulticastResult): ServiceError {
	const failure = statusFor(new PatternError(result.error!.kind, result.error!.message));
	const trailers = new Metadata();
	trailers.set('loadscope-target-count', String(result.targets));
	trailers.set('loadscope-failed-count', String(result.failed));
	return {...failure, metadata: trailers};
}

export type RegistryServiceHandle = {
	readonly implementation: UntypedServiceImplementation;
	/** Subscribe streams open now. */
	readonly streams: () => number;
	/** End every Subscribe stream with UNAVAILABLE (the server is stopping). */
	endStreams(): void;
};

export function registryService(registry: MulticastRegistry, subscriptions: MessageBus, experiment: Experiment, options: {timeoutMs: number; observe?: MetadataObserver}): RegistryServiceHandle {
	const open = new Map<ServerWritableStream<SubscribeRequest, unknown>, Subscription>();

	function unary<Request, Response>(method: string, handle: (request: Request, deadlineMs: number) => Promise<Response>) {
		return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
			options.observe?.(method, call.metadata);
			const deadline = call.getDeadline();
			const deadlineMs = deadline instanceof Date ? deadline.getTime() : Number(deadline);
			answer(callback, experiment.run(call, async () => handle(call.request, deadlineMs)), failureStatus);
		};
	}

	const implementation: UntypedServiceImplementation = {
		Register: unary('Register', async (request: RegisterRequest) => {
			const ttlMs = Number(request.ttl_ms);
			if (!(ttlMs > 0)) {
				throw new PatternError('invalid', `ttl_ms must be more than 0, got ${ttlMs}`);
			}

			await registry.register(request.identity, metadataFromMessage(request.metadata), ttlMs);
			return {};
		}),
		Enumerate: unary('Enumerate', async (request: FilterRequest) => {
			const found = await registry.enumerate(filterFromMessage(request.filter));
			return {identities: found.map(entry => identityToMessage(entry))};
		}),
		Multicast: unary('Multicast', async (request: MulticastRequest, deadlineMs: number) => {
			const filter = filterFromMessage(request.filter);
			// A client that has given up would not count what is sent now: send nothing.
			if (Date.now() >= deadlineMs) {
				throw new PatternError('timeout', 'the call\'s deadline passed before the multicast was sent');
			}

			const result = await registry.multicast(filter, request.payload ?? Buffer.alloc(0));
			if (result.error && result.published === 0) {
				throw multicastFailure(result);
			}

			return {
				target_count: result.targets,
				published_count: result.published,
				failed_count: result.failed,
				failure_kind: result.error?.kind ?? '',
				failure_message: result.error?.message ?? '',
			};
		}),
		Unregister: unary('Unregister', async (request: IdentityRequest) => {
			if (!(await registry.unregister(request.identity))) {
				throw new NotFound(`identity '${request.identity}' is not registered`);
			}

			return {};
		}),

		Subscribe(call: ServerWritableStream<SubscribeRequest, unknown>) {
			options.observe?.('Subscribe', call.metadata);
			const {identity, max_messages: maxMessages} = call.request;
			try {
				checkIdentity(identity);
			} catch (error) {
				call.emit('error', statusFor(error));
				return;
			}

			let sent = 0;
			const subscription = subscriptions.subscribe(registry.subjectFor(identity), (_subject, data) => {
				if (!open.has(call)) {
					return;
				}

				call.write({payload: Buffer.from(data.buffer, data.byteOffset, data.byteLength), received_at_ms: Date.now()});
				sent++;
				if (maxMessages > 0 && sent >= maxMessages) {
					stop();
					call.end();
				}
			});
			const stop = () => {
				subscription.unsubscribe();
				open.delete(call);
			};

			open.set(call, subscription);
			call.on('cancelled', stop);
			call.on('close', stop);
			// Headers go out once the bus has the subscription: the client may then register.
			subscriptions.flush(options.timeoutMs).then(
				() => {
					if (open.has(call)) {
						call.sendMetadata(new Metadata());
					}
				},
				(error: unknown) => {
					if (open.has(call)) {
						stop();
						call.emit('error', statusFor(error));
					}
				},
			);
		},
	};

	return {
		implementation,
		streams: () => open.size,
		endStreams() {
			for (const [call, subscription] of open) {
				subscription.unsubscribe();
				call.emit('error', {code: status.UNAVAILABLE, details: 'the server is shutting down'});
			}

			open.clear();
		},
	};
}
