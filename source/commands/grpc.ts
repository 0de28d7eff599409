/**
 * `loadscope grpc HOST:PORT --call pkg.Service.Method`: load through a real gRPC hop, with ghz's
 * flag names where they fit. Everything is checked here in the main thread (protos, method,
 * data, metadata, certificates, that the server answers) so bad input is one line and exit 2
 * before any worker starts; workers get plain paths and strings and load the protos themselves.
 */
import type {WorkloadCommand, Flags} from '../cli/command.js';
import {parseDuration, parsePositiveInteger} from '../cli/parse.js';
import {UsageError} from '../errors.js';
import {readFlagFile} from '../flag-file.js';
import {prepareData} from '../grpc/call-data.js';
import {channelCredentials, quietIpServerName, type TlsOptions} from '../grpc/credentials.js';
import {parseMetadata} from '../grpc/metadata.js';
import {probe} from '../grpc/probe.js';
import {builtinProtos, callType, findMethod, loadProtos} from '../grpc/proto.js';
import type {GrpcOptions} from '../workloads/grpc.js';

function list(value: unknown): string[] {
	const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
	return values.flatMap(item => String(item).split(',')).map(item => item.trim()).filter(Boolean);
}

function readText(file: string, flag: string): string {
	return readFlagFile(file, flag).toString('utf8');
}

/** --data TEXT, --data @FILE or -D/--data-file FILE ('-' = stdin). */
function dataText(flags: Flags): string | undefined {
	if (flags.data !== undefined && flags.dataFile !== undefined) {
		throw new UsageError('give --data or --data-file, not both');
	}

	if (flags.dataFile !== undefined) {
		const file = String(flags.dataFile);
		return readText(file === '-' ? '/dev/stdin' : file, '--data-file');
	}

	if (flags.data === undefined) {
		return undefined;
	}

	const text = String(flags.data);
	return text.startsWith('@') ? readText(text.slice(1), '--data') : text;
}

