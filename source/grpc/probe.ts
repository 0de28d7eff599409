/**
 * Before workers start: one call to the server on a throwaway channel, so an unreachable host or
 * a TLS mismatch is one line and exit 2 instead of a run full of UNAVAILABLE. Any answer, even
 * UNIMPLEMENTED for the probe's made-up method, proves the server is there.
 */
import {Channel, Metadata, status, type ChannelCredentials, type ChannelOptions} from '@grpc/grpc-js';
import {UsageError} from '../errors.js';

/** `hint` follows the reason when the server cannot be reached, e.g. ' (a plaintext server needs --insecure)'. */
export async function probe(target: string, credentials: ChannelCredentials, options: ChannelOptions, timeoutMs: number, hint = ''): Promise<void> {
	const channel = new Channel(target, credentials, {...options, 'grpc.use_local_subchannel_pool': 1});
	try {
		const result = await new Promise<{code: number; details: string}>(resolve => {
			const call = channel.createCall('/loadscope.probe.v1.Probe/Reach', Date.now() + timeoutMs, undefined, null, undefined);
			call.start(new Metadata(), {
				onReceiveMetadata() {
					// Not needed.
				},
				onReceiveMessage() {
					// Not needed.
				},
				onReceiveStatus: resolve,
			});
			call.sendMessageWithContext({}, Buffer.alloc(0));
			call.halfClose();
			call.startRead();
		});
		if (result.code === status.UNAVAILABLE || result.code === status.DEADLINE_EXCEEDED) {
			const details = result.details
				.replaceAll(/\s+/g, ' ')
				.replace(/\.? Resolution note:\s*$/, '')
				.replaceAll('Error: ', '')
				.trim();
			throw new UsageError(
				result.code === status.DEADLINE_EXCEEDED
					? `cannot reach ${target}: no connection within ${timeoutMs} ms${hint}; is the server running? (--connect-timeout sets the wait)`
					: `cannot reach ${target}: ${details}${hint}`,
			);
		}
	} finally {
		channel.close();
	}
}
