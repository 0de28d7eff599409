/** Ask a built-in server whether a key exists, through a plain grpc-js client (not loadscope's). */
import {Client, credentials} from '@grpc/grpc-js';
import {builtinProtos, loadProtos} from '../../source/grpc/proto.js';

export async function keyExists(port: number, namespace: string, key: string): Promise<boolean> {
	const root = loadProtos(builtinProtos, []);
	const request = root.lookupType('loadscope.keyvalue.v1.ExistsRequest');
	const response = root.lookupType('loadscope.keyvalue.v1.ExistsResponse');
	const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
	try {
		return await new Promise((resolve, reject) => {
			client.makeUnaryRequest(
				'/loadscope.keyvalue.v1.KeyValue/Exists',
				(value: Record<string, unknown>) => Buffer.from(request.encode(request.fromObject(value)).finish()),
				(bytes: Buffer) => response.toObject(response.decode(bytes)) as {exists?: boolean},
				{namespace, key},
				(error, value) => {
					if (error) {
						reject(error);
					} else {
						resolve(value?.exists === true);
					}
				},
			);
		});
	} finally {
		client.close();
	}
}
