import { controlPanelUrl } from '../../server/bigcommerce/control-panel-url';

describe('controlPanelUrl', () => {
  it("is the store's mybigcommerce.com control panel for BigCommerce itself", () => {
    expect(controlPanelUrl('abc123', 'https://login.bigcommerce.com')).toBe(
      'https://store-abc123.mybigcommerce.com/manage',
    );
  });

  it("is the simulator's per-store path when the app talks to a loopback BigCommerce", () => {
    expect(controlPanelUrl('demo7x3', 'http://127.0.0.1:4100')).toBe(
      'http://127.0.0.1:4100/store-demo7x3/manage',
    );
    expect(controlPanelUrl('demo7x3', 'http://localhost:4100/')).toBe(
      'http://localhost:4100/store-demo7x3/manage',
    );
  });
});
