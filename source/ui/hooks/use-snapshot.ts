import {useEffect, useState} from 'react';
import type {RunHandle} from '../../engine/run-handle.js';
import type {RunSnapshot} from '../../engine/snapshot.js';

export type SnapshotSource = Pick<RunHandle, 'onSnapshot' | 'latest'>;

/** The newest snapshot of a run; re-renders once per snapshot interval. */
export function useSnapshot(source: SnapshotSource): RunSnapshot | undefined {
	const [snapshot, setSnapshot] = useState(() => source.latest());
	useEffect(() => {
		setSnapshot(source.latest());
		return source.onSnapshot(setSnapshot);
	}, [source]);
	return snapshot;
}
