import type { OrderRecord, ShipmentRecord } from './order-model';
import { formatMoney } from './money';
import { generatedTrackingLink, providerDisplayName } from './tracking-links';
import { rfc2822 } from './order-views';

/** A shipment in the v2 API's shape (`orderShipment` in orders.v2.oas2.yml). */
export function renderShipment(order: OrderRecord, shipment: ShipmentRecord): Record<string, unknown> {
  const destination = order.destinations.find((d) => d.id === shipment.orderAddressId);
  return {
    id: shipment.id,
    order_id: order.id,
    customer_id: order.customerId,
    order_address_id: shipment.orderAddressId,
    date_created: rfc2822(shipment.createdAt),
    tracking_number: shipment.trackingNumber,
    merchant_shipping_cost: formatMoney(shipment.merchantShippingCost),
    shipping_method: shipment.shippingMethod,
    comments: shipment.comments,
    shipping_provider: shipment.shippingProvider,
    tracking_carrier: shipment.trackingCarrier,
    tracking_link: shipment.trackingLink,
    billing_address: { ...order.billingAddress },
    shipping_address: destination ? { ...destination.address } : {},
    items: shipment.items.map((item) => ({
      order_product_id: item.orderProductId,
      product_id: order.lines.find((l) => l.id === item.orderProductId)?.item.productId ?? 0,
      quantity: item.quantity,
    })),
    shipping_provider_display_name: providerDisplayName(shipment.shippingProvider),
    generated_tracking_link: generatedTrackingLink(shipment),
  };
}
