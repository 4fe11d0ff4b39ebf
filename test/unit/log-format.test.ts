import { Writable } from 'node:stream';
import { formatLogLine } from '../../server/log-format';
import { createLogger } from '../../server/logger';

const at = (h: number, m: number, s: number) => new Date(2026, 11, 1, h, m, s).toISOString();

describe('LOG_FORMAT=pretty: one readable line per event', () => {
  const opts = { showRequests: false };

  it('prints the local time, the level and the message, then the fields that say what it was about', () => {
    const line = formatLogLine(
      {
        level: 30,
        time: at(19, 42, 7),
        pid: 1,
        hostname: 'h',
        service: 'iom-connector',
        requestId: 'r-1',
        msg: 'store installed',
        storeHash: 'demo7x3',
        scope: 'store_v2_orders store_app_extensions_manage',
        hooksCreated: 5,
      },
      opts,
    );
    expect(line).toBe(
      '19:42:07 INFO  store installed  storeHash=demo7x3 scope="store_v2_orders store_app_extensions_manage" hooksCreated=5',
    );
  });

  it('shows an access line only for an error answer (unless asked), with its code and no stack', () => {
    const request = {
      level: 40,
      time: at(8, 5, 0),
      msg: 'request',
      method: 'GET',
      path: '/api/nope',
      ms: 1.5,
    };
    expect(formatLogLine({ ...request, level: 30, status: 200 }, opts)).toBeNull();
    expect(formatLogLine({ ...request, level: 30, status: 200 }, { showRequests: true })).toBe(
      '08:05:00 INFO  GET /api/nope → 200 (1.5 ms)',
    );
    expect(formatLogLine({ ...request, status: 404, errorCode: 'not_found' }, opts)).toBe(
      '08:05:00 WARN  GET /api/nope → 404 (1.5 ms)  errorCode=not_found',
    );
  });

  it('indents the stack trace under an error, and leaves it out below error level', () => {
    const err = { type: 'Error', message: 'disk full', stack: 'Error: disk full\n    at write (a.js:1:1)' };
    expect(formatLogLine({ level: 50, time: at(1, 2, 3), msg: 'unhandled error', err }, opts)).toBe(
      '01:02:03 ERROR unhandled error: disk full\n    at write (a.js:1:1)',
    );
    expect(formatLogLine({ level: 40, time: at(1, 2, 3), msg: 'retrying', err }, opts)).toBe(
      '01:02:03 WARN  retrying: disk full',
    );
  });

  it('keeps the redaction: a secret logged by mistake prints as [redacted]', () => {
    const out: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        out.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('info', sink, 'pretty');
    logger.info({ clientSecret: 's3cr3t-value', store: { accessToken: 'tok-123' } }, 'saved');
    logger.flush();
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const text = out.join('');
      expect(text).toMatch(
        /^\d\d:\d\d:\d\d INFO {2}saved {2}clientSecret=\[redacted\] store=\{"accessToken":"\[redacted\]"\}\n$/,
      );
      expect(text).not.toContain('s3cr3t');
      expect(text).not.toContain('tok-123');
      expect(text).not.toContain('{"level"');
    });
  });
});
