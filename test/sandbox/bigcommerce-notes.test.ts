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
    expect(html).toContain('<dt>Client secret</dt><dd><code>a&#60;b&#62;&#38;c</code></dd>');
    expect(html).toContain('<a href="http://127.0.0.1:3002/x" target="_blank" rel="noopener">');
    expect(html).not.toContain('a<b>');
  });

  it('shows no notes panel when there are none', async () => {
    sim = await startBigCommerceSimulator({ appUrl: 'http://127.0.0.1:9', clientId: 'c', clientSecret: 's' });
    expect(await (await fetch(sim.controlPanelUrl)).text()).not.toContain('class="note"');
  });
});
