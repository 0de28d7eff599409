/** Bad input for `loadscope grpc` and `loadscope serve`: one line, exit 2, before any worker starts. */
import type {BadInputRow} from '../bad-input.test.js';

const call = ['--call', 'loadscope.keyvalue.v1.KeyValue.Set', '--insecure'];

export const rows: readonly BadInputRow[] = [
	{what: 'grpc without a server address', args: ['grpc', ...call], error: /give the server address: loadscope grpc HOST:PORT/},
	{what: 'grpc without --call', args: ['grpc', '127.0.0.1:1', '--insecure'], error: /--call is required/},
	{what: 'grpc with a proto file that does not exist', args: ['grpc', '127.0.0.1:1', '--proto', '/nonexistent/kv.proto', ...call], error: /--proto: cannot find '\/nonexistent\/kv.proto'/},
	{what: 'grpc with an unknown service', args: ['grpc', '127.0.0.1:1', '--insecure', '--call', 'nope.Service.Set'], error: /no service 'nope.Service' in the protos; services: loadscope.keyvalue.v1.KeyValue/},
	{what: 'grpc with an unknown method', args: ['grpc', '127.0.0.1:1', '--insecure', '--call', 'loadscope.keyvalue.v1.KeyValue/Put'], error: /has no method 'Put'; methods: Set, Get/},
	{what: 'grpc data with a field the message lacks', args: ['grpc', '127.0.0.1:1', ...call, '--data', '{"kee":"x"}'], error: /--data.kee: SetRequest has no field 'kee'/},
	{what: 'grpc data with a wrong type', args: ['grpc', '127.0.0.1:1', ...call, '--data', '{"ttl_seconds":"soon"}'], error: /--data.ttl_seconds: expected a whole number/},
	{what: 'grpc data that is not JSON', args: ['grpc', '127.0.0.1:1', ...call, '--data', '{key: x'], error: /--data: not valid JSON/},
	{what: 'grpc data with an unknown template field', args: ['grpc', '127.0.0.1:1', ...call, '--data', '{"key":"{{.Nope}}"}'], error: /unknown template field '.Nope'/},
	{what: 'grpc -bin metadata that is not base64', args: ['grpc', '127.0.0.1:1', ...call, '-m', '{"trace-bin":"***"}'], error: /'trace-bin' ends in -bin, so its value must be base64/},
	{what: 'grpc --cert without --key', args: ['grpc', '127.0.0.1:1', '--call', 'loadscope.keyvalue.v1.KeyValue.Set', '--cert', '/tmp/x.pem'], error: /--cert and --key go together/},
	{what: 'grpc --cacert that cannot be read', args: ['grpc', '127.0.0.1:1', '--call', 'loadscope.keyvalue.v1.KeyValue.Set', '--cacert', '/nonexistent/ca.pem'], error: /--cacert: cannot read '\/nonexistent\/ca.pem'/},
	{what: 'grpc to a host nobody listens on', args: ['grpc', '127.0.0.1:1', ...call, '--connect-timeout', '5s'], error: /cannot reach 127.0.0.1:1: .*ECONNREFUSED/},
	{what: 'grpc address without a port', args: ['grpc', 'localhost', ...call], error: /'localhost' is not HOST:PORT/},
	{what: 'serve with a bad port', args: ['serve', '--port', '70000'], error: /--port must be a port number 0..65535/},
	{what: 'serve stall without its length', args: ['serve', '--stall-every', '5s'], error: /--stall-every and --stall-for go together/},
	{what: 'serve with a Redis nobody listens on', args: ['serve', '--port', '0', '--redis-addr', '127.0.0.1:1', '--nats-servers', 'nats://127.0.0.1:1'], error: /cannot start the server: cannot reach redis at redis:\/\/127.0.0.1:1/},
	{what: 'serve with a NATS nobody listens on', args: ['serve', '--port', '0', '--nats-servers', 'nats://127.0.0.1:1'], error: /cannot start the server: cannot reach nats at nats:\/\/127.0.0.1:1/},
];
