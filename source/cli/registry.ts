/**
 * The CLI's subcommands. Loaded lazily so that, say, `loadscope synthetic` never loads grpc-js.
 */
import type {CommandSpec} from './command.js';

type Entry = {readonly summary: string; readonly load: () => Promise<{command: CommandSpec}>};

export const commands: Record<string, Entry> = {
	demo: {summary: 'TUI on the built-in demo (what `loadscope` with no command runs)', load: async () => import('../commands/demo.js')},
	synthetic: {summary: 'in-process service with chosen latency, errors, stalls and capacity', load: async () => import('../commands/synthetic.js')},
	report: {summary: 'print the summary of a saved --json report again', load: async () => import('../commands/report.js')},
	compare: {summary: 'compare two --json reports per operation; exit 4 on a regression', load: async () => import('../commands/compare.js')},
	register: {summary: 'Multicast Registry: register identities with metadata and a TTL', load: async () => import('../commands/register.js')},
	enumerate: {summary: 'Multicast Registry: enumerate identities by filter', load: async () => import('../commands/enumerate.js')},
	multicast: {summary: 'Multicast Registry: multicast to matching identities, delivery measured', load: async () => import('../commands/multicast.js')},
	mixed: {summary: 'Multicast Registry: register/enumerate/multicast mix (memo-019)', load: async () => import('../commands/mixed.js')},
	grpc: {summary: 'load a gRPC method (any call type) with ghz-style flags', load: async () => import('../commands/grpc.js')},
	serve: {summary: 'the built-in gRPC system under test, with latency, error and capacity knobs', load: async () => import('../commands/serve.js')},
	noop: {summary: 'resolves at once: measures the engine ceiling', load: async () => import('../commands/noop.js')},
	redis: {summary: 'raw Redis commands with templated arguments and a weighted mix', load: async () => import('../commands/redis.js')},
	nats: {summary: 'raw NATS publish, request/reply, publish→subscribe delivery, JetStream', load: async () => import('../commands/nats.js')},
};

export const commandNames = Object.keys(commands);
