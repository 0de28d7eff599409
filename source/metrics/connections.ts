/**
 * Connection state from a snapshot's workload gauges and counters, for the TUI and progress lines.
 * Workloads report `connections.<backend>.up` — either a count of live connections with
 * `connections.<backend>.total` beside it, or, without a total, the share of workers connected
 * (summed across workers, so 1 means all) — and a cumulative `connections.<backend>.reconnects`.
 */
export type ConnectionState = {
	readonly backend: string;
	/** 0..1: the part of the connections (or workers) that are up. */
	readonly upShare: number;
	readonly up: number;
	readonly total: number | undefined;
	readonly reconnects: number;
};

const upGauge = /^connections\.(.+)\.up$/;

export function connectionStates(gauges: Readonly<Record<string, number>>, counters: Readonly<Record<string, number>>): ConnectionState[] {
	const states: ConnectionState[] = [];
	for (const [name, up] of Object.entries(gauges)) {
		const backend = upGauge.exec(name)?.[1];
		if (backend === undefined) {
			continue;
		}

		const total = gauges[`connections.${backend}.total`];
		const upShare = total === undefined ? up : total > 0 ? up / total : 0;
		states.push({backend, upShare: Math.min(1, Math.max(0, upShare)), up, total, reconnects: counters[`connections.${backend}.reconnects`] ?? 0});
	}

	return states.sort((a, b) => a.backend.localeCompare(b.backend));
}

/** `redis up`, `nats DOWN (3 reconnects)`, `redis 1/2 up` — short enough for a pane title. */
export function formatConnection(state: ConnectionState): string {
	const reconnects = state.reconnects > 0 ? ` (${state.reconnects} reconnect${state.reconnects === 1 ? '' : 's'})` : '';
	if (state.upShare >= 0.999) {
		return `${state.backend} up${reconnects}`;
	}

	if (state.upShare <= 0) {
		return `${state.backend} DOWN${reconnects}`;
	}

	const part = state.total === undefined ? `${Math.round(state.upShare * 100)}% of workers` : `${state.up}/${state.total}`;
	return `${state.backend} ${part} up${reconnects}`;
}

export function anyConnectionDown(states: readonly ConnectionState[]): boolean {
	return states.some(state => state.upShare < 0.999);
}
