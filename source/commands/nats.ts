import {randomInt} from 'node:crypto';
import type {WorkloadCommand} from '../cli/command.js';
import {parseDuration, parseSize} from '../cli/parse.js';
import {describeNats, natsFlags, natsHelp, parseNatsTarget} from '../connections/nats.js';
import {UsageError} from '../errors.js';
import {compileTemplate} from '../templates/template.js';
import {stampBytes} from '../workloads/nats-stamp.js';
import type {NatsWorkloadOptions} from '../workloads/nats.js';

/** NATS's default max_payload. */
const maxPayload = 1024 * 1024;

export const command: WorkloadCommand = {
	kind: 'workload',
	name: 'nats',
	summary: 'raw NATS publish, request/reply, publish→subscribe delivery, JetStream',
	help: `
  Usage
    $ loadscope nats [--subscribe | --request [--responder] | --jetstream] [options]

  Modes
    (default)            Publish. A call is handing one message to the client's buffer: nats.js
                         publish is fire and forget (the buffer goes to the socket once per event-
                         loop turn or every 32 KB), so call latency is only the client's. Add
                         --subscribe to learn whether and when messages arrived.
    --subscribe          Also run a subscriber connection per worker: every payload carries a send
                         time and id; the summary's Delivery section gives delivered / late /
                         missing, the delivery ratio and end-to-end latency. For publish, these
                         delivery figures are the truth.
    --request            Request/reply: a call is a request and its reply (timeout: --timeout,
                         default 5s; no responder is kind 'no-responders')
    --responder          With --request: answer requests with a built-in responder (queue group,
                         echoes the payload), so it works against a bare server
    --jetstream          Publish through JetStream and wait for the ack (ack latency is the call
                         latency); acks counted as jetstream.acks in the JSON report
    --stream NAME        JetStream stream, created if missing over the subject (default LOADSCOPE,
                         keeps at most 1,000,000 messages)

  Messages
    --subject S          Subject, a template (default loadscope.bench), e.g. 'orders.{{randomInt 0 8}}';
                         subscriber, responder and stream listen on it with * for templated tokens
    --payload-size B     Payload bytes (default 128; at least ${stampBytes} with --subscribe)
    --delivery-timeout D With --subscribe: later than this counts as late (default 1s)
${natsHelp}
  While the connection is down, calls fail at once as kind 'disconnected'; the client reconnects
  every 250 ms for ever and the run goes on.

  Examples
    $ loadscope nats --nats-servers 127.0.0.1:4222 -r 50000 -d 30s --subscribe
    $ loadscope nats --request --responder -r max -c 64 -d 10s
    $ loadscope nats --jetstream --stream BENCH --subject bench.js -r 2000 -d 10s
`,
	flags: {
		subject: {type: 'string'},
		payloadSize: {type: 'string'},
		subscribe: {type: 'boolean'},
		request: {type: 'boolean'},
		responder: {type: 'boolean'},
		jetstream: {type: 'boolean'},
		stream: {type: 'string'},
		deliveryTimeout: {type: 'string'},
		...natsFlags,
	},
	build(flags) {
		const target = parseNatsTarget(flags);
		const request = flags.request === true;
		const subscribe = flags.subscribe === true;
		const jetstream = flags.jetstream === true;
		const responder = flags.responder === true;
		if (request && (subscribe || jetstream)) {
			throw new UsageError('--request cannot be combined with --subscribe or --jetstream');
		}

		if (responder && !request) {
			throw new UsageError('--responder answers requests; use it with --request');
		}

		const subject = String(flags.subject ?? 'loadscope.bench').trim();
		if (subject === '' || /\s/.test(subject.replaceAll(/\{\{.*?\}\}/g, ''))) {
			throw new UsageError(`--subject '${subject}' must be a non-empty subject without spaces, e.g. orders.created`);
		}

		compileTemplate(subject, '--subject');
		const payloadSize = flags.payloadSize === undefined ? 128 : parseSize(flags.payloadSize, '--payload-size');
		if (payloadSize > maxPayload) {
			throw new UsageError(`--payload-size ${payloadSize} is over NATS's default max_payload of 1 MiB`);
		}

		if (subscribe && payloadSize < stampBytes) {
			throw new UsageError(`--payload-size must be at least ${stampBytes} bytes with --subscribe (it carries a send time and id)`);
		}

		const deliveryTimeoutMs = flags.deliveryTimeout === undefined ? 1000 : parseDuration(flags.deliveryTimeout, '--delivery-timeout');
		const stream = String(flags.stream ?? 'LOADSCOPE');
		if (!/^[\w-]+$/.test(stream)) {
			throw new UsageError(`--stream '${stream}' must be letters, digits, '-' or '_'`);
		}

		const options: NatsWorkloadOptions = {
			target,
			mode: request ? 'request' : 'publish',
			subject,
			payloadSize,
			subscribe,
			responder,
			jetstream,
			stream,
			deliveryTimeoutMs,
			runId: randomInt(2 ** 32 - 1),
		};
		const mode = request ? `request${responder ? ' (built-in responder)' : ''}` : `${jetstream ? `jetstream publish (stream ${stream})` : 'publish'}${subscribe ? ' + subscribe' : ''}`;
		return {
			workload: {kind: 'nats', options: options as unknown as Record<string, unknown>},
			target: `${describeNats(target)} ${mode} ${subject}, ${payloadSize} B`,
			...(subscribe ? {deliveryGraceMs: deliveryTimeoutMs + 1000} : {}),
		};
	},
};
