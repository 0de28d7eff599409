/** A throwaway CA and certificates signed by it, made by openssl in a temporary directory. */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class TestCertificates {
	readonly dir = mkdtempSync(path.join(os.tmpdir(), 'loadscope-tls-'));

	/** A CA ('ca.pem', 'ca.key'), then `issue` certificates it signs. */
	constructor() {
		this.#openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', this.file('ca.key'), '-out', this.file('ca.pem'), '-days', '2', '-subj', '/CN=loadscope test CA');
	}

	file(name: string): string {
		return path.join(this.dir, name);
	}

	/** `<name>.pem` and `<name>.key` for `name`, signed by the CA, with the given subjectAltName. */
	issue(name: string, san: string): void {
		this.#openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', this.file(`${name}.key`), '-subj', `/CN=${name}`, '-out', this.file(`${name}.csr`));
		writeFileSync(this.file(`${name}.ext`), `subjectAltName=${san}\n`);
		this.#openssl('x509', '-req', '-in', this.file(`${name}.csr`), '-CA', this.file('ca.pem'), '-CAkey', this.file('ca.key'), '-CAcreateserial', '-days', '2', '-out', this.file(`${name}.pem`), '-extfile', this.file(`${name}.ext`));
	}

	dispose(): void {
		rmSync(this.dir, {recursive: true, force: true});
	}

	#openssl(...args: string[]): void {
		execFileSync('openssl', args, {stdio: 'ignore'});
	}
}
