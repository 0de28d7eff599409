/**
 * Loads .proto files and finds the method to call. Used twice on purpose: by the CLI in the main
 * thread, so a bad proto path or an unknown method is one line and exit 2 before any worker
 * starts, and by each worker, which receives only paths and names (plain data).
 */
import {existsSync} from 'node:fs';
import process from 'node:process';
import path from 'node:path';
import protobuf from 'protobufjs';
import {UsageError} from '../errors.js';
import {packagePath} from '../paths.js';

/** The protos shipped in proto/, used when no --proto is given. */
export const builtinProtos = [packagePath('proto', 'keyvalue.proto'), packagePath('proto', 'registry.proto')];

export type MethodInfo = {
	/** gRPC path, '/pkg.Service/Method'. */
	readonly path: string;
	readonly requestType: protobuf.Type;
	readonly responseType: protobuf.Type;
	readonly requestStream: boolean;
	readonly responseStream: boolean;
	/** ghz's call-data fields. */
	readonly fullyQualifiedName: string;
	readonly methodName: string;
	readonly serviceName: string;
	readonly inputName: string;
	readonly outputName: string;
};

export type CallType = 'unary' | 'server-stream' | 'client-stream' | 'bidi';

export function callType(method: Pick<MethodInfo, 'requestStream' | 'responseStream'>): CallType {
	if (method.requestStream) {
		return method.responseStream ? 'bidi' : 'client-stream';
	}

	return method.responseStream ? 'server-stream' : 'unary';
}

/** Parse every file (resolving imports against the import paths), as one root. */
export function loadProtos(files: readonly string[], importPaths: readonly string[]): protobuf.Root {
	const root = new protobuf.Root();
	const roots = [...importPaths.map(folder => path.resolve(folder)), process.cwd()];
	root.resolvePath = (origin, target) => {
		if (path.isAbsolute(target)) {
			return target;
		}

		if (target.startsWith('google/protobuf/')) {
			return target;
		}

		const candidates = [...(origin ? [path.resolve(path.dirname(origin), target)] : []), ...roots.map(folder => path.resolve(folder, target))];
		return candidates.find(candidate => existsSync(candidate)) ?? candidates[0] ?? target;
	};

	for (const file of files) {
		const resolved = path.isAbsolute(file) ? file : (root.resolvePath('', file) ?? file);
		if (!existsSync(resolved)) {
			throw new UsageError(`--proto: cannot find '${file}'${importPaths.length > 0 ? ` (also looked in ${importPaths.join(', ')})` : ''}`);
		}

		try {
			root.loadSync(resolved, {keepCase: true});
		} catch (error) {
			const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
			throw new UsageError(`--proto: cannot load '${file}': ${message}`);
		}
	}

	try {
		root.resolveAll();
	} catch (error) {
		const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
		throw new UsageError(`--proto: ${message}`);
	}

	return root;
}

function services(root: protobuf.NamespaceBase): protobuf.Service[] {
	const found: protobuf.Service[] = [];
	for (const nested of root.nestedArray) {
		if (nested instanceof protobuf.Service) {
			found.push(nested);
		} else if (nested instanceof protobuf.Namespace) {
			found.push(...services(nested));
		}
	}

	return found;
}

const fullName = (reflection: protobuf.ReflectionObject) => reflection.fullName.replace(/^\./, '');

/** Resolve `pkg.Service.Method` or `pkg.Service/Method` (a leading '/' is allowed too). */
export function findMethod(root: protobuf.Root, call: string): MethodInfo {
	const text = call.replace(/^\//, '');
	const slash = text.lastIndexOf('/');
	const dot = text.lastIndexOf('.');
	const split = slash === -1 ? dot : slash;
	if (split <= 0 || split === text.length - 1) {
		throw new UsageError(`--call must be 'package.Service.Method' or 'package.Service/Method', got '${call}'`);
	}

	const serviceName = text.slice(0, split);
	const methodName = text.slice(split + 1);
	const all = services(root);
	const service = all.find(candidate => fullName(candidate) === serviceName);
	if (!service) {
		const known = all.map(candidate => fullName(candidate)).join(', ') || 'none';
		throw new UsageError(`--call: no service '${serviceName}' in the protos; services: ${known}`);
	}

	const method = service.methods[methodName];
	if (!method) {
		throw new UsageError(`--call: service '${serviceName}' has no method '${methodName}'; methods: ${Object.keys(service.methods).join(', ')}`);
	}

	const requestType = method.resolvedRequestType ?? root.lookupType(method.requestType);
	const responseType = method.resolvedResponseType ?? root.lookupType(method.responseType);
	return {
		path: `/${serviceName}/${methodName}`,
		requestType,
		responseType,
		requestStream: Boolean(method.requestStream),
		responseStream: Boolean(method.responseStream),
		fullyQualifiedName: `${serviceName}.${methodName}`,
		methodName,
		serviceName: service.name,
		inputName: fullName(requestType),
		outputName: fullName(responseType),
	};
}
