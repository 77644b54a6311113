import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '@app/config';
import type { DesignationEvent } from '@app/contracts';
import { BatchConsumer, EventProducer } from '@app/kafka';
import { cliKafka } from '../online/kafka.js';
import { MCPP_PROGRAM, monthKey, scoredMonth } from '@app/scoring';
import { simulate } from '@app/simulation';
import { type CliCommand, EXIT_OK, UsageError } from '../io.js';
import { designationLine } from '../online/designation-line.js';

const USAGE = `usage: capscore demo [--partners N] [--rate EVENTS_PER_S] [--seed N] [--exit-after S]

Feeds a generated partner program (certifications, revenue, usage, with duplicates, reversals and
a few malformed records) to the configured Kafka topics at a steady rate and prints every
designation event the pipeline publishes, as it happens. Uses KAFKA_BROKERS and the TOPIC_* settings.
`;

export const demoCommand: CliCommand = {
  summary: 'feed a generated demo stream and print designation events live',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        partners: { type: 'string', default: '40' },
        rate: { type: 'string', default: '400' },
        seed: { type: 'string', default: '1' },
        'exit-after': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const partners = Number(values.partners);
    const rate = Number(values.rate);
    const seed = Number(values.seed);
    if (!Number.isInteger(partners) || partners < 1) {
      throw new UsageError('--partners must be a positive integer');
    }
    if (!(rate > 0)) throw new UsageError('--rate must be a positive number of events per second');

    // SIGTERM or SIGINT stops the demo at any point, the feed included: it stops sending, closes
    // its producer and consumer and says so (npm start sends one SIGTERM on Ctrl-C).
    let stopSignal: NodeJS.Signals | undefined;
    let onStop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (onStop = resolve));
    const stop = (signal: NodeJS.Signals) => {
      stopSignal = signal;
      io.stderr(`demo: ${signal}: stopping\n`);
      onStop();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    const pause = async (ms: number) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
    };

    const config = loadConfig();
    const kafka = cliKafka(config);
    // The history ends with the month the system clock scores now, so partners qualify today.
    const lastMonth = monthKey(scoredMonth(Date.now(), MCPP_PROGRAM.dataLagDays));
    const sim = simulate({ seed, partners, lastMonth, partnerPrefix: 'demo', invalidRate: 0.005 });
    io.stderr(
      `demo: ${sim.records.length} records for ${partners} partners (history up to ${lastMonth}), ${rate}/s\n`,
    );

    let designations = 0;
    const watcher = new BatchConsumer(kafka, {
      groupId: `capscore-demo-${randomUUID()}`,
      topics: [config.topics.designations],
      fromBeginning: true,
    });
    await watcher.start((batch) => {
      for (const record of batch.records) {
        designations++;
        io.stdout(`${designationLine(JSON.parse(record.value?.toString() ?? '{}') as DesignationEvent)}\n`);
        batch.markProcessed(record.offset);
      }
      return Promise.resolve();
    });

    const producer = new EventProducer(kafka);
    await producer.connect();
    const started = Date.now();
    let lastReport = started;
    const slice = Math.max(1, Math.round(rate / 10));
    for (let sent = 0; sent < sim.records.length && !stopSignal;) {
      const chunk = sim.records.slice(sent, sent + slice);
      await producer.send(
        chunk.map((r) => ({ topic: config.topics[r.role], key: r.key ?? '', value: r.value })),
      );
      sent += chunk.length;
      const due = started + (sent / rate) * 1000;
      if (due > Date.now()) await pause(due - Date.now());
      if (Date.now() - lastReport >= 2000 || sent === sim.records.length) {
        lastReport = Date.now();
        io.stderr(
          `demo: sent ${sent}/${sim.records.length} events, ${designations} designation events so far\n`,
        );
      }
    }
    await producer.disconnect();
    if (!stopSignal) {
      io.stderr('demo: feed complete; still printing designation events (Ctrl-C to stop)\n');
      const exitAfter = values['exit-after'] === undefined ? undefined : Number(values['exit-after']);
      await (exitAfter === undefined ? stopped : pause(exitAfter * 1000));
    }
    await watcher.stop();
    process.removeListener('SIGTERM', stop);
    process.removeListener('SIGINT', stop);
    io.stderr(
      `demo: ${designations} designation events seen${stopSignal ? `; stopped on ${stopSignal}` : ''}\n`,
    );
    return EXIT_OK;
  },
};
