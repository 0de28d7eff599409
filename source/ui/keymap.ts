/**
 * Keys → what they do. Pure: the App feeds Ink's `useInput` arguments in and sends the commands
 * that come out, so the mapping is tested without a terminal.
 */
import type {Command} from '../engine/commands.js';
import type {OutputPlan} from '../engine/plan.js';

/** The subset of Ink's `Key` the map reads. */
export type KeyFlags = {
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly tab?: boolean;
	readonly escape?: boolean;
	readonly ctrl?: boolean;
};

export type KeySettings = Pick<OutputPlan, 'rateStep' | 'spikeMultiplier' | 'spikeDurationMs'>;

export type KeyAction =
	| {readonly kind: 'command'; readonly command: Command}
	/** q / Ctrl-C: graceful stop the first time, abort the second (see `quitCommand`); Ctrl-C is an interrupt, like SIGINT. */
	| {readonly kind: 'quit'; readonly interrupt: boolean}
	| {readonly kind: 'next-operation'}
	| {readonly kind: 'toggle-cumulative'}
	| {readonly kind: 'toggle-help'}
	| {readonly kind: 'close-help'};

export const rateScaleFactor = 1.1;

export function actionForKey(input: string, key: KeyFlags, settings: KeySettings): KeyAction | undefined {
	if (key.ctrl && input === 'c') {
		return {kind: 'quit', interrupt: true};
	}

	if (key.upArrow) {
		return {kind: 'command', command: {type: 'scale-rate', factor: rateScaleFactor}};
	}

	if (key.downArrow) {
		return {kind: 'command', command: {type: 'scale-rate', factor: 1 / rateScaleFactor}};
	}

	if (key.rightArrow) {
		return {kind: 'command', command: {type: 'step-rate', delta: settings.rateStep}};
	}

	if (key.leftArrow) {
		return {kind: 'command', command: {type: 'step-rate', delta: -settings.rateStep}};
	}

	if (key.tab) {
		return {kind: 'next-operation'};
	}

	if (key.escape) {
		return {kind: 'close-help'};
	}

	if (key.ctrl) {
		return undefined;
	}

	switch (input) {
		case 's': {
			return {kind: 'command', command: {type: 'spike', multiplier: settings.spikeMultiplier, durationMs: settings.spikeDurationMs}};
		}

		case 'p': {
			return {kind: 'command', command: {type: 'toggle-pause'}};
		}

		case 'h': {
			return {kind: 'command', command: {type: 'toggle-hold'}};
		}

		case 'm': {
			return {kind: 'command', command: {type: 'mark'}};
		}

		case 'r': {
			return {kind: 'command', command: {type: 'reset-window'}};
		}

		case 'c': {
			return {kind: 'toggle-cumulative'};
		}

		case '?': {
			return {kind: 'toggle-help'};
		}

		case 'q': {
			return {kind: 'quit', interrupt: false};
		}

		default: {
			return undefined;
		}
	}
}

/** The command for the `presses`-th quit key: stop (drain) first, then abort at once. */
export function quitCommand(presses: number, reason: 'stopped' | 'interrupted' = 'stopped'): Command {
	return presses <= 1 ? {type: 'stop', reason} : {type: 'abort', reason};
}

/** Every key with its short label (status bar) and its description (help overlay, readme). */
export const keyHelp: ReadonlyArray<{readonly keys: string; readonly short: string; readonly description: string}> = [
	{keys: '↑ / ↓', short: '↑↓ rate±10%', description: 'rate +10% / −10% (multiplies the current target)'},
	{keys: '→ / ←', short: '←→ step', description: 'rate + / − one step (--rate-step, default 10% of the starting rate)'},
	{keys: 's', short: 's spike', description: 'spike: --spike-multiplier × the rate for --spike-duration, then back'},
	{keys: 'p', short: 'p pause', description: 'pause / resume the load (paused time is not counted)'},
	{keys: 'h', short: 'h hold', description: 'hold / release: freeze the load shape at the current rate'},
	{keys: 'm', short: 'm mark', description: 'put a numbered mark in the time series and the report'},
	{keys: 'tab', short: 'tab op', description: 'next operation in the histogram'},
	{keys: 'c', short: 'c cumul', description: 'histogram: window (since start or reset) / last interval'},
	{keys: 'r', short: 'r reset', description: 'reset the live window (the final report keeps everything)'},
	{keys: '?', short: '? help', description: 'show / hide this help'},
	{keys: 'q / Ctrl-C', short: 'q quit', description: 'graceful stop (drain in-flight calls); press again to stop at once'},
];
