/** On/off cycles: `rate` for `on`, nothing for `off`, `repeat` times (or until `duration`). */
import {UsageError} from '../errors.js';
import {checkKeys, has, readDuration, readNumber, readRate} from './fields.js';
import type {LoadShape, ShapeSpec, StageRef} from './shape.js';

export function burstShape(spec: ShapeSpec): LoadShape {
	checkKeys(spec, ['rate', 'on', 'off', 'repeat']);
	const rate = readRate(spec, 'rate');
	const on = readDuration(spec, 'on');
	const off = readDuration(spec, 'off', {allowZero: true});
	const cycle = on + off;
	let durationMs: number | undefined;
	if (has(spec, 'repeat')) {
		durationMs = readNumber(spec, 'repeat', {integer: true}) * cycle;
		if (has(spec, 'duration')) {
			throw new UsageError(`load.duration: give either repeat or duration for the 'burst' shape, not both`);
		}
	} else if (has(spec, 'duration')) {
		durationMs = readDuration(spec, 'duration');
	}

	return {
		durationMs,
		rateAt: tMs => (Math.max(0, tMs) % cycle < on ? rate : 0),
		stageAt(tMs): StageRef {
			const cycleIndex = Math.floor(Math.max(0, tMs) / cycle);
			const isOn = Math.max(0, tMs) % cycle < on;
			return {index: (cycleIndex * 2) + (isOn ? 0 : 1), name: `${isOn ? 'on' : 'off'} #${cycleIndex + 1}`};
		},
	};
}
