/**
 * Runs the TUI for the length of a run: renders the App at most 10 times a second, and takes it
 * down (terminal restored: cursor shown, raw mode off) when the run ends, on a crash in the main
 * thread, or when Ink itself fails. Signals are the caller's (run.ts: first stop, second abort);
 * they end the run, which ends the TUI here, so the summary can be printed below the last frame.
 * A terminal that hung up only ends the drawing (see terminal-hangup.ts): the run still drains.
 */
import process from 'node:process';
import {render} from 'ink';
import {App} from '../app.js';
import type {OutputPlan} from '../engine/plan.js';
import type {RunHandle} from '../engine/run-handle.js';
import {ignoreHangupErrors} from '../terminal-hangup.js';

export type TuiIo = {readonly stdout: NodeJS.WritableStream; readonly stderr: NodeJS.WritableStream; readonly stdin?: NodeJS.ReadableStream};

export type TuiResult = {
	/** Set when the main thread crashed or the UI failed: the run was aborted, the message says why. */
	readonly failure: string | undefined;
	/** Ctrl-C presses (keys in raw mode, not signals). */
	readonly interrupts: number;
};

export async function runTui(handle: RunHandle, output: OutputPlan, io: TuiIo = process): Promise<TuiResult> {
	let interrupts = 0;
	const onInterrupt = () => {
		interrupts++;
	};

	const instance = render(<App handle={handle} output={output} onInterrupt={onInterrupt} />, {
		stdout: io.stdout as NodeJS.WriteStream,
		stderr: io.stderr as NodeJS.WriteStream,
		stdin: (io.stdin ?? process.stdin) as NodeJS.ReadStream,
		maxFps: 10,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	let failure: string | undefined;
	const fail = (error: unknown) => {
		failure ??= error instanceof Error ? error.message : String(error);
		handle.send({type: 'abort', reason: 'aborted'});
		instance.unmount();
	};

	process.on('uncaughtException', fail);
	// The terminal hung up (SIGHUP has asked the run to stop): nothing left to draw on, not a failure.
	const stopIgnoring = [io.stdout, io.stdin ?? process.stdin].map(stream => ignoreHangupErrors(stream, () => {
		instance.unmount();
	}));
	const exited = instance.waitUntilExit().then(() => undefined, fail);
	try {
		await handle.done;
	} finally {
		instance.unmount();
		await exited;
		process.off('uncaughtException', fail);
		for (const stop of stopIgnoring) {
			stop();
		}
	}

	return {failure, interrupts};
}
