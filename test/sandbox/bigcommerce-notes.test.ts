import { startBigCommerceSimulator, type BigCommerceSimulator } from '../../scripts/sandbox/bigcommerce';

describe('sandbox notes on the simulated control panel', () => {
  let sim: BigCommerceSimulator;
  afterEach(async () => {
    await sim.close();
  });

  it('shows each note row, escaped, with links only where asked', async () => {
    sim = await startBigCommerceSimulator({
      appUrl: 'http://127.0.0.1:9',
      clientId: 'c',
      clientSecret: 's',
      notes: [
        {
          title: 'Sandbox IOM',
          rows: [
            { label: 'Client secret', value: 'a<b>&c' },
            { label: 'Operator page', value: 'http://127.0.0.1:3002/x', link: true },
          ],
        },
      ],
    });
    const html = await (await fetch(sim.controlPanelUrl)).text();
    expect(html).toContain('<summary>Sandbox IOM</summary>');
    expect(html).toContain(
      '<dt>Client secret</dt><dd><code>a&#60;b&#62;&#38;c</code> <button type="button" class="copy secondary" data-copy="a&#60;b&#62;&#38;c" aria-label="Copy Client secret">Copy</button></dd>',
    );
    expect(html).toContain('<a href="http://127.0.0.1:3002/x" target="_blank" rel="noopener">');
    expect(html).not.toContain('a<b>');
    expect(html).not.toContain('aria-label="Copy Operator page"');
  });

  it('shows the links option as side navigation items opening in a new tab', async () => {
    sim = await startBigCommerceSimulator({
      appUrl: 'http://127.0.0.1:9',
      clientId: 'c',
      clientSecret: 's',
      links: [{ label: 'Mail <inbox>', url: 'http://127.0.0.1:3003/' }],
    });
    const html = await (await fetch(sim.controlPanelUrl)).text();
    expect(html).toContain(
      '<a href="http://127.0.0.1:3003/" target="_blank" rel="noopener">Mail &#60;inbox&#62;<span class="visually-hidden"> (opens in a new tab)</span>',
    );
    await expect(
      startBigCommerceSimulator({
        appUrl: 'http://127.0.0.1:9',
        clientId: 'c',
        clientSecret: 's',
        links: [{ label: 'x', url: 'javascript:alert(1)' }],
      }),
    ).rejects.toThrow(/links/);
  });

  it('shows no notes panel when there are none', async () => {
    sim = await startBigCommerceSimulator({ appUrl: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's' });
    expect(await (await fetch(sim.controlPanelUrl)).text()).not.toContain('class="note"');
  });
});
