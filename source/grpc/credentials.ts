/**
 * Channel credentials from ghz's flags: --insecure (plaintext), --cacert, --cert/--key (mutual
 * TLS), --cname (server name to verify), --skip-tls (TLS without verifying the server).
 */
import {isIP} from 'node:net';
import process from 'node:process';
import {credentials, type ChannelCredentials, type ChannelOptions} from '@grpc/grpc-js';
import {UsageError} from '../errors.js';
import {readFlagFile} from '../flag-file.js';

export type TlsOptions = {
	readonly insecure: boolean;
	readonly cacert: string | undefined;
	readonly cert: string | undefined;
	readonly key: string | undefined;
	readonly cname: string | undefined;
	readonly skipVerify: boolean;
};

function read(file: string | undefined, flag: string): Buffer | undefined {
	return file === undefined ? undefined : readFlagFile(file, flag);
}

/**
 * grpc-js sends the target host as the TLS server name; for an IP address Node prints a
 * deprecation warning (DEP0123) per thread, which would break our one-line output. Certificates
 * with IP SANs are still verified.
 */
export function quietIpServerName(target: string, tls: TlsOptions): void {
	const host = target.replace(/:\d+$/, '').replaceAll(/^\[|\]$/g, '');
	if (!tls.insecure && !tls.cname && isIP(host) !== 0) {
		process.noDeprecation = true;
	}
}

/** Plaintext, as registry `--grpc` runs by default. */
export const plaintext: TlsOptions = {insecure: true, cacert: undefined, cert: undefined, key: undefined, cname: undefined, skipVerify: false};

/** Also used by the CLI to check the files before workers start. */
export function channelCredentials(tls: TlsOptions): {credentials: ChannelCredentials; options: ChannelOptions} {
	if (tls.insecure) {
		if (tls.cacert ?? tls.cert ?? tls.key) {
			throw new UsageError('--insecure means plaintext: drop it to use --cacert, --cert or --key');
		}

		return {credentials: credentials.createInsecure(), options: {}};
	}

	if ((tls.cert === undefined) !== (tls.key === undefined)) {
		throw new UsageError('--cert and --key go together (mutual TLS)');
	}

	const root = read(tls.cacert, '--cacert');
	const key = read(tls.key, '--key');
	const cert = read(tls.cert, '--cert');
	const verify = tls.skipVerify ? {checkServerIdentity: () => undefined, rejectUnauthorized: false} : {};
	let made: ChannelCredentials;
	try {
		made = credentials.createSsl(root ?? null, key ?? null, cert ?? null, verify);
	} catch (error) {
		throw new UsageError(`TLS: ${error instanceof Error ? error.message : String(error)}`);
	}

	const options: ChannelOptions = tls.cname ? {'grpc.ssl_target_name_override': tls.cname, 'grpc.default_authority': tls.cname} : {};
	return {credentials: made, options};
}
