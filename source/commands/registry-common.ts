/**
 * Flags and building shared by the registry commands (register, enumerate, multicast, mixed):
 * each command only chooses its operation weights and defaults.
 */
import {randomUUID} from 'node:crypto';
import type {AnyFlags} from 'meow';
import type {Flags, WorkloadBuild} from '../cli/command.js';
import {parseDuration} from '../cli/parse.js';
import {natsFlags, natsHelp, parseNatsTarget} from '../connections/nats.js';
import {parseRedisTarget, redisFlags, redisHelp} from '../connections/redis.js';
import {UsageError} from '../errors.js';
import {readableFlagFile} from '../flag-file.js';
import type {TlsOptions} from '../grpc/credentials.js';
import {probe} from '../grpc/probe.js';
import {describeBackends, defaultRegistryOptions} from '../pattern/create.js';
import {formatFilter, type Filter} from '../pattern/filter.js';
import {parseFilter} from '../pattern/filter-parse.js';
import {registryOperations, type RegistryOperation, type RegistryWorkloadOptions} from '../workloads/registry.js';

export const registryFlags = {
	grpc: {type: 'string'},
	grpcCacert: {type: 'string'},
	grpcCert: {type: 'string'},
	grpcKey: {type: 'string'},
	grpcCname: {type: 'string'},
	...redisFlags,
	...natsFlags,
	ttl: {type: 'string'},
	filter: {type: 'string'},
	status: {type: 'string'},
	deliveryTimeout: {type: 'string'},
	subjectPrefix: {type: 'string'},
	keyPrefix: {type: 'string'},
	preload: {type: 'string'},
} satisfies AnyFlags;

export const mixFlags = {
	registerPct: {type: 'string'},
	enumeratePct: {type: 'string'},
	multicastPct: {type: 'string'},
	mix: {type: 'string'},
} satisfies AnyFlags;

export const defaultTtlMs = 300_000;
export const defaultDeliveryTimeoutMs = 2000;

export const registryHelp = `
  Multicast Registry
    --ttl D                Registration TTL (default 5m); expired identities are neither enumerated nor targeted
    --filter EXPR          Filter for enumerate and multicast (default: every live identity), e.g.
                           'status=online and region in (us,eu)', 'tier>=3 or not device exists', or JSON
    --status S             Shorthand for --filter 'status=S' (combined with --filter by 'and')
    --delivery-timeout D   A message arriving later counts as late, not delivered (default 2s)
    --subject-prefix P     Multicast subjects are P.<identity> (default ${defaultRegistryOptions.subjectPrefix})
    --key-prefix P         Redis key prefix (default ${defaultRegistryOptions.keyPrefix})
    --preload N            Identities registered (and online) before the load starts (default 0)
    Without --redis-addr the registry is in-memory; without --nats-servers the bus is in-memory
    (shared by the run's worker threads, no servers needed).
    --grpc HOST:PORT       Through \`loadscope serve\`'s MulticastRegistry service instead: the same
                           mix over one gRPC hop, delivery measured at receivers holding Subscribe
                           streams; the backends are serve's (its --redis-addr, --nats-servers)
    --grpc-cacert FILE     TLS to serve (plaintext without it), verifying it with this CA
    --grpc-cert FILE, --grpc-key FILE   Mutual TLS: the client certificate and its key
    --grpc-cname NAME      Server name to verify instead of the host in --grpc
${redisHelp}${natsHelp}`;

function percentage(value: unknown, flag: string): number {
	const text = String(value).trim().replace(/%$/, '');
	const number = Number(text);
	if (text === '' || !Number.isFinite(number) || number < 0 || number > 100) {
		throw new UsageError(`${flag} must be a percentage between 0 and 100, got '${String(value)}'`);
	}

	return number;
}

