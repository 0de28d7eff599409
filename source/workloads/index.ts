/**
 * Workload modules by kind. Loaded lazily inside the worker, so a synthetic run never loads
 * grpc-js and a gRPC run never loads ioredis.
 */
import {UsageError} from '../errors.js';
import type {Workload, WorkloadContext, WorkloadFactory, WorkloadSpec} from './workload.js';

const modules: Record<string, () => Promise<{create: WorkloadFactory}>> = {
	noop: async () => import('./noop.js'),
	synthetic: async () => import('./synthetic.js'),
	redis: async () => import('./redis.js'),
	nats: async () => import('./nats.js'),
	registry: async () => import('./registry.js'),
	grpc: async () => import('./grpc.js'),
};

export const workloadKinds = Object.keys(modules);

export async function createWorkload(spec: WorkloadSpec, context: WorkloadContext): Promise<Workload> {
	const load = modules[spec.kind];
	if (!load) {
		throw new UsageError(`unknown workload '${spec.kind}'; known: ${workloadKinds.join(', ')}`);
	}

	const module = await load();
	return module.create(spec.options, context);
}
