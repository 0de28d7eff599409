/**
 * The CLI's subcommands. Loaded lazily so that, say, `loadscope synthetic` never loads grpc-js.
 */
import type {CommandSpec} from './command.js';

type Entry = {readonly summary: string; readonly load: () => Promise<{command: CommandSpec}>};

export const commands: Record<string, Entry> = {
	demo: {summary: 'TUI on the built-in demo (what `loadscope` with no command runs)', load: async () => import('../commands/demo.js')},
	synthetic: {summary: 'in-process service with chosen latency, errors, stalls and capacity', load: async () => import('../commands/synthetic.js')},
	noop: {summary: 'resolves at once: measures the engine ceiling', load: async () => import('../commands/noop.js')},
};

export const commandNames = Object.keys(commands);
