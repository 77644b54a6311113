import { parseSubscriberSettings, SubscriberSettingsError } from '../src/settings.js';
import { backoffMs } from '../src/webhook.js';

describe('parseSubscriberSettings', () => {
  it('needs an http(s) webhook URL and fills in the documented defaults', () => {
    expect(
      parseSubscriberSettings({
        SUBSCRIBER_WEBHOOK_URL: 'https://hooks.example.com/x',
        KAFKA_BROKERS: 'ignored:1',
      }),
    ).toEqual({
      webhookUrl: 'https://hooks.example.com/x',
      groupId: 'capscore-subscriber-webhook',
      keyPrefix: 'capscore-subscriber:',
      dedupeTtlSeconds: 604800,
      timeoutMs: 10000,
      retry: { initialMs: 200, maxMs: 30000 },
      fromBeginning: true,
    });
    expect(() => parseSubscriberSettings({})).toThrow(SubscriberSettingsError);
    expect(() => parseSubscriberSettings({ SUBSCRIBER_WEBHOOK_URL: 'ftp://x/y' })).toThrow(
      /SUBSCRIBER_WEBHOOK_URL/,
    );
    expect(() =>
      parseSubscriberSettings({ SUBSCRIBER_WEBHOOK_URL: 'http://x/y', SUBSCRIBER_DEDUPE_TTL_S: '0' }),
    ).toThrow(/SUBSCRIBER_DEDUPE_TTL_S/);
  });
});

describe('backoffMs', () => {
  it('doubles from the initial delay up to the cap, with jitter between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 10].map((a) => backoffMs(a, 200, 3000, () => 1))).toEqual([
      200, 400, 800, 1600, 3000, 3000,
    ]);
    expect([1, 2, 3].map((a) => backoffMs(a, 200, 3000, () => 0))).toEqual([100, 200, 400]);
  });
});