/** `register=50,enumerate=30,multicast=20` (names may be left out: they get 0). */
export function parseMix(text: string): Record<RegistryOperation, number> {
	const weights: Record<RegistryOperation, number> = {register: 0, enumerate: 0, multicast: 0};
	const parts = text.split(',').map(part => part.trim()).filter(part => part !== '');
	if (parts.length === 0) {
		throw new UsageError("--mix is empty; e.g. --mix register=50,enumerate=30,multicast=20");
	}

	for (const part of parts) {
		const match = /^([a-z]+)\s*[=:]\s*(.+)$/i.exec(part);
		if (!match) {
			throw new UsageError(`--mix: '${part}' is not NAME=PCT; e.g. --mix register=50,enumerate=30,multicast=20`);
		}

		const name = match[1]!.toLowerCase() as RegistryOperation;
		if (!registryOperations.includes(name)) {
			throw new UsageError(`--mix: unknown operation '${match[1]!}'; use ${registryOperations.join(', ')}`);
		}

		weights[name] = percentage(match[2], `--mix ${name}`);
	}

	return weights;
}

export function buildMix(flags: Flags, defaults: Record<RegistryOperation, number>): Record<RegistryOperation, number> {
	const pctFlags = {register: flags.registerPct, enumerate: flags.enumeratePct, multicast: flags.multicastPct};
	const anyPct = Object.values(pctFlags).some(value => value !== undefined);
	if (flags.mix !== undefined && anyPct) {
		throw new UsageError('use either --mix or --register-pct/--enumerate-pct/--multicast-pct, not both');
	}

	let weights = defaults;
	if (flags.mix !== undefined) {
		weights = parseMix(String(flags.mix));
	} else if (anyPct) {
		weights = {
			register: pctFlags.register === undefined ? 0 : percentage(pctFlags.register, '--register-pct'),
			enumerate: pctFlags.enumerate === undefined ? 0 : percentage(pctFlags.enumerate, '--enumerate-pct'),
			multicast: pctFlags.multicast === undefined ? 0 : percentage(pctFlags.multicast, '--multicast-pct'),
		};
	}

	const sum = weights.register + weights.enumerate + weights.multicast;
	if (Math.abs(sum - 100) > 1e-9) {
		throw new UsageError(
			`the mix must sum to 100%, got ${sum}% (register ${weights.register} + enumerate ${weights.enumerate} + multicast ${weights.multicast})`,
		);
	}

	return weights;
}

export function buildFilter(flags: Flags): Filter | undefined {
	const parts: Filter[] = [];
	if (flags.filter !== undefined) {
		parts.push(parseFilter(String(flags.filter)));
	}

	if (flags.status !== undefined) {
		const status = String(flags.status).trim();
		if (status === '') {
			throw new UsageError("--status is empty; e.g. --status online");
		}

		parts.push({op: 'eq', field: 'status', value: status});
	}

	return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : {op: 'and', filters: parts};
}

function positiveDuration(value: unknown, flag: string): number {
	const ms = parseDuration(value, flag);
	if (!(ms > 0)) {
		throw new UsageError(`${flag} must be more than 0, e.g. ${flag} 30s`);
	}

	return ms;
}

/**
 * `--grpc HOST:PORT`: checked for form, for clashes with the flags that belong to serve, and
 * that a server answers, so a wrong address is one line and exit 2.
 */
async function grpcTarget(flags: Flags, backendGiven: boolean): Promise<{address: string; tls: TlsOptions | undefined} | undefined> {
	if (flags.grpc === undefined) {
		const stray = Object.entries(grpcTlsFlags).find(([name]) => flags[name] !== undefined);
		if (stray) {
			throw new UsageError(`${stray[1]} goes with --grpc HOST:PORT`);
		}

		return undefined;
	}

	const address = String(flags.grpc).trim().replace(/^grpc:\/+/, '');
	if (!/^(\[[\da-f:.]+\]|[^\s:/[\]]+):\d{1,5}$/i.test(address)) {
		throw new UsageError(`--grpc: '${String(flags.grpc)}' is not HOST:PORT, e.g. --grpc localhost:8980`);
	}

	if (backendGiven) {
		throw new UsageError('--grpc runs through loadscope serve: give --redis-addr / --nats-servers to serve, not here');
	}

	for (const flag of ['keyPrefix', 'subjectPrefix'] as const) {
		if (flags[flag] !== undefined) {
			throw new UsageError(`--grpc runs through loadscope serve, which uses its own ${flag === 'keyPrefix' ? '--key-prefix' : '--subject-prefix'}; leave it out`);
		}
	}

	const tls = grpcTls(flags);
	const {channelCredentials, plaintext, quietIpServerName} = await import('../grpc/credentials.js');
	quietIpServerName(address, tls ?? plaintext);
	const made = channelCredentials(tls ?? plaintext);
	try {
		await probe(address, made.credentials, made.options, 10_000, tls ? ' (a plaintext server: leave out --grpc-cacert)' : ' (a TLS server needs --grpc-cacert)');
	} catch (error) {
		throw error instanceof UsageError ? new UsageError(`--grpc: ${error.message}`) : error;
	}

	return {address, tls};
}

