/** Runs the built CLI as a user would (a child process, no TTY) and captures what it printed. */
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const cliPath = fileURLToPath(new URL('../../source/cli.js', import.meta.url));

export type CliResult = {readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly stdout: string; readonly stderr: string};

export async function runCli(
	args: readonly string[],
	options: {env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string; input?: string} = {},
): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {
			cwd: options.cwd,
			env: {...process.env, CI: '1', NODE_ENV: 'production', ...options.env},
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => {
			stdout += String(chunk);
		});
		child.stderr.on('data', chunk => {
			stderr += String(chunk);
		});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`loadscope ${args.join(' ')} did not exit within ${options.timeoutMs ?? 30_000} ms\n${stderr}`));
		}, options.timeoutMs ?? 30_000);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}
