/** Commands the UI (or a profile driver, or a test) sends to a running engine. Plain data. */
export type Command =
	/** Set the total target rate (req/s) by adjusting the manual offset over the load shape. */
	| {readonly type: 'set-rate'; readonly rate: number}
	/** Multiply the target rate (e.g. 1.1 for +10%). */
	| {readonly type: 'scale-rate'; readonly factor: number}
	/** Add to the target rate (req/s; negative to lower). */
	| {readonly type: 'step-rate'; readonly delta: number}
	/** Spike: `multiplier` x the current rate, or an absolute `rate`, for `durationMs`, then back. */
	| {readonly type: 'spike'; readonly multiplier?: number; readonly rate?: number; readonly durationMs: number}
	| {readonly type: 'pause'}
	| {readonly type: 'resume'}
	| {readonly type: 'toggle-pause'}
	/** Freeze the load shape at the current rate (toggle). */
	| {readonly type: 'hold'}
	| {readonly type: 'release'}
	| {readonly type: 'toggle-hold'}
	| {readonly type: 'mark'; readonly label?: string}
	/** Restart the live window (window totals and distribution); cumulative totals are kept. */
	| {readonly type: 'reset-window'}
	/** Graceful stop: stop scheduling, drain in-flight calls. */
	| {readonly type: 'stop'; readonly reason?: string}
	/** Immediate stop: cancel in-flight calls, report what we have. */
	| {readonly type: 'abort'; readonly reason?: string};

export type CommandType = Command['type'];

/**
 * A command as recorded for --save-session: when (active ms since start, and wall ms since start,
 * which also counts pauses) and what.
 */
export type RecordedCommand = {readonly atMs: number; readonly elapsedMs: number; readonly command: Command};
