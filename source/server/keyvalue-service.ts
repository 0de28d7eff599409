/**
 * The KeyValue service of `loadscope serve` (proto/keyvalue.proto) over a store, with the
 * experiment knobs applied per call (per message for the bidi Exchange). Watch's "follow" sees
 * the changes made through this server.
 */
import {status, type Metadata, type sendUnaryData, type ServerDuplexStream, type ServerReadableStream, type ServerUnaryCall, type ServerWritableStream, type UntypedServiceImplementation} from '@grpc/grpc-js';
import {answer, type Experiment} from './experiment.js';
import type {KeyValueStore} from './keyvalue-store.js';

type Keyed = {namespace: string; key: string};
type SetRequest = Keyed & {value: Buffer; ttl_seconds: number | string};
type WatchRequest = {namespace: string; prefix: string; limit: number; follow: boolean; max_events: number};
type Change = {namespace: string; kind: 'SET' | 'DELETE'; key: string; value: Buffer};

/** Called with each call's request metadata (tests use it to see what arrived). */
export type MetadataObserver = (method: string, metadata: Metadata) => void;

const storeFailure = (error: unknown) => ({code: status.INTERNAL, details: `store: ${error instanceof Error ? error.message : String(error)}`});

export function keyValueService(store: KeyValueStore, experiment: Experiment, observe: MetadataObserver | undefined): UntypedServiceImplementation {
	const watchers = new Set<(change: Change) => void>();
	const changed = (change: Change) => {
		for (const watcher of watchers) {
			watcher(change);
		}
	};

	const set = async (request: SetRequest) => {
		const value = request.value ?? Buffer.alloc(0);
		await store.set(request.namespace, request.key, value, Number(request.ttl_seconds ?? 0));
		if (watchers.size > 0) {
			changed({namespace: request.namespace, kind: 'SET', key: request.key, value});
		}
	};

	function unary<Request, Response>(method: string, handle: (request: Request) => Promise<Response>) {
		return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
			observe?.(method, call.metadata);
			answer(
				callback,
				experiment.run(call, async () => handle(call.request)),
				storeFailure,
			);
		};
	}

	return {
		Set: unary('Set', async (request: SetRequest) => {
			await set(request);
			return {success: true};
		}),
		Get: unary('Get', async (request: Keyed) => {
			const value = await store.get(request.namespace, request.key);
			return {found: value !== undefined, value: value ?? Buffer.alloc(0), key: request.key};
		}),
		Delete: unary('Delete', async (request: Keyed) => {
			const found = await store.delete(request.namespace, request.key);
			if (found && watchers.size > 0) {
				changed({namespace: request.namespace, kind: 'DELETE', key: request.key, value: Buffer.alloc(0)});
			}

			return {found};
		}),
		Exists: unary('Exists', async (request: Keyed) => ({exists: await store.exists(request.namespace, request.key)})),

		Watch(call: ServerWritableStream<WatchRequest, unknown>) {
			observe?.('Watch', call.metadata);
			const request = call.request;
			void experiment
				.run(call, async () => store.scan(request.namespace, request.prefix, request.limit))
				.then(result => {
					if (result.error) {
						call.emit('error', result.error);
						return;
					}

					for (const [key, value] of result.value) {
						call.write({kind: 'EXISTING', key, value});
					}

					if (!request.follow) {
						call.end();
						return;
					}

					let sent = 0;
					const watcher = (change: Change) => {
						if (change.namespace !== request.namespace || !change.key.startsWith(request.prefix)) {
							return;
						}

						call.write({kind: change.kind, key: change.key, value: change.value});
						sent++;
						if (request.max_events > 0 && sent >= request.max_events) {
							watchers.delete(watcher);
							call.end();
						}
					};

					watchers.add(watcher);
					call.on('cancelled', () => {
						watchers.delete(watcher);
					});
				}, (error: unknown) => {
					call.emit('error', storeFailure(error));
				});
		},

		SetStream(call: ServerReadableStream<SetRequest, unknown>, callback: sendUnaryData<unknown>) {
			observe?.('SetStream', call.metadata);
			const pending: Array<Promise<void>> = [];
			call.on('data', (request: SetRequest) => {
				pending.push(set(request));
			});
			call.on('end', () => {
				answer(
					callback,
					experiment.run(call, async () => {
						await Promise.all(pending);
						return {count: pending.length};
					}),
					storeFailure,
				);
			});
		},

		Exchange(call: ServerDuplexStream<Keyed, unknown>) {
			observe?.('Exchange', call.metadata);
			let chain = Promise.resolve(true);
			call.on('data', (request: Keyed) => {
				const verdict = experiment.run(call, async () => store.get(request.namespace, request.key));
				chain = chain.then(async open => {
					if (!open) {
						return false;
					}

					try {
						const result = await verdict;
						if (result.error) {
							call.emit('error', result.error);
							return false;
						}

						call.write({found: result.value !== undefined, value: result.value ?? Buffer.alloc(0), key: request.key});
						return true;
					} catch (error) {
						call.emit('error', storeFailure(error));
						return false;
					}
				});
			});
			call.on('end', () => {
				void chain.then(open => {
					if (open) {
						call.end();
					}
				});
			});
		},
	};
}
