/**
 * Redis and NATS over TLS, end to end: a real redis-server with a TLS port and a real nats-server
 * that requires TLS, both with a certificate from a CA made for this test. With the CA given
 * (--redis-cacert / --nats-cacert) the raw workloads and the registry pattern run clean; without
 * it the run ends at once with one line that names the flag to give.
 */
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {Redis} from 'ioredis';
import {TestCertificates} from '../helpers/certificates.js';
import {runCli} from '../helpers/cli.js';
import {freePort, startNats, startRedis, type TestServer} from '../helpers/servers.js';

let certificates: TestCertificates;
let redis: TestServer;
let redisTlsPort: number;
let nats: TestServer;
let ca: string;

before(async () => {
	certificates = new TestCertificates();
	certificates.issue('server', 'IP:127.0.0.1,DNS:localhost');
	ca = certificates.file('ca.pem');
	const cert = certificates.file('server.pem');
	const key = certificates.file('server.key');
	redisTlsPort = await freePort();
	[redis, nats] = await Promise.all([
		startRedis({args: ['--tls-port', String(redisTlsPort), '--tls-cert-file', cert, '--tls-key-file', key, '--tls-ca-cert-file', ca, '--tls-auth-clients', 'no']}),
		startNats({args: ['--tls', '--tlscert', cert, '--tlskey', key]}),
	]);
});

after(async () => {
	await Promise.all([redis?.dispose(), nats?.dispose()]);
	certificates?.dispose();
});

const quick = ['-n', '20', '-r', '100', '--workers', '1', '--no-tui'];

test('redis over TLS with --redis-cacert: every SET lands', async () => {
	const result = await runCli(['redis', '--redis-addr', `rediss://127.0.0.1:${redisTlsPort}`, '--redis-cacert', ca, '--command', 'SET tls:{{.RequestNumber}} v', ...quick], {timeoutMs: 60_000});
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /Target: +rediss:\/\/127\.0\.0\.1:\d+ SET/);
	assert.match(result.stdout, /Successful: +20 \(100\.00%\)/);
	// Read back over the plaintext port the same server also listens on.
	const client = new Redis({host: '127.0.0.1', port: redis.port});
	try {
		assert.equal(await client.get('tls:0'), 'v');
		assert.equal(await client.get('tls:19'), 'v');
	} finally {
		client.disconnect();
	}
});

test('nats over TLS with --nats-cacert: published and delivered to the subscriber', async () => {
	const result = await runCli(['nats', '--nats-servers', `tls://127.0.0.1:${nats.port}`, '--nats-cacert', ca, '--subscribe', ...quick], {timeoutMs: 60_000});
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /Successful: +20 \(100\.00%\)/);
	assert.match(result.stdout, /Delivery ratio: +100\.00%/);
});

test('the registry pattern over TLS Redis and TLS NATS', async () => {
	const result = await runCli(['mixed', '--redis-addr', `rediss://127.0.0.1:${redisTlsPort}`, '--redis-cacert', ca, '--nats-servers', `tls://127.0.0.1:${nats.port}`, '--nats-cacert', ca, ...quick], {timeoutMs: 60_000});
	assert.equal(result.code, 0, result.stderr);
	assert.match(result.stdout, /Successful: +20 \(100\.00%\)/);
});

test('without the CA: one line naming the flag to give, exit 1, no stack trace', async () => {
	const cases = [
		{args: ['redis', '--redis-addr', `rediss://127.0.0.1:${redisTlsPort}`, '--command', 'PING'], flag: '--redis-cacert'},
		{args: ['nats', '--nats-servers', `tls://127.0.0.1:${nats.port}`], flag: '--nats-cacert'},
		{args: ['register', '--redis-addr', `rediss://127.0.0.1:${redisTlsPort}`, '--nats-servers', `tls://127.0.0.1:${nats.port}`, '--nats-cacert', ca], flag: '--redis-cacert'},
	];
	for (const {args, flag} of cases) {
		// eslint-disable-next-line no-await-in-loop
		const result = await runCli([...args, ...quick], {timeoutMs: 60_000});
		const lines = result.stderr.trim().split('\n');
		assert.equal(result.code, 1, `${args[0]}: exit ${result.code}\n${result.stderr}`);
		assert.equal(lines.length, 1, `${args[0]}: one line:\n${result.stderr}`);
		assert.match(lines[0]!, new RegExp(`^loadscope: .*certificate.*; give the CA that signed the server's certificate with ${flag} FILE$`));
	}
});
