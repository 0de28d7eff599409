/**
 * Credentials never reach the TUI, logs or reports: every target description goes through here.
 */

/** `scheme://user:secret@host` → `scheme://user:***@host`; a bare `scheme://secret@host` (token) → `scheme://***@host`. */
export function redactUrl(text: string): string {
	return text.replaceAll(/([a-z][a-z\d+.-]*:\/\/)([^/@\s]*)@/gi, (_match, scheme: string, userinfo: string) => {
		const colon = userinfo.indexOf(':');
		return colon === -1 ? `${scheme}***@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
	});
}

const secretKey = /^(password|pass|passwd|token|secret|creds|credentials|authorization|api[-_]?key)$|password$|token$|secret$/i;

/**
 * A deep copy of plain data with every secret-named field replaced by '***' and every URL's
 * credentials redacted, for anything that leaves the process (reports, saved sessions).
 */
export function redactSecrets<T>(value: T): T {
	if (typeof value === 'string') {
		return redactUrl(value) as T;
	}

	if (Array.isArray(value)) {
		return value.map(item => redactSecrets(item) as unknown) as T;
	}

	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, item]) => [key, secretKey.test(key) && item !== undefined && item !== null && item !== '' ? '***' : redactSecrets(item)]),
		) as T;
	}

	return value;
}
