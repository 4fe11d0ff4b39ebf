import { startIomSimulator, type IomSimulator } from '../../scripts/sandbox/iom';

/** Every item of the IOM operator page's site map leads to a real area of the page. */
describe('IOM simulator: operator page site map', () => {
  let sim: IomSimulator;
  beforeAll(async () => {
    sim = await startIomSimulator();
  });
  afterAll(() => sim.close());

  it('each site map link answers with its own area, marked as the current page', async () => {
    const html = await (await fetch(sim.operatorUrl)).text();
    const sitemap = /<nav class="sitemap" aria-label="Site map">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    const links = [...sitemap.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => ({
      href: m[1]!.replace(/&amp;/g, '&'),
      title: m[2]!,
    }));
    expect(links.map((l) => l.title)).toEqual(['Sales orders', 'Fulfillment orders', 'Returns', 'Providers']);
    expect(sitemap.replace(/<a [\s\S]*?<\/a>/g, '')).not.toMatch(/<li>[^<]+<\/li>/);
    for (const link of links) {
      const res = await fetch(new URL(link.href, sim.operatorUrl));
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain(`<h1>${link.title}</h1>`);
      expect(page).toContain(`aria-current="page">${link.title}</a>`);
    }
  });
});
