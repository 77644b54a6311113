import { REDACTED, redactUrl } from './request-logging.js';

describe(redactUrl.name, () => {
  it.each([
    ['/v1/events/designations?key=s3cret', `/v1/events/designations?key=${REDACTED}`],
    [
      '/v1/x?asOf=2026-01-01T00:00:00Z&token=abc.def&limit=5',
      `/v1/x?asOf=2026-01-01T00:00:00Z&token=${REDACTED}&limit=5`,
    ],
    [
      '/v1/x?API_KEY=a&access_token=b&api-key=c',
      `/v1/x?API_KEY=${REDACTED}&access_token=${REDACTED}&api-key=${REDACTED}`,
    ],
    ['/v1/x?%6Bey=s3cret', `/v1/x?%6Bey=${REDACTED}`],
    ['/v1/x?key', `/v1/x?key=${REDACTED}`],
  ])('cuts the credential out of %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('leaves a URL without credential parameters as it was', () => {
    for (const url of [
      '/v1/partners/p-1/scores',
      '/v1/partners?prefix=key&limit=10',
      '/v1/x?monkey=1&keys=2',
    ]) {
      expect(redactUrl(url)).toBe(url);
    }
  });
});
