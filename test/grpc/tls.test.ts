/** TLS through the real gRPC hop, with a CA and certificates made by openssl for this test. */
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {startRun} from '../../source/engine/controller.js';
import {startServer} from '../../source/server/start-server.js';
import {TestCertificates} from '../helpers/certificates.js';
import {runCli} from '../helpers/cli.js';
import {grpcPlan} from './plan.js';

let certificates: TestCertificates;
const file = (name: string) => certificates.file(name);

before(() => {
	certificates = new TestCertificates();
	certificates.issue('server', 'IP:127.0.0.1,DNS:localhost');
	certificates.issue('client', 'DNS:client');
});

after(() => {
	certificates.dispose();
});

const tls = (overrides: Record<string, unknown>) => ({insecure: false, cacert: file('ca.pem'), cert: undefined, key: undefined, cname: undefined, skipVerify: false, ...overrides});

test('TLS with --cacert, and with --cname naming the certificate', async () => {
	const server = await startServer({port: 0, host: '127.0.0.1', tls: {cert: file('server.pem'), key: file('server.key')}});
	try {
		for (const cname of [undefined, 'localhost']) {
			// eslint-disable-next-line no-await-in-loop
			const result = await (await startRun(grpcPlan(server.port, {tls: tls({cname})}))).done;
			const op = result.final.total.ops[0]!;
			assert.equal(op.ok, 10, `cname ${cname}: ${JSON.stringify(op.errorsByKind)}`);
		}

		const wrongName = await (await startRun(grpcPlan(server.port, {tls: tls({cname: 'elsewhere.example'}), connectTimeoutMs: 1000}))).done;
		assert.equal(wrongName.final.total.ops[0]!.ok, 0, 'a name the certificate does not hold is refused');
	} finally {
		await server.close(100);
	}
});

test('mutual TLS: the server requires a client certificate signed by its CA', async () => {
	const server = await startServer({port: 0, host: '127.0.0.1', tls: {cert: file('server.pem'), key: file('server.key'), ca: file('ca.pem')}});
	try {
		const result = await (await startRun(grpcPlan(server.port, {tls: tls({cert: file('client.pem'), key: file('client.key')})}))).done;
		assert.equal(result.final.total.ops[0]!.ok, 10);
	} finally {
		await server.close(100);
	}
});

test('CLI: --cacert works end to end; a plaintext client against a TLS server is one line, exit 2', async () => {
	const server = await startServer({port: 0, host: '127.0.0.1', tls: {cert: file('server.pem'), key: file('server.key')}});
	try {
		const target = `127.0.0.1:${server.port}`;
		const ok = await runCli(['grpc', target, '--cacert', file('ca.pem'), '--call', 'loadscope.keyvalue.v1.KeyValue.Set', '--data', '{"key":"tls-{{.RequestNumber}}"}', '-n', '5', '-r', '50', '--workers', '1', '--no-tui'], {timeoutMs: 60_000});
		assert.equal(ok.code, 0, ok.stderr);
		assert.match(ok.stdout, /Successful:\s+5 \(100\.00%\)/);
		assert.equal(ok.stderr, '', 'no TLS warnings on stderr');
		const plain = await runCli(['grpc', target, '--insecure', '--call', 'loadscope.keyvalue.v1.KeyValue.Set', '-n', '5', '--no-tui'], {timeoutMs: 60_000});
		assert.equal(plain.code, 2);
		assert.match(plain.stderr, /^loadscope: cannot reach 127\.0\.0\.1:\d+: /);
	} finally {
		await server.close(100);
	}
});

test('registry commands through a TLS `loadscope serve`: --grpc-cacert, mutual TLS, and a plaintext client told what to give', async () => {
	const server = await startServer({port: 0, host: '127.0.0.1', tls: {cert: file('server.pem'), key: file('server.key')}});
	const mutual = await startServer({port: 0, host: '127.0.0.1', tls: {cert: file('server.pem'), key: file('server.key'), ca: file('ca.pem')}});
	const quick = ['-n', '40', '-r', '100', '--workers', '1', '--no-tui'];
	try {
		const ok = await runCli(['mixed', '--grpc', `127.0.0.1:${server.port}`, '--grpc-cacert', file('ca.pem'), ...quick], {timeoutMs: 60_000});
		assert.equal(ok.code, 0, ok.stderr);
		assert.equal(ok.stderr, '', 'no TLS warnings on stderr');
		assert.match(ok.stdout, /Target: +grpcs:\/\/127\.0\.0\.1:\d+ MulticastRegistry/);
		assert.match(ok.stdout, /Successful: +40 \(100\.00%\)/);
		assert.match(ok.stdout, /Delivery ratio: +100\.00%/, 'Subscribe streams over TLS too');

		const both = await runCli(['register', '--grpc', `127.0.0.1:${mutual.port}`, '--grpc-cacert', file('ca.pem'), '--grpc-cert', file('client.pem'), '--grpc-key', file('client.key'), ...quick], {timeoutMs: 60_000});
		assert.equal(both.code, 0, both.stderr);
		assert.match(both.stdout, /Successful: +40 \(100\.00%\)/);

		const plain = await runCli(['register', '--grpc', `127.0.0.1:${server.port}`, ...quick], {timeoutMs: 60_000});
		assert.equal(plain.code, 2, plain.stderr);
		assert.match(plain.stderr, /^loadscope: --grpc: cannot reach 127\.0\.0\.1:\d+: .* \(a TLS server needs --grpc-cacert\)\n$/);
	} finally {
		await Promise.all([server.close(100), mutual.close(100)]);
	}
});
