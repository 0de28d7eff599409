/**
 * One run from plan to exit code: start the engine, show it (TUI or headless progress), handle
 * signals, write the reports, print the summary. The summary is printed even when a report
 * cannot be written, and reports are written on abort and threshold failure too.
 */
import process from 'node:process';
import {startRun} from './engine/controller.js';
import type {OutputPlan, RunPlan} from './engine/plan.js';
import type {RunHandle, RunResult} from './engine/run-handle.js';
import {exitCodes} from './errors.js';
import {formatProgress} from './report/progress.js';
import {isStdout} from './report/atomic-write.js';
import {exitCodeWithOutputs, startOutputs} from './report/outputs.js';
import {formatSummary} from './report/summary.js';

export type Io = {readonly stdout: NodeJS.WritableStream; readonly stderr: NodeJS.WritableStream};

const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** First signal: graceful stop (drain). Second: stop at once with what we have (exit 130). */
function handleSignals(handle: RunHandle): {stop: () => void; count: () => number} {
	let count = 0;
	const onSignal = () => {
		count++;
		handle.send(count === 1 ? {type: 'stop', reason: 'interrupted'} : {type: 'abort', reason: 'interrupted'});
	};

	for (const signal of signals) {
		process.on(signal, onSignal);
	}

	return {
		stop() {
			for (const signal of signals) {
				process.off(signal, onSignal);
			}
		},
		count: () => count,
	};
}

function headlessProgress(handle: RunHandle, output: OutputPlan, io: Io): () => void {
	let next = output.reportIntervalMs;
	return handle.onSnapshot(snapshot => {
		if (snapshot.state !== 'done' && snapshot.elapsedMs >= next) {
			next += output.reportIntervalMs * Math.max(1, Math.floor((snapshot.elapsedMs - next) / output.reportIntervalMs) + 1);
			io.stderr.write(`${formatProgress(snapshot)}\n`);
		}
	});
}

export function exitCodeFor(result: RunResult): number {
	if (result.endReason === 'worker-failed') {
		return exitCodes.runtime;
	}

	if (result.final.thresholds.some(threshold => threshold.ok === false) || result.endReason === 'error-rate' || result.endReason === 'threshold') {
		return exitCodes.threshold;
	}

	// A worker that never finished (stuck at the end): the measurement is incomplete.
	return result.failure === undefined ? exitCodes.ok : exitCodes.runtime;
}

export async function executeRun(plan: RunPlan, output: OutputPlan, io: Io = process): Promise<number> {
	const handle = await startRun(plan);
	const received = handleSignals(handle);
	// Loaded only when used: React must load after cli.tsx has set NODE_ENV, and headless runs skip it.
	const tui = output.tui ? import('./ui/render.js').then(async ({runTui}) => runTui(handle, output, io)) : undefined;
	const stopProgress = tui ? () => undefined : headlessProgress(handle, output, io);
	const outputs = startOutputs(handle, output, io);
	const result = await handle.done;
	const ui = await tui;
	const outputsOk = await outputs.finish(result);
	stopProgress();
	received.stop();
	// A report written to stdout (--json /dev/stdout | jq) keeps stdout to itself: the summary goes to stderr.
	const reportOnStdout = [output.json, output.csv, output.hdrLog, output.saveSession].some(file => isStdout(file));
	(reportOnStdout ? io.stderr : io.stdout).write(formatSummary(result));
	if (ui?.failure) {
		io.stderr.write(`loadscope: the live view failed and the run was stopped: ${ui.failure}\n`);
		return exitCodes.runtime;
	}

	// Interrupted twice: two signals, or Ctrl-C pressed twice in the live view (raw mode makes it a key).
	const interruptedTwice = received.count() > 1 || (ui?.interrupts ?? 0) > 1;
	return exitCodeWithOutputs(interruptedTwice ? exitCodes.interrupted : exitCodeFor(result), outputsOk);
}
