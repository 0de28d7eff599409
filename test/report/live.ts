/** A CLI child the test can talk to while it runs: wait for a stderr line, signal it, await its exit. */
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import process from 'node:process';
import {cliPath} from '../helpers/cli.js';

export type LiveCli = {
	readonly child: ChildProcessWithoutNullStreams;
	/** Resolves with the first match of `pattern` in stderr (waits for it to appear). */
	waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
	readonly exited: Promise<{code: number | null; stdout: string; stderr: string}>;
};

export function startCli(args: readonly string[]): LiveCli {
	const child = spawn(process.execPath, [cliPath, ...args], {env: {...process.env, CI: '1', NODE_ENV: 'production'}});
	let stdout = '';
	let stderr = '';
	const waiters = new Set<() => void>();
	child.stdout.on('data', chunk => {
		stdout += String(chunk);
	});
	child.stderr.on('data', chunk => {
		stderr += String(chunk);
		for (const waiter of waiters) {
			waiter();
		}
	});
	const exited = new Promise<{code: number | null; stdout: string; stderr: string}>(resolve => {
		child.on('close', code => {
			resolve({code, stdout, stderr});
		});
	});
	const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
	void exited.then(() => {
		clearTimeout(killer);
	});
	return {
		child,
		exited,
		async waitFor(pattern, timeoutMs = 15_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const match = pattern.exec(stderr);
					if (match) {
						waiters.delete(check);
						clearTimeout(timer);
						resolve(match);
					}
				};

				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`no ${String(pattern)} on stderr within ${timeoutMs} ms:\n${stderr}`));
				}, timeoutMs);
				waiters.add(check);
				check();
			});
		},
	};
}
