/**
 * The subscription subject that covers every subject a `--subject` template can render to: each
 * dot-separated token holding a template action becomes `*` (`orders.{{randomInt 0 9}}` →
 * `orders.*`). Used by the built-in subscriber, the responder and the JetStream stream.
 */
export function subjectWildcard(template: string): string {
	return template
		.replaceAll(/\{\{.*?\}\}/g, '\u0000')
		.split('.')
		.map(token => (token.includes('\u0000') ? '*' : token))
		.join('.');
}
