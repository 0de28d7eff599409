/** ioredis failures as PatternErrors with a short stable kind. */
import {PatternError} from './types.js';

export function redisError(error: unknown): PatternError {
	if (error instanceof PatternError) {
		return error;
	}

	const message = error instanceof Error ? error.message : String(error);
	const code = (error as {code?: unknown} | undefined)?.code;
	if (/timed out/i.test(message)) {
		return new PatternError('timeout', `redis: ${message}`);
	}

	if (
		typeof code === 'string' && /^E[A-Z]+$/.test(code)
			? true
			: /enableOfflineQueue|Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|EPIPE|max retries|MaxRetriesPerRequest/i.test(message)
	) {
		return new PatternError('redis-down', `redis: ${message}`);
	}

	if (error instanceof Error && error.name === 'ReplyError') {
		return new PatternError('redis-error', `redis: ${message}`);
	}

	return new PatternError('redis-error', `redis: ${message}`);
}
