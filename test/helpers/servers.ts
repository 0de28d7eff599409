/**
 * Real servers for tests: each test file starts its own redis-server / nats-server on a free
 * port, so it can kill and restart them for fault tests without touching the machine's own.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => {
				resolve(port);
			});
		});
	});
}

async function canConnect(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect({port, host: '127.0.0.1'});
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => {
			resolve(false);
		});
	});
}

async function waitForPort(port: number, child: ChildProcess, name: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`${name} exited with code ${child.exitCode} before listening on ${port}`);
		}

		// eslint-disable-next-line no-await-in-loop
		if (await canConnect(port)) {
			return;
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 25);
		});
	}

	throw new Error(`${name} did not listen on ${port} within ${timeoutMs} ms`);
}

function findBinary(name: string, candidates: readonly string[]): string {
	for (const candidate of candidates) {
		if (existsSync(candidate)) {
			return candidate;
		}
	}

	return name;
}

/** A server process the test owns: stop() kills it; start() (re)starts it on the same port. */
export class TestServer {
	readonly port: number;
	readonly #name: string;
	readonly #command: string;
	readonly #args: readonly string[];
	readonly #cleanup: (() => void) | undefined;
	#child: ChildProcess | undefined;

	constructor(name: string, command: string, args: readonly string[], port: number, cleanup?: () => void) {
		this.#name = name;
		this.#command = command;
		this.#args = args;
		this.port = port;
		this.#cleanup = cleanup;
	}

	get running(): boolean {
		return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
	}

	async start(): Promise<void> {
		if (this.running) {
			return;
		}

		const child = spawn(this.#command, [...this.#args], {stdio: 'ignore'});
		this.#child = child;
		await waitForPort(this.port, child, this.#name);
	}

	/** Kill the server (SIGKILL by default, like a crash) and wait for it to exit. */
	async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
		const child = this.#child;
		if (!child || !this.running) {
			return;
		}

		await new Promise<void>(resolve => {
			child.once('exit', () => {
				resolve();
			});
			child.kill(signal);
		});
	}

	/** Stop and remove any files it made. */
	async dispose(): Promise<void> {
		await this.stop();
		this.#cleanup?.();
	}
}

/** A throwaway redis-server on a free port (no persistence); `args` adds settings such as `--requirepass`. */
export async function startRedis(options: {args?: readonly string[]} = {}): Promise<TestServer> {
	const port = await freePort();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'loadscope-redis-'));
	const binary = findBinary('redis-server', ['/usr/bin/redis-server', '/usr/local/bin/redis-server']);
	const server = new TestServer(
		'redis-server',
		binary,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', '', ...(options.args ?? [])],
		port,
		() => {
			rmSync(dir, {recursive: true, force: true});
		},
	);
	await server.start();
	return server;
}

/** A throwaway nats-server on a free port; `jetstream` enables JetStream with a temp store; `args` adds e.g. `--auth`. */
export async function startNats(options: {jetstream?: boolean; args?: readonly string[]} = {}): Promise<TestServer> {
	const port = await freePort();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'loadscope-nats-'));
	const binary = findBinary('nats-server', ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']);
	const args = ['-a', '127.0.0.1', '-p', String(port)];
	if (options.jetstream) {
		args.push('-js', '-sd', dir);
	}

	args.push(...(options.args ?? []));

	const server = new TestServer('nats-server', binary, args, port, () => {
		rmSync(dir, {recursive: true, force: true});
	});
	await server.start();
	return server;
}

/**
 * A redis-server and a nats-server for the whole test file: started before its first test and
 * disposed after its last (node:test hooks at the top level of the calling file).
 */
export function redisAndNatsForFile(hooks: {before: (fn: () => Promise<void>) => void; after: (fn: () => Promise<void>) => void}): {
	readonly redis: () => TestServer;
	readonly nats: () => TestServer;
} {
	let redis: TestServer | undefined;
	let nats: TestServer | undefined;
	hooks.before(async () => {
		[redis, nats] = await Promise.all([startRedis(), startNats()]);
	});
	hooks.after(async () => {
		await Promise.all([redis?.dispose(), nats?.dispose()]);
	});
	const started = (server: TestServer | undefined): TestServer => {
		if (!server) {
			throw new Error('servers are started in the before() hook');
		}

		return server;
	};

	return {redis: () => started(redis), nats: () => started(nats)};
}
