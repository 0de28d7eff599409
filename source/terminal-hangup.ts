/**
 * When the terminal itself goes away (window closed, ssh dropped: SIGHUP with a dead tty), writes
 * to it fail with EIO and Node 20 aborts at exit (its tty reset on exit asserts that tcsetattr
 * succeeds). So: a stream whose terminal is gone swallows its write errors, and the process ends
 * as a hung-up process does, by SIGHUP, after the reports are written.
 */
import process from 'node:process';
import {isatty} from 'node:tty';

type Stream = NodeJS.EventEmitter & {readonly isTTY?: boolean; readonly fd?: number};

/** The stream was a terminal when we started and no longer is one (isatty fails after hangup). */
export function terminalGone(stream: Stream = process.stdout): boolean {
	return Boolean(stream.isTTY) && typeof stream.fd === 'number' && !isatty(stream.fd);
}

/**
 * Keeps a failed write to a terminal that hung up from becoming an uncaught exception. Other
 * write errors are raised as before. Returns the function that removes the listener.
 */
export function ignoreHangupErrors(stream: Stream, onHangup: () => void = () => undefined): () => void {
	const onError = (error: Error) => {
		if (terminalGone(stream)) {
			onHangup();
			return;
		}

		throw error;
	};

	stream.on('error', onError);
	return () => {
		stream.off('error', onError);
	};
}

/** Ends the process with `code`, or by SIGHUP when the terminal is gone (see above). */
export function exitProcess(code: number): void {
	if (terminalGone(process.stdout) || terminalGone(process.stderr)) {
		// With no listener left, SIGHUP gets its default action: the process ends at once.
		process.removeAllListeners('SIGHUP');
		process.kill(process.pid, 'SIGHUP');
		return;
	}

	process.exit(code);
}
