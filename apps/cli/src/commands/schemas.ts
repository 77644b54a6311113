import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TOPICS, SCHEMA_FILE_NAMES, type TopicRole, topicJsonSchemaText } from '@app/contracts';
import { type CliCommand, CommandFailure, EXIT_FAILED, EXIT_OK } from '../io.js';
import { parseOptions } from './inputs.js';

const USAGE = `usage: capscore schemas [--out DIR] [--check]

Writes the JSON Schema (draft 2020-12) of every topic's message value, generated from the zod
contracts, to DIR/<topic>.schema.json (default DIR: docs/schemas).
  --check   write nothing; exit 1 if a file in DIR differs from the contracts
`;

export const schemasCommand: CliCommand = {
  summary: 'export the JSON Schemas of every topic (subscriber contract)',
  usage: USAGE,
  run(argv, io) {
    const options = parseOptions(argv, {
      out: { type: 'string', default: 'docs/schemas' },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout(USAGE);
      return Promise.resolve(EXIT_OK);
    }
    const roles = Object.keys(DEFAULT_TOPICS) as TopicRole[];
    if (options.check) {
      const stale = roles.filter((role) => {
        try {
          return (
            readFileSync(join(options.out, `${SCHEMA_FILE_NAMES[role]}.schema.json`), 'utf8') !==
            topicJsonSchemaText(role)
          );
        } catch {
          return true;
        }
      });
      for (const role of stale) {
        io.stderr(
          `${join(options.out, `${SCHEMA_FILE_NAMES[role]}.schema.json`)} is out of date (capscore schemas --out ${options.out})\n`,
        );
      }
      io.stdout(`${roles.length - stale.length} of ${roles.length} schemas up to date in ${options.out}\n`);
      return Promise.resolve(stale.length === 0 ? EXIT_OK : EXIT_FAILED);
    }
    try {
      mkdirSync(options.out, { recursive: true });
      for (const role of roles) {
        const path = join(options.out, `${SCHEMA_FILE_NAMES[role]}.schema.json`);
        writeFileSync(path, topicJsonSchemaText(role));
        io.stdout(`wrote ${path} (${DEFAULT_TOPICS[role]})\n`);
      }
    } catch (error) {
      throw new CommandFailure(`cannot write ${options.out}: ${(error as Error).message}`);
    }
    return Promise.resolve(EXIT_OK);
  },
};
