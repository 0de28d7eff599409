/** The test-server helper itself: real servers start on free ports, die when killed and come back. */
import assert from 'node:assert/strict';
import net from 'node:net';
import {test} from 'node:test';
import {startNats, startRedis} from '../helpers/servers.js';

async function roundTrip(port: number, send: string, expect: RegExp): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const socket = net.connect({port, host: '127.0.0.1'});
		let data = '';
		socket.on('data', chunk => {
			data += String(chunk);
			if (expect.test(data)) {
				socket.destroy();
				resolve();
			}
		});
		socket.on('error', reject);
		socket.write(send);
	});
}

test('redis-server starts on a free port, is killed and restarts on the same port', async () => {
	const redis = await startRedis();
	try {
		await roundTrip(redis.port, 'PING\r\n', /\+PONG/);
		await redis.stop();
		assert.equal(redis.running, false);
		await assert.rejects(roundTrip(redis.port, 'PING\r\n', /\+PONG/));
		await redis.start();
		await roundTrip(redis.port, 'PING\r\n', /\+PONG/);
	} finally {
		await redis.dispose();
	}
});

test('nats-server starts with JetStream on a free port', async () => {
	const nats = await startNats({jetstream: true});
	try {
		await roundTrip(nats.port, 'PING\r\n', /INFO .*"jetstream":true/);
	} finally {
		await nats.dispose();
	}
});
