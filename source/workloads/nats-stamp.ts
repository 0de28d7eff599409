/**
 * The stamp `loadscope nats --subscribe` writes at the start of every payload, so its own
 * subscriber can tell its messages apart and time their delivery: send time (epoch ms, float64),
 * run id, worker id and sequence number (uint32 each), little endian. 20 bytes.
 */
export const stampBytes = 20;

export type Stamp = {readonly sentMs: number; readonly runId: number; readonly workerId: number; readonly seq: number};

/** A new payload of `size` bytes (at least stampBytes) carrying the stamp. */
export function stampedPayload(size: number, stamp: Stamp): Uint8Array {
	const payload = new Uint8Array(Math.max(size, stampBytes));
	const view = new DataView(payload.buffer);
	view.setFloat64(0, stamp.sentMs, true);
	view.setUint32(8, stamp.runId, true);
	view.setUint32(12, stamp.workerId, true);
	view.setUint32(16, stamp.seq >>> 0, true);
	return payload;
}

/** The stamp of a received payload, or undefined when it is too short to carry one. */
export function readStamp(payload: Uint8Array): Stamp | undefined {
	if (payload.byteLength < stampBytes) {
		return undefined;
	}

	const view = new DataView(payload.buffer, payload.byteOffset, stampBytes);
	return {
		sentMs: view.getFloat64(0, true),
		runId: view.getUint32(8, true),
		workerId: view.getUint32(12, true),
		seq: view.getUint32(16, true),
	};
}
