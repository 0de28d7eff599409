/**
 * Worker thread entry: builds its workload from plain options, runs the scheduler loop and
 * answers the controller's messages. See messages.ts for the protocol.
 */
import process from 'node:process';
import {parentPort} from 'node:worker_threads';
import {createWorkload} from '../workloads/index.js';
import type {Workload} from '../workloads/workload.js';
import type {FromWorker, InitMessage, ToWorker} from './messages.js';
import {WorkerLoop} from './worker-loop.js';

function requireParentPort(): NonNullable<typeof parentPort> {
	if (!parentPort) {
		throw new Error('worker.js must run in a worker thread');
	}

	return parentPort;
}

const port = requireParentPort();

let workload: Workload | undefined;
let loop: WorkerLoop | undefined;
let workerId = -1;

function send(message: FromWorker): void {
	port.postMessage(message);
}

function exitCodeOf(error: unknown): number {
	const code = (error as {exitCode?: unknown} | undefined)?.exitCode;
	return typeof code === 'number' ? code : 1;
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

// Exceptions thrown outside a call (a client's event handler, a stray rejection) are counted and
// shown; the run goes on. Before the loop exists they are fatal.
process.on('uncaughtException', error => {
	if (loop) {
		loop.recordException(error);
	} else {
		send({type: 'fatal', workerId, message: messageOf(error), exitCode: 1});
	}
});
process.on('unhandledRejection', reason => {
	loop?.recordException(reason);
});

async function init(message: InitMessage): Promise<void> {
	workerId = message.workerId;
	try {
		workload = await createWorkload(message.workload, {
			workerId: message.workerId,
			workerCount: message.workerCount,
			timeoutMs: message.timeoutMs,
		});
		await workload.open();
	} catch (error) {
		send({type: 'fatal', workerId, message: messageOf(error), exitCode: exitCodeOf(error)});
		await workload?.close().catch(() => undefined);
		return;
	}

	loop = new WorkerLoop(workload, {
		workerId: message.workerId,
		workerCount: message.workerCount,
		maxInFlight: message.maxInFlight,
		maxBacklog: message.maxBacklog,
		arrival: message.arrival,
		intervalMs: message.intervalMs,
		quota: message.quota,
		onSnapshot(snapshot) {
			send({type: 'snapshot', snapshot});
		},
		onDrained() {
			send({type: 'drained', workerId});
		},
	});
	send({type: 'ready', workerId, operations: workload.operations});
}

async function finish(graceMs: number): Promise<void> {
	if (!loop || !workload) {
		process.exit(0);
	}

	const snapshot = await loop.finish(graceMs);
	send({type: 'done', snapshot});
	try {
		await workload.close();
	} catch (error) {
		loop.recordException(error);
	}

	port.close();
	// Clients may keep sockets or timers open; the controller has what it needs.
	process.exit(0);
}

port.on('message', (message: ToWorker) => {
	switch (message.type) {
		case 'init': {
			void init(message);
			break;
		}

		case 'start': {
			loop?.start(message.startEpochMs, message.rate, message.phase);
			break;
		}

		case 'rate': {
			loop?.setRate(message.rate);
			break;
		}

		case 'end-at': {
			loop?.endAt(message.epochMs);
			break;
		}

		case 'pause': {
			loop?.pause();
			break;
		}

		case 'resume': {
			loop?.resume();
			break;
		}

		case 'stop': {
			if (loop) {
				loop.stop(message.drainTimeoutMs);
			} else {
				send({type: 'drained', workerId});
			}

			break;
		}

		case 'abort': {
			loop?.abort();
			break;
		}

		case 'finish': {
			void finish(message.deliveryGraceMs);
			break;
		}
	}
});
