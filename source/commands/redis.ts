import type {WorkloadCommand} from '../cli/command.js';
import {parsePositiveInteger, parseSize} from '../cli/parse.js';
import {describeRedis, parseRedisTarget, redisFlags, redisHelp} from '../connections/redis.js';
import {UsageError} from '../errors.js';
import {parseRedisCommands} from '../workloads/redis-commands.js';
import type {RedisWorkloadOptions} from '../workloads/redis.js';

function wholeNumber(value: unknown, what: string): number {
	const text = String(value).trim();
	if (!/^\d+$/.test(text)) {
		throw new UsageError(`${what} must be a whole number >= 0, got '${String(value)}'`);
	}

	return Number(text);
}

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'redis',
	summary: 'raw Redis commands with templated arguments and a weighted mix',
	help: `
  Usage
    $ loadscope redis --command 'VERB ARG ...' [--command ...] [options]

  Commands
    --command '[W:]VERB ARG ...'  A Redis command, repeatable. Each becomes an operation named by its
                         verb in lower case (get, set; set-2 when repeated). A leading 'W:' is its
                         weight in the mix: --command '80:GET {{.Key}}' --command '20:SET ...'
                         (default weight 1). Quotes group words; {{ ... }} is a template:
                         {{.RequestNumber}} {{.WorkerID}} {{.UUID}} {{.TimestampUnixMilli}}
                         {{randomString N}} {{randomInt MIN MAX}} and {{.Key}} (a random key name of
                         the key space). An unknown verb is Redis's 'ERR unknown command', counted.
    --keys N             Key space: preload N keys PREFIX0..PREFIX(N-1) before the run, and let
                         {{.Key}} draw from them (so GETs hit)
    --key-prefix P       Key name prefix (default 'key:')
    --value-size B       Bytes per preloaded value (default 64)
    --connections N      Redis connections per worker thread (default 1)
    --auto-pipeline      Batch commands issued in the same tick into one write (ioredis
                         enableAutoPipelining): higher throughput, latency includes batching
${redisHelp}
  Errors are counted by the Redis error prefix (ERR, WRONGTYPE, NOAUTH, ...); a lost connection is
  kind 'connection' and the client reconnects every 100 ms while the run goes on.

  Examples
    $ loadscope redis --redis-addr 127.0.0.1:6379 -r 5000 -d 30s --command 'SET key:{{.RequestNumber}} {{randomString 64}}'
    $ loadscope redis --keys 1000 -r 2000 --command '80:GET {{.Key}}' --command '20:SET {{.Key}} {{randomString 64}}'
    $ loadscope redis --rate max -c 50 -n 100000 --auto-pipeline --command 'INCR counter'
`,
	flags: {
		command: {type: 'string', isMultiple: true},
		keys: {type: 'string'},
		keyPrefix: {type: 'string'},
		valueSize: {type: 'string'},
		connections: {type: 'string'},
		autoPipeline: {type: 'boolean'},
		...redisFlags,
	},
	build(flags) {
		const target = parseRedisTarget(flags);
		const keys = flags.keys === undefined ? 0 : wholeNumber(flags.keys, '--keys');
		const commands = parseRedisCommands((flags.command as string[] | undefined) ?? [], {keys});
		const options: RedisWorkloadOptions = {
			target,
			commands,
			keys,
			keyPrefix: flags.keyPrefix === undefined ? 'key:' : String(flags.keyPrefix),
			valueSize: flags.valueSize === undefined ? 64 : parseSize(flags.valueSize, '--value-size'),
			connections: flags.connections === undefined ? 1 : parsePositiveInteger(flags.connections, '--connections'),
			autoPipeline: flags.autoPipeline === true,
		};
		const mix = commands.map(spec => `${spec.weight === 1 && commands.length === 1 ? '' : `${spec.weight}:`}${spec.verb}`).join(' ');
		const extras = [keys > 0 ? `${keys} keys` : '', options.autoPipeline ? 'auto-pipeline' : ''].filter(Boolean);
		return {
			workload: {kind: 'redis', options: options as unknown as Record<string, unknown>},
			target: `${describeRedis(target)} ${mix}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`,
		};
	},
};
