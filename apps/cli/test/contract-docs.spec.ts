import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_TOPICS,
  DESIGNATION_EVENT_TYPES,
  INPUT_EVENT_TYPES,
  SCHEMA_FILE_NAMES,
  type TopicRole,
  topicJsonSchemaText,
} from '@app/contracts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const DOCS = join(ROOT, 'docs');
const ROLES = Object.keys(DEFAULT_TOPICS) as TopicRole[];

describe('subscriber contract files', () => {
  it.each(ROLES)(
    'docs/schemas has the current JSON Schema of the %s topic (regenerate: capscore schemas)',
    (role) => {
      const path = join(DOCS, 'schemas', `${SCHEMA_FILE_NAMES[role]}.schema.json`);
      expect(readFileSync(path, 'utf8')).toBe(topicJsonSchemaText(role));
    },
  );

  describe('docs/asyncapi.yaml', () => {
    const doc = parse(readFileSync(join(DOCS, 'asyncapi.yaml'), 'utf8')) as {
      asyncapi: string;
      channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
      operations: Record<string, { action: string; channel: { $ref: string } }>;
      components: {
        messages: Record<string, { payload: { $ref: string }; bindings?: { kafka?: { key?: unknown } } }>;
      };
    };

    it('is AsyncAPI 3 with one channel per topic at its default address', () => {
      expect(doc.asyncapi).toMatch(/^3\.0\./);
      expect(
        Object.values(doc.channels)
          .map((c) => c.address)
          .sort(),
      ).toEqual(Object.values(DEFAULT_TOPICS).sort());
    });

    it('gives every message a key binding and a payload that is an exported schema file', () => {
      for (const [name, message] of Object.entries(doc.components.messages)) {
        expect({ name, key: message.bindings?.kafka?.key !== undefined }).toEqual({ name, key: true });
        const ref = message.payload.$ref.split('#')[0] ?? '';
        expect(existsSync(join(dirname(join(DOCS, 'asyncapi.yaml')), ref))).toBe(true);
      }
      const referenced = new Set(
        Object.values(doc.components.messages).map((m) => m.payload.$ref.split('#')[0]),
      );
      for (const role of ROLES) {
        expect(referenced).toContain(`./schemas/${SCHEMA_FILE_NAMES[role]}.schema.json`);
      }
    });

    it('names every event type and points every operation at a channel', () => {
      const text = readFileSync(join(DOCS, 'asyncapi.yaml'), 'utf8');
      for (const type of [...INPUT_EVENT_TYPES, ...DESIGNATION_EVENT_TYPES]) expect(text).toContain(type);
      for (const op of Object.values(doc.operations)) {
        expect(['send', 'receive']).toContain(op.action);
        expect(Object.keys(doc.channels)).toContain(op.channel.$ref.replace('#/channels/', ''));
      }
      for (const channel of Object.values(doc.channels)) {
        for (const m of Object.values(channel.messages)) {
          expect(Object.keys(doc.components.messages)).toContain(
            m.$ref.replace('#/components/messages/', ''),
          );
        }
      }
    });
  });
});
