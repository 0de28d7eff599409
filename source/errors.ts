/**
 * Errors that reach the user as one clear line. Exit codes are documented in readme.md:
 * 0 done, 1 runtime failure, 2 usage or configuration error, 3 a threshold failed,
 * 4 compare found a regression, 130 interrupted twice (exit at once).
 */
export const exitCodes = {
	ok: 0,
	runtime: 1,
	usage: 2,
	threshold: 3,
	regression: 4,
	interrupted: 130,
} as const;

/** Bad flag, bad profile, bad template, unknown method: printed as one line, exit 2. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
	readonly exitCode = exitCodes.usage;
}

/** Failure while running (target unreachable at start, worker crashed): one line, exit 1. */
export class RuntimeFailure extends Error {
	override readonly name = 'RuntimeFailure';
	readonly exitCode = exitCodes.runtime;
}
