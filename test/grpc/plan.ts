/** Plans for gRPC tests: the grpc workload against a server the test started. */
import {builtinProtos} from '../../source/grpc/proto.js';
import type {GrpcOptions} from '../../source/workloads/grpc.js';
import type {EnginePlan, RunPlan} from '../../source/engine/plan.js';
import type {ShapeSpec} from '../../source/load/shape.js';
import {testPlan} from '../helpers/plan.js';

export const keyValue = 'loadscope.keyvalue.v1.KeyValue';

export function grpcOptions(port: number, overrides: Partial<GrpcOptions> = {}): GrpcOptions {
	return {
		target: `127.0.0.1:${port}`,
		protoFiles: builtinProtos,
		importPaths: [],
		call: `${keyValue}.Set`,
		data: {kind: 'items', items: ['{"namespace":"test","key":"k"}']},
		metadata: {},
		tls: {insecure: true, cacert: undefined, cert: undefined, key: undefined, cname: undefined, skipVerify: false},
		connections: 1,
		keepaliveMs: 0,
		connectTimeoutMs: 10_000,
		...overrides,
	};
}

export function grpcPlan(port: number, overrides: Partial<GrpcOptions>, load?: ShapeSpec, engine?: Partial<EnginePlan>): RunPlan {
	return testPlan({
		workload: {kind: 'grpc', options: grpcOptions(port, overrides)},
		// A fixed number of calls, so counts do not depend on how loaded the machine is.
		load: load ?? {type: 'constant', rate: 50, durationMs: 60_000},
		engine: {workers: 1, totalRequests: load ? undefined : 10, ...engine},
	});
}
