/**
 * Where NATS is and how to log in: `--nats-servers` (comma-separated host:port or nats:// /
 * tls:// URLs, credentials allowed in the URL), `--nats-user`/`--nats-pass`, `--nats-token`,
 * `--nats-creds FILE`, `--nats-tls`, `--nats-cacert`. Parsed in the CLI, carried as plain data,
 * turned into nats.js ConnectionOptions in the worker. Descriptions are redacted.
 */
import {readFileSync} from 'node:fs';
import type {AnyFlags} from 'meow';
import type {ConnectionOptions} from 'nats';
import {UsageError} from '../errors.js';
import {readableFlagFile, readFlagFile} from '../flag-file.js';
import type {Flags} from '../cli/command.js';
import {redactUrl} from './redact.js';

export type NatsTarget = {
	/** host:port entries, credentials stripped. */
	readonly servers: readonly string[];
	readonly user: string | undefined;
	readonly pass: string | undefined;
	readonly token: string | undefined;
	readonly credsFile: string | undefined;
	readonly tls: boolean;
	readonly caFile: string | undefined;
};

export const natsFlags = {
	natsServers: {type: 'string'},
	natsUser: {type: 'string'},
	natsPass: {type: 'string'},
	natsToken: {type: 'string'},
	natsCreds: {type: 'string'},
	natsTls: {type: 'boolean'},
	natsCacert: {type: 'string'},
} satisfies AnyFlags;

export const natsHelp = `
  NATS
    --nats-servers LIST    Comma-separated host:port or nats://[user:pass@]host:port (default 127.0.0.1:4222)
    --nats-user U / --nats-pass P   User and password (never shown in the TUI or reports)
    --nats-token T         Token authentication
    --nats-creds FILE      Credentials file (JWT + NKey)
    --nats-tls             Require TLS (implied by tls://)
    --nats-cacert FILE     CA bundle for TLS
`;

export function parseNatsTarget(flags: Flags, defaultServers = '127.0.0.1:4222'): NatsTarget {
	const list = String(flags.natsServers ?? defaultServers)
		.split(',')
		.map(entry => entry.trim())
		.filter(entry => entry !== '');
	if (list.length === 0) {
		throw new UsageError('--nats-servers is empty; give host:port or nats://host:port');
	}

	let user: string | undefined;
	let pass: string | undefined;
	let token: string | undefined;
	let tls = flags.natsTls === true;
	const servers = list.map(entry => {
		const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(entry) ? entry : `nats://${entry}`;
		let url: URL;
		try {
			url = new URL(withScheme);
		} catch {
			throw new UsageError(`--nats-servers: '${redactUrl(entry)}' is not host:port or a nats:// URL`);
		}

		if (!['nats:', 'tls:'].includes(url.protocol)) {
			throw new UsageError(`--nats-servers: scheme '${url.protocol.slice(0, -1)}' is not nats:// or tls://`);
		}

		if (url.hostname === '') {
			throw new UsageError(`--nats-servers: '${redactUrl(entry)}' has no host`);
		}

		if (url.port !== '' && (Number(url.port) < 1 || Number(url.port) > 65_535)) {
			throw new UsageError(`--nats-servers: '${url.port}' is not a port number (1..65535)`);
		}

		tls ||= url.protocol === 'tls:';
		if (url.username !== '' && url.password !== '') {
			user = decodeURIComponent(url.username);
			pass = decodeURIComponent(url.password);
		} else if (url.username !== '') {
			token = decodeURIComponent(url.username);
		}

		return `${url.hostname}:${url.port === '' ? 4222 : url.port}`;
	});
	if (flags.natsUser !== undefined) {
		user = String(flags.natsUser);
	}

	if (flags.natsPass !== undefined) {
		pass = String(flags.natsPass);
	}

	if (flags.natsToken !== undefined) {
		token = String(flags.natsToken);
	}

	if ((user === undefined) !== (pass === undefined)) {
		throw new UsageError('--nats-user and --nats-pass go together');
	}

	const caFile = readableFlagFile(flags.natsCacert, '--nats-cacert');
	const credsFile = credsFileFlag(flags.natsCreds);
	return {servers, user, pass, token, credsFile, tls: tls || caFile !== undefined, caFile};
}

/** --nats-creds: a readable file with the user JWT and NKEY seed blocks `nsc` writes. */
function credsFileFlag(value: unknown): string | undefined {
	if (value === undefined) {
		return undefined;
	}

	const file = String(value);
	const text = readFlagFile(file, '--nats-creds').toString('utf8');
	if (!/-----BEGIN NATS USER JWT-----/.test(text) || !/-----BEGIN USER NKEY SEED-----/.test(text)) {
		throw new UsageError(`--nats-creds: '${file}' is not a NATS credentials file (it needs the user JWT and NKEY seed blocks that nsc writes)`);
	}

	return file;
}

/** For headers and reports: never includes the password or token. */
export function describeNats(target: NatsTarget): string {
	const auth = target.user === undefined ? (target.token === undefined ? '' : '***@') : `${target.user}:***@`;
	return target.servers.map(server => `${target.tls ? 'tls' : 'nats'}://${auth}${server}`).join(',');
}

/** nats.js connection options (call in the worker: reads the creds and CA files). */
export async function natsConnectionOptions(target: NatsTarget, extra: ConnectionOptions = {}): Promise<ConnectionOptions> {
	const options: ConnectionOptions = {servers: [...target.servers], ...extra};
	if (target.user !== undefined) {
		options.user = target.user;
		options.pass = target.pass;
	}

	if (target.token !== undefined) {
		options.token = target.token;
	}

	if (target.credsFile !== undefined) {
		const {credsAuthenticator} = await import('nats');
		options.authenticator = credsAuthenticator(readFileSync(target.credsFile));
	}

	if (target.tls) {
		options.tls = target.caFile === undefined ? {} : {caFile: target.caFile};
	}

	return options;
}
