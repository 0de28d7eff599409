/** Bad input for `loadscope redis` and `loadscope nats`. */
import {freePort} from '../../helpers/servers.js';
import type {BadInputRow} from '../bad-input.test.js';

const closedPort = async () => String(await freePort());

export const rows: readonly BadInputRow[] = [
	{what: 'redis without --command', args: ['redis'], error: /give at least one --command/},
	{what: 'empty --command', args: ['redis', '--command', ''], error: /--command '' is empty/},
	{what: 'bad template in --command', args: ['redis', '--command', 'GET {{randomInt 5}}'], error: /randomInt MIN MAX/},
	{what: 'unknown template function in --command', args: ['redis', '--command', 'GET {{randomKey}}'], error: /unknown template function 'randomKey'/},
	{what: 'unclosed quote in --command', args: ['redis', '--command', 'SET k "v'], error: /unclosed " quote/},
	{what: '{{.Key}} without --keys', args: ['redis', '--command', 'GET {{.Key}}'], error: /give --keys N/},
	{what: 'weight that does not parse', args: ['redis', '--command', '8x:GET k'], error: /weight '8x' must be a number more than 0/},
	{what: 'zero weight', args: ['redis', '--command=0:GET k'], error: /weight '0' must be a number more than 0/},
	{what: 'negative --keys', args: ['redis', '--keys=-3', '--command', 'PING'], error: /--keys must be a whole number >= 0/},
	{what: 'zero --connections', args: ['redis', '--connections', '0', '--command', 'PING'], error: /--connections must be a whole number more than 0/},
	{what: 'bad --redis-addr', args: ['redis', '--redis-addr', 'http://x', '--command', 'PING'], error: /scheme 'http' is not redis/},
	{what: '--redis-cacert that cannot be read', args: ['redis', '--redis-addr', 'rediss://127.0.0.1:6380', '--redis-cacert', '/nonexistent/ca.pem', '--command', 'PING'], error: /--redis-cacert: cannot read '\/nonexistent\/ca\.pem' \(ENOENT\)$/},
	{what: '--nats-cacert that cannot be read', args: ['nats', '--nats-servers', 'tls://127.0.0.1:4222', '--nats-cacert', '/nonexistent/ca.pem'], error: /--nats-cacert: cannot read '\/nonexistent\/ca\.pem' \(ENOENT\)$/},
	{what: '--nats-creds that is not a credentials file', args: ['nats', '--nats-creds', '/etc/hostname'], error: /--nats-creds: '\/etc\/hostname' is not a NATS credentials file \(it needs the user JWT and NKEY seed blocks that nsc writes\)/},
	{what: '--nats-creds that is a directory', args: ['nats', '--nats-creds', '/tmp'], error: /--nats-creds: cannot read '\/tmp' \(EISDIR\)$/},
	{
		what: 'redis unreachable at start',
		args: ['redis', '--command', 'PING', '-d', '1s'],
		error: /redis: cannot connect to redis:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/,
		code: 1,
		setup: async () => ({args: ['--redis-addr', `127.0.0.1:${await closedPort()}`]}),
	},
	{what: 'negative --payload-size', args: ['nats', '--payload-size=-5'], error: /--payload-size: '-5' is not a size/},
	{what: 'payload too small to carry the stamp', args: ['nats', '--subscribe', '--payload-size', '8'], error: /at least 20 bytes with --subscribe/},
	{what: 'payload over max_payload', args: ['nats', '--payload-size', '2mb'], error: /over NATS's default max_payload/},
	{what: 'bad --nats-servers', args: ['nats', '--nats-servers', 'http://127.0.0.1:4222'], error: /scheme 'http' is not nats/},
	{what: 'empty --nats-servers', args: ['nats', '--nats-servers', ','], error: /--nats-servers is empty/},
	{what: '--responder without --request', args: ['nats', '--responder'], error: /use it with --request/},
	{what: '--request with --subscribe', args: ['nats', '--request', '--subscribe'], error: /--request cannot be combined/},
	{what: 'bad template in --subject', args: ['nats', '--subject', 'a.{{nope}}'], error: /unknown template function 'nope'/},
	{what: 'subject with spaces', args: ['nats', '--subject', 'a b'], error: /without spaces/},
	{what: 'bad --stream name', args: ['nats', '--jetstream', '--stream', 'a.b'], error: /--stream 'a.b' must be letters/},
	{
		what: 'nats unreachable at start',
		args: ['nats', '-d', '1s'],
		error: /nats: cannot connect to nats:\/\/127\.0\.0\.1:\d+: CONNECTION_REFUSED/,
		code: 1,
		setup: async () => ({args: ['--nats-servers', `127.0.0.1:${await closedPort()}`]}),
	},
];
