/**
 * Why a backend connection could not be made, in one line, with the fix when it is a TLS one:
 * a server certificate that does not verify needs its CA (`--redis-cacert` / `--nats-cacert`),
 * one that names another host needs the address it was issued for.
 */

const untrustedCertificate = /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate|certificate has expired/i;
const otherHost = /Hostname\/IP does not match certificate/i;

export function connectFailure(error: unknown, caFlag: '--redis-cacert' | '--nats-cacert'): string {
	const message = error instanceof Error ? error.message : String(error);
	if (untrustedCertificate.test(message)) {
		return `${message}; give the CA that signed the server's certificate with ${caFlag} FILE`;
	}

	if (otherHost.test(message)) {
		return `${message}; connect with a host name or address the certificate names`;
	}

	return message;
}
