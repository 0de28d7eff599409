/**
 * Where Redis is and how to log in: parsed once in the CLI from `--redis-addr` (host:port, or a
 * redis:// / rediss:// URL with user, password and db), `--redis-password`, `--redis-db`,
 * `--redis-tls`, `--redis-cacert`; carried to workers as plain data; turned into ioredis options
 * there. Descriptions are redacted.
 */
import type {RedisOptions} from 'ioredis';
import {readFileSync} from 'node:fs';
import type {AnyFlags} from 'meow';
import {UsageError} from '../errors.js';
import {readableFlagFile} from '../flag-file.js';
import type {Flags} from '../cli/command.js';

export type RedisTarget = {
	readonly host: string;
	readonly port: number;
	readonly username: string | undefined;
	readonly password: string | undefined;
	readonly db: number;
	readonly tls: boolean;
	/** CA bundle path for TLS (read in the worker). */
	readonly caFile: string | undefined;
};

export const redisFlags = {
	redisAddr: {type: 'string'},
	redisPassword: {type: 'string'},
	redisDb: {type: 'string'},
	redisTls: {type: 'boolean'},
	redisCacert: {type: 'string'},
} satisfies AnyFlags;

export const redisHelp = `
  Redis
    --redis-addr ADDR      host:port or redis[s]://[user:password@]host:port[/db] (default 127.0.0.1:6379)
    --redis-password PW    Password (AUTH); never shown in the TUI or reports
    --redis-db N           Database number (default 0)
    --redis-tls            Use TLS (implied by rediss://)
    --redis-cacert FILE    CA bundle for TLS
`;

function port(text: string, flag: string): number {
	const number = Number(text);
	if (!/^\d+$/.test(text) || number < 1 || number > 65_535) {
		throw new UsageError(`${flag}: '${text}' is not a port number (1..65535)`);
	}

	return number;
}

function database(value: unknown, flag: string): number {
	const text = String(value);
	if (!/^\d+$/.test(text)) {
		throw new UsageError(`${flag} must be a database number >= 0, got '${text}'`);
	}

	return Number(text);
}

/** Parse a Redis address; `flag` names the flag for errors. */
export function parseRedisTarget(flags: Flags, defaultAddr = '127.0.0.1:6379'): RedisTarget {
	const addr = String(flags.redisAddr ?? defaultAddr).trim();
	let host: string;
	let portNumber: number;
	let username: string | undefined;
	let password: string | undefined;
	let db = 0;
	let tls = flags.redisTls === true;
	if (/^[a-z][a-z\d+.-]*:\/\//i.test(addr)) {
		let url: URL;
		try {
			url = new URL(addr);
		} catch {
			throw new UsageError(`--redis-addr: '${addr.replace(/\/\/[^@]*@/, '//***@')}' is not a valid URL; use redis://host:port or host:port`);
		}

		if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
			throw new UsageError(`--redis-addr: scheme '${url.protocol.slice(0, -1)}' is not redis:// or rediss://`);
		}

		tls ||= url.protocol === 'rediss:';
		host = url.hostname.replace(/^\[|\]$/g, '');
		portNumber = url.port === '' ? 6379 : port(url.port, '--redis-addr');
		username = url.username === '' ? undefined : decodeURIComponent(url.username);
		password = url.password === '' ? undefined : decodeURIComponent(url.password);
		const path = url.pathname.replace(/^\//, '');
		if (path !== '') {
			db = database(path, '--redis-addr database');
		}
	} else {
		const match = /^(\[[^\]]+\]|[^:\s]+)(?::(\S*))?$/.exec(addr);
		if (!match) {
			throw new UsageError(`--redis-addr: '${addr}' is not host:port or a redis:// URL`);
		}

		host = match[1]!.replace(/^\[|\]$/g, '');
		portNumber = match[2] === undefined ? 6379 : port(match[2], '--redis-addr');
	}

	if (host === '') {
		throw new UsageError(`--redis-addr: '${addr}' has no host`);
	}

	if (flags.redisPassword !== undefined) {
		password = String(flags.redisPassword);
	}

	if (flags.redisDb !== undefined) {
		db = database(flags.redisDb, '--redis-db');
	}

	const caFile = readableFlagFile(flags.redisCacert, '--redis-cacert');
	return {host, port: portNumber, username, password, db, tls: tls || caFile !== undefined, caFile};
}

/** For headers and reports: never includes the password. */
export function describeRedis(target: RedisTarget): string {
	const user = target.username ?? (target.password === undefined ? undefined : '');
	const auth = user === undefined ? '' : `${user}:***@`;
	const host = target.host.includes(':') ? `[${target.host}]` : target.host;
	return `${target.tls ? 'rediss' : 'redis'}://${auth}${host}:${target.port}${target.db === 0 ? '' : `/${target.db}`}`;
}

/** ioredis options for this target (call in the worker; reads the CA file). */
export function redisClientOptions(target: RedisTarget, extra: RedisOptions = {}): RedisOptions {
	return {
		host: target.host,
		port: target.port,
		username: target.username,
		password: target.password,
		db: target.db,
		...(target.tls ? {tls: target.caFile ? {ca: readFileSync(target.caFile)} : {}} : {}),
		...extra,
	};
}
