/**
 * Bad input for the Multicast Registry commands. A target that is down at start is one line and
 * exit 1 (a runtime failure: the command line was fine, the server was not there).
 */
import {freePort} from '../../helpers/servers.js';
import type {BadInputRow} from '../bad-input.test.js';

const closedPort = async () => ({args: ['--redis-addr', `127.0.0.1:${await freePort()}`]});
const closedNatsPort = async () => ({args: ['--nats-servers', `127.0.0.1:${await freePort()}`]});

export const rows: readonly BadInputRow[] = [
	{
		what: 'mix percentages that do not sum to 100',
		args: ['mixed', '--register-pct', '50', '--enumerate-pct', '30', '--multicast-pct', '30'],
		error: /the mix must sum to 100%, got 110% \(register 50 \+ enumerate 30 \+ multicast 30\)/,
	},
	{what: 'a percentage over 100', args: ['mixed', '--register-pct', '150'], error: /--register-pct must be a percentage between 0 and 100/},
	{what: '--mix with an unknown operation', args: ['mixed', '--mix', 'register=50,delete=50'], error: /--mix: unknown operation 'delete'/},
	{what: '--mix without =', args: ['mixed', '--mix', 'register50'], error: /--mix: 'register50' is not NAME=PCT/},
	{what: '--mix that does not sum to 100', args: ['mixed', '--mix', 'register=50,enumerate=20'], error: /the mix must sum to 100%, got 70%/},
	{what: '--mix together with --register-pct', args: ['mixed', '--mix', 'register=100', '--register-pct', '100'], error: /either --mix or --register-pct/},
	{what: 'filter missing a value', args: ['mixed', '--filter', 'status='], error: /--filter: a value expected, found the end at position 8 in 'status='/},
	{what: 'filter with an unknown operator', args: ['enumerate', '--filter', 'status ~ online'], error: /--filter: an operator after 'status' .* found '~' at position 8/},
	{what: 'filter JSON with an unknown op', args: ['multicast', '--filter', '{"op":"like","field":"a"}'], error: /--filter: unknown op "like"/},
	{what: 'zero --ttl', args: ['register', '--ttl', '0s'], error: /--ttl must be more than 0/},
	{what: '--ttl that is not a duration', args: ['register', '--ttl', 'forever'], error: /--ttl: 'forever' is not a duration/},
	{what: 'bad --delivery-timeout', args: ['multicast', '--delivery-timeout', 'soon'], error: /--delivery-timeout: 'soon' is not a duration/},
	{what: 'bad --subject-prefix', args: ['multicast', '--subject-prefix', 'a..b'], error: /--subject-prefix: 'a\.\.b' is not a NATS subject/},
	{what: 'malformed --redis-addr port', args: ['mixed', '--redis-addr', 'localhost:99999'], error: /--redis-addr: '99999' is not a port number/},
	{what: 'malformed --redis-addr scheme', args: ['mixed', '--redis-addr', 'http://localhost:6379'], error: /--redis-addr: scheme 'http' is not redis/},
	{what: 'unreachable redis at start', args: ['mixed', '-d', '2s'], setup: closedPort, error: /cannot reach redis at redis:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/, code: 1},
	{what: 'unreachable nats at start', args: ['mixed', '-d', '2s'], setup: closedNatsPort, error: /cannot reach nats at nats:\/\/127\.0\.0\.1:\d+: CONNECTION_REFUSED/, code: 1},
	{what: '--grpc-cacert without --grpc', args: ['register', '--grpc-cacert', '/etc/hostname'], error: /--grpc-cacert goes with --grpc HOST:PORT/},
	{what: '--grpc-cert without --grpc-key', args: ['register', '--grpc', '127.0.0.1:1', '--grpc-cert', '/etc/hostname'], error: /--grpc-cert and --grpc-key go together \(mutual TLS\)/},
	{what: '--grpc-cacert that cannot be read', args: ['register', '--grpc', '127.0.0.1:1', '--grpc-cacert', '/nonexistent/ca.pem'], error: /--grpc-cacert: cannot read '\/nonexistent\/ca\.pem' \(ENOENT\)/},
	{what: '--grpc without a port', args: ['mixed', '--grpc', 'localhost'], error: /--grpc: 'localhost' is not HOST:PORT/},
	{what: '--grpc with --redis-addr', args: ['mixed', '--grpc', '127.0.0.1:1', '--redis-addr', '127.0.0.1:6379'], error: /--grpc runs through loadscope serve: give --redis-addr \/ --nats-servers to serve/},
	{what: '--grpc with --subject-prefix', args: ['multicast', '--grpc', '127.0.0.1:1', '--subject-prefix', 'x'], error: /serve, which uses its own --subject-prefix/},
	{what: '--grpc to a host nobody listens on', args: ['register', '--grpc', '127.0.0.1:1'], error: /--grpc: cannot reach 127\.0\.0\.1:1: .*ECONNREFUSED/},
];
