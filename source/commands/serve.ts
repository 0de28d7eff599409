/**
 * `loadscope serve`: the built-in system under test. Runs until SIGINT or SIGTERM, then stops
 * gracefully (running calls may finish for up to 5 s).
 */
import process from 'node:process';
import type {ActionCommand, Flags} from '../cli/command.js';
import {parseDuration, parsePercent} from '../cli/parse.js';
import {parseNatsTarget} from '../connections/nats.js';
import {parseRedisTarget} from '../connections/redis.js';
import {UsageError} from '../errors.js';
import {startServer, type ServerOptions} from '../server/start-server.js';

function port(value: unknown): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0 || number > 65_535) {
		throw new UsageError(`--port must be a port number 0..65535, got '${String(value)}'`);
	}

	return number;
}

function whole(value: unknown, flag: string): number {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0) {
		throw new UsageError(`${flag} must be a whole number >= 0, got '${String(value)}'`);
	}

	return number;
}

const optionalDuration = (value: unknown, flag: string) => (value === undefined ? 0 : parseDuration(value, flag));

export function serverOptions(flags: Flags): ServerOptions {
	const stallEveryMs = optionalDuration(flags.stallEvery, '--stall-every');
	const stallForMs = optionalDuration(flags.stallFor, '--stall-for');
	if ((stallEveryMs > 0) !== (stallForMs > 0)) {
		throw new UsageError('--stall-every and --stall-for go together');
	}

	if (stallEveryMs > 0 && stallForMs >= stallEveryMs) {
		throw new UsageError('--stall-for must be shorter than --stall-every');
	}

	if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
		throw new UsageError('--tls-cert and --tls-key go together');
	}

	if (flags.tlsCa !== undefined && flags.tlsCert === undefined) {
		throw new UsageError('--tls-ca (mutual TLS) needs --tls-cert and --tls-key');
	}

	// Checked here so a malformed address is one line and exit 2 before anything starts.
	if (flags.redisAddr !== undefined) {
		parseRedisTarget(flags);
	}

	if (flags.natsServers !== undefined) {
		parseNatsTarget(flags);
	}

	return {
		port: flags.port === undefined ? 8980 : port(flags.port),
		host: flags.host === undefined ? '0.0.0.0' : String(flags.host),
		experiment: {
			delayMs: optionalDuration(flags.delay, '--delay'),
			jitterMs: optionalDuration(flags.jitter, '--jitter'),
			errorRate: flags.errorRate === undefined ? 0 : parsePercent(flags.errorRate, '--error-rate'),
			stallEveryMs,
			stallForMs,
			maxConcurrency: flags.maxConcurrency === undefined ? 0 : whole(flags.maxConcurrency, '--max-concurrency'),
		},
		redisAddr: flags.redisAddr === undefined ? undefined : String(flags.redisAddr),
		natsServers: flags.natsServers === undefined ? undefined : String(flags.natsServers),
		tls: flags.tlsCert === undefined ? undefined : {cert: String(flags.tlsCert), key: String(flags.tlsKey), ca: flags.tlsCa === undefined ? undefined : String(flags.tlsCa)},
	};
}

export const command: ActionCommand = {
	kind: 'action',
	name: 'serve',
	summary: 'the built-in gRPC system under test (KeyValue, MulticastRegistry, health) with latency, error and capacity knobs',
	help: `
  Usage
    $ loadscope serve [options]

  Serves loadscope.keyvalue.v1.KeyValue (proto/keyvalue.proto: Set, Get, Delete, Exists, and the
  streaming Watch, SetStream, Exchange), loadscope.registry.v1.MulticastRegistry
  (proto/registry.proto: Register, Enumerate, Multicast, Unregister, and the streaming Subscribe)
  and grpc.health.v1.Health, until Ctrl-C or SIGTERM.

  Options
        --port N               Port (default 8980; 0 = any free port, printed at start)
        --host ADDR            Address to bind (default 0.0.0.0)
        --redis-addr HOST:PORT KeyValue's store and the registry's identities in Redis instead of memory
        --nats-servers URLS    The registry's multicast bus on NATS instead of memory; KeyValue in a
                               NATS JetStream key-value bucket when there is no --redis-addr
        --tls-cert FILE        Serve TLS with this certificate ...
        --tls-key FILE         ... and key
        --tls-ca FILE          Require client certificates signed by this CA (mutual TLS)

  Experiment knobs (per unary call and stream; not registry Subscribe streams)
        --delay D              Added service time, e.g. 5ms
        --jitter D             ± uniform spread around --delay
        --error-rate PCT       Percentage of calls answered INTERNAL
        --stall-every D        A stall every D (calls wait until it ends) ...
        --stall-for D          ... lasting D
        --max-concurrency N    Calls served at once; the rest queue, so a knee appears at N / delay

  Example
    $ loadscope serve --delay 5ms --jitter 2ms --max-concurrency 20
`,
	flags: {
		port: {type: 'string'},
		host: {type: 'string'},
		redisAddr: {type: 'string'},
		natsServers: {type: 'string'},
		tlsCert: {type: 'string'},
		tlsKey: {type: 'string'},
		tlsCa: {type: 'string'},
		delay: {type: 'string'},
		jitter: {type: 'string'},
		errorRate: {type: 'string'},
		stallEvery: {type: 'string'},
		stallFor: {type: 'string'},
		maxConcurrency: {type: 'string'},
	},
	async run(flags, input) {
		if (input.length > 0) {
			throw new UsageError(`serve takes no arguments, got '${input.join(' ')}'`);
		}

		const options = serverOptions(flags);
		let server;
		try {
			server = await startServer(options);
		} catch (error) {
			const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
			if (/EADDRINUSE|address already in use|No address added/i.test(message)) {
				throw new UsageError(`port ${options.port} is in use; choose another with --port`);
			}

			throw new UsageError(`cannot start the server: ${message}`);
		}

		process.stderr.write(`loadscope serve: ${server.description}\n`);
		await new Promise<void>(resolve => {
			const stop = () => {
				process.off('SIGINT', stop);
				process.off('SIGTERM', stop);
				resolve();
			};

			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		});
		process.stderr.write('loadscope serve: stopping\n');
		await server.close();
		return 0;
	},
};