const grpcTlsFlags = {grpcCacert: '--grpc-cacert', grpcCert: '--grpc-cert', grpcKey: '--grpc-key', grpcCname: '--grpc-cname'} as const;

/** TLS to `loadscope serve` when any --grpc-cacert / --grpc-cert / --grpc-key / --grpc-cname is given. */
function grpcTls(flags: Flags): TlsOptions | undefined {
	const [cacert, cert, key] = (['grpcCacert', 'grpcCert', 'grpcKey'] as const).map(name => readableFlagFile(flags[name], grpcTlsFlags[name]));
	const cname = flags.grpcCname === undefined ? undefined : String(flags.grpcCname);
	if (cacert === undefined && cert === undefined && key === undefined && cname === undefined) {
		return undefined;
	}

	if ((cert === undefined) !== (key === undefined)) {
		throw new UsageError('--grpc-cert and --grpc-key go together (mutual TLS)');
	}

	return {insecure: false, cacert, cert, key, cname, skipVerify: false};
}

export async function buildRegistry(flags: Flags, weights: Record<RegistryOperation, number>, defaults: {ttlMs?: number; preload?: number} = {}): Promise<WorkloadBuild> {
	const subjectPrefix = String(flags.subjectPrefix ?? defaultRegistryOptions.subjectPrefix);
	if (!/^[\w-]+(\.[\w-]+)*$/.test(subjectPrefix)) {
		throw new UsageError(`--subject-prefix: '${subjectPrefix}' is not a NATS subject (tokens of letters, digits, _ or - separated by dots)`);
	}

	const keyPrefix = String(flags.keyPrefix ?? defaultRegistryOptions.keyPrefix);
	if (keyPrefix === '' || /\s/.test(keyPrefix)) {
		throw new UsageError(`--key-prefix: '${keyPrefix}' must be non-empty without spaces`);
	}

	let preload = defaults.preload ?? 0;
	if (flags.preload !== undefined) {
		preload = Number(flags.preload);
		if (!Number.isInteger(preload) || preload < 0) {
			throw new UsageError(`--preload must be a whole number >= 0, got '${String(flags.preload)}'`);
		}
	}

	// meow gives boolean flags a false default, so only a true --redis-tls / --nats-tls counts.
	const given = (values: unknown[]) => values.some(value => value !== undefined && value !== false);
	const redisGiven = given([flags.redisAddr, flags.redisPassword, flags.redisDb, flags.redisTls, flags.redisCacert]);
	const natsGiven = given([flags.natsServers, flags.natsUser, flags.natsPass, flags.natsToken, flags.natsCreds, flags.natsTls, flags.natsCacert]);
	const grpc = await grpcTarget(flags, redisGiven || natsGiven);
	const options: RegistryWorkloadOptions = {
		grpc: grpc?.address,
		grpcTls: grpc?.tls,
		redis: redisGiven ? parseRedisTarget(flags) : undefined,
		nats: natsGiven ? parseNatsTarget(flags) : undefined,
		namespace: randomUUID(),
		keyPrefix,
		subjectPrefix,
		ttlMs: flags.ttl === undefined ? (defaults.ttlMs ?? defaultTtlMs) : positiveDuration(flags.ttl, '--ttl'),
		filter: buildFilter(flags),
		deliveryTimeoutMs: flags.deliveryTimeout === undefined ? defaultDeliveryTimeoutMs : positiveDuration(flags.deliveryTimeout, '--delivery-timeout'),
		weights,
		preload,
	};
	const backends = grpc ? `${grpc.tls ? 'grpcs' : 'grpc'}://${grpc.address} MulticastRegistry (backends: serve's)` : describeBackends(options);
	const target = `${backends}; filter ${formatFilter(options.filter)}; ttl ${options.ttlMs / 1000}s`;
	return {workload: {kind: 'registry', options}, target, deliveryGraceMs: weights.multicast > 0 ? options.deliveryTimeoutMs : undefined};
}