function target(input: readonly string[]): string {
	const [host, ...rest] = input;
	if (host === undefined) {
		throw new UsageError('give the server address: loadscope grpc HOST:PORT --call package.Service.Method');
	}

	if (rest.length > 0) {
		throw new UsageError(`one server address, got '${input.join(' ')}'`);
	}

	const address = host.replace(/^(grpcs?|dns):\/+/, '');
	if (!/^(\[[\da-fA-F:]+\]|[\w.-]+):\d{1,5}$/.test(address)) {
		throw new UsageError(`'${host}' is not HOST:PORT, e.g. localhost:8980`);
	}

	return address;
}

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'grpc',
	summary: 'load a gRPC method (any call type) with ghz-style flags',
	help: `
  Usage
    $ loadscope grpc HOST:PORT --call package.Service.Method [options]

  gRPC (ghz's flag names; note -d is --duration here, so data is --data or -D)
        --call M             Method: package.Service.Method or package.Service/Method
        --proto FILE         .proto file(s), repeatable (default: loadscope's own KeyValue and
                             MulticastRegistry protos); server reflection is not supported
    -i, --import-paths DIRS  Where imports are looked up, comma-separated or repeated
        --data JSON          Request as JSON; an array is used round-robin (client and bidi streams
                             send every item); '@file' reads a file. Templates: {{.RequestNumber}},
                             {{.WorkerID}}, {{.TimestampUnix}}, {{.UUID}}, {{newUUID}},
                             {{randomString N}}, {{randomInt MIN MAX}}, {{.MethodName}} ...
    -D, --data-file FILE     Request JSON from a file ('-' = stdin)
    -m, --metadata JSON      Metadata, e.g. '{"request-id":"{{.RequestNumber}}"}'; '-bin' keys take base64
        --insecure           Plaintext (no TLS); without it the connection uses TLS
        --cacert FILE        CA certificate(s) to verify the server
        --cert FILE          Client certificate (mutual TLS), with --key FILE
        --key FILE           Client private key
        --cname NAME         Server name to verify in the certificate (and :authority)
        --skip-tls           TLS without verifying the server certificate
        --connections N      Connections per worker thread (default 1)
    -t, --timeout D          Per-call deadline (default none); expiry counts as DEADLINE_EXCEEDED
        --keepalive D        Keepalive ping interval (default off)
        --connect-timeout D  How long to wait for the server at start (default 10s)
        --rps N              Same as --rate

  Errors are counted by gRPC status name (UNAVAILABLE, DEADLINE_EXCEEDED, ...). Unlike ghz, the
  exit code is not 0 when thresholds fail: add --threshold 'errors<1%'.

  Examples
    $ loadscope serve &
    $ loadscope grpc localhost:8980 --insecure --call loadscope.keyvalue.v1.KeyValue.Set \\
        --data '{"namespace":"default","key":"test-{{.RequestNumber}}","value":"dGVzdC12YWx1ZQ=="}' \\
        -r 1000 -d 30s
    $ loadscope grpc localhost:8980 --insecure --call loadscope.keyvalue.v1.KeyValue/Get \\
        --data '[{"key":"a"},{"key":"b"}]' -m '{"tenant":"t1"}' -r max -c 64 -d 10s --no-tui
`,
	flags: {
		call: {type: 'string'},
		proto: {type: 'string', isMultiple: true},
		importPaths: {type: 'string', shortFlag: 'i', isMultiple: true},
		data: {type: 'string'},
		dataFile: {type: 'string', shortFlag: 'D'},
		metadata: {type: 'string', shortFlag: 'm'},
		insecure: {type: 'boolean'},
		cacert: {type: 'string'},
		cert: {type: 'string'},
		key: {type: 'string'},
		cname: {type: 'string'},
		skipTls: {type: 'boolean'},
		connections: {type: 'string'},
		timeout: {type: 'string', shortFlag: 't'},
		keepalive: {type: 'string'},
		connectTimeout: {type: 'string'},
		rate: {type: 'string', shortFlag: 'r', aliases: ['rps']},
	},
	async build(flags, input) {
		const address = target(input);
		if (flags.call === undefined || String(flags.call) === '') {
			throw new UsageError('--call is required, e.g. --call loadscope.keyvalue.v1.KeyValue.Set');
		}

		const call = String(flags.call);
		const importPaths = list(flags.importPaths);
		const protoFiles = list(flags.proto);
		const files = protoFiles.length > 0 ? protoFiles : builtinProtos;
		const method = findMethod(loadProtos(files, importPaths), call);
		const data = prepareData(dataText(flags), method, flags.dataFile === undefined ? '--data' : '--data-file');
		const metadata = parseMetadata(flags.metadata === undefined ? undefined : String(flags.metadata));
		const tls: TlsOptions = {
			insecure: flags.insecure === true,
			cacert: flags.cacert === undefined ? undefined : String(flags.cacert),
			cert: flags.cert === undefined ? undefined : String(flags.cert),
			key: flags.key === undefined ? undefined : String(flags.key),
			cname: flags.cname === undefined ? undefined : String(flags.cname),
			skipVerify: flags.skipTls === true,
		};
		const made = channelCredentials(tls);
		quietIpServerName(address, tls);
		const connectTimeoutMs = flags.connectTimeout === undefined ? 10_000 : parseDuration(flags.connectTimeout, '--connect-timeout');
		await probe(address, made.credentials, made.options, connectTimeoutMs, tls.insecure ? '' : ' (a plaintext server needs --insecure)');
		const options: GrpcOptions = {
			target: address,
			protoFiles: files,
			importPaths,
			call,
			data,
			metadata,
			tls,
			connections: flags.connections === undefined ? 1 : parsePositiveInteger(flags.connections, '--connections'),
			keepaliveMs: flags.keepalive === undefined ? 0 : parseDuration(flags.keepalive, '--keepalive'),
			connectTimeoutMs,
		};
		const scheme = tls.insecure ? 'grpc' : 'grpcs';
		return {
			workload: {kind: 'grpc', options},
			target: `${scheme}://${address} ${method.fullyQualifiedName} (${callType(method)})`,
		};
	},
};
