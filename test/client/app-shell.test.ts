import { renderAppShell, renderMessagePage } from '../../server/http/app-shell';
import type { AppBootstrap } from '../../server/http/api-types';

const HOSTILE = '</script><script>alert(1)</script><!-- & \u2028\u2029 "quoted" \'single\' </SCRIPT >';

function bootstrapText(html: string): string {
  const match = /<script id="app-bootstrap" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error('no bootstrap element in the shell');
  return match[1];
}

describe('renderAppShell', () => {
  const bootstrap: AppBootstrap = {
    token: HOSTILE,
    expiresAt: '2030-01-01T00:00:00.000Z',
    path: `/orders/1${HOSTILE}`,
  };

  it('embeds the bootstrap so that hostile strings round-trip through JSON.parse unchanged', () => {
    const html = renderAppShell(bootstrap, {});
    expect(JSON.parse(bootstrapText(html))).toEqual(bootstrap);
  });

  it('never lets bootstrap content close the script element or start markup', () => {
    const text = bootstrapText(renderAppShell(bootstrap, {}));
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('\\u003c/script\\u003e');
    expect(text).toContain('\\u2028\\u2029');
  });

  it('has no inline executable script: only the JSON data block and the external bundle', () => {
    const html = renderAppShell(bootstrap, {});
    const scripts = html.match(/<script\b[^>]*>/g);
    expect(scripts).toEqual([
      '<script id="app-bootstrap" type="application/json">',
      '<script src="/static/app.js" defer>',
    ]);
  });

  it('is a complete document with the root element, a noscript message and the favicon', () => {
    const html = renderAppShell(bootstrap, {});
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<div id="root">');
    expect(html).toMatch(/<noscript>[^<]*<p class="noscript">IOM Connector needs JavaScript/);
    expect(html).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('escapes the title and defaults it to the app name', () => {
    expect(renderAppShell(bootstrap, {})).toContain('<title>IOM Connector</title>');
    expect(renderAppShell(bootstrap, { title: 'Orders <b>&' })).toContain(
      '<title>Orders &lt;b&gt;&amp; · IOM Connector</title>',
    );
  });
});

describe('renderMessagePage', () => {
  it('escapes every piece of text, so nothing the server passes in can become markup', () => {
    const html = renderMessagePage({
      tone: 'error',
      title: `Install failed ${HOSTILE}`,
      message: `Store said: ${HOSTILE}`,
      detail: `Reference: ${HOSTILE}`,
      action: { label: `Try ${HOSTILE}`, href: '/auth?a=1&b="2"' },
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('alert(1)</');
    expect(html).toContain(
      '<h1>Install failed &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- &amp;',
    );
    expect(html).toContain('&quot;quoted&quot; &#39;single&#39;');
    expect(html).toContain('<a class="button" href="/auth?a=1&amp;b=&quot;2&quot;">Try &lt;/script&gt;');
  });

  it('renders a styled page with the title, message, detail and a link styled as a button', () => {
    const html = renderMessagePage({
      tone: 'error',
      title: 'The install could not be completed',
      message: 'BigCommerce rejected the authorization code. Start the install again from the Marketplace.',
      detail: 'Reference: req-123',
      action: { label: 'Back to BigCommerce', href: 'https://login.bigcommerce.com/' },
    });
    expect(html).toContain('<title>The install could not be completed · IOM Connector</title>');
    expect(html).toContain('<main class="card">');
    expect(html).toContain('<p>BigCommerce rejected the authorization code.');
    expect(html).toContain('<p class="detail">Reference: req-123</p>');
    expect(html).toContain('<a class="button" href="https://login.bigcommerce.com/">Back to BigCommerce</a>');
    expect(html).toContain('#3C64F4');
    expect(html).toContain('#F6F7FC');
    expect(html).toContain('#313440');
  });

  it('colours the status icon by tone', () => {
    const page = { title: 'T', message: 'M' };
    expect(renderMessagePage({ ...page, tone: 'error' })).toContain('.icon{color:#DB3643');
    expect(renderMessagePage({ ...page, tone: 'success' })).toContain('.icon{color:#208831');
    expect(renderMessagePage({ ...page, tone: 'info' })).toContain('.icon{color:#3C64F4');
  });

  it('leaves out the detail and the action when they are not given', () => {
    const html = renderMessagePage({ tone: 'info', title: 'IOM Connector', message: 'Open it from Apps.' });
    expect(html).toContain('<title>IOM Connector</title>');
    expect(html).not.toContain('class="detail"');
    expect(html).not.toContain('class="button"');
  });

  it.each(['javascript:alert(1)', '//evil.example/', 'data:text/html,x', ' /x'])(
    'refuses an action href that is neither root-relative nor http(s): %s',
    (href) => {
      expect(() =>
        renderMessagePage({ tone: 'info', title: 'T', message: 'M', action: { label: 'Go', href } }),
      ).toThrow(RangeError);
    },
  );
});
