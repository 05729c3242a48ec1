import type { CreateOrderDto } from '@mini-commerce/contracts';
import { requestFingerprint } from './request-fingerprint';

const order: CreateOrderDto = { customerName: 'Siti Rahma', productName: 'Kopi Gayo 250 g', quantity: 2, amount: 50_000 };

describe('requestFingerprint', () => {
  it('is the same for the same order, whatever order its fields arrive in', () => {
    const reordered: CreateOrderDto = { amount: 50_000, quantity: 2, productName: 'Kopi Gayo 250 g', customerName: 'Siti Rahma' };

    expect(requestFingerprint(reordered)).toBe(requestFingerprint(order));
    expect(requestFingerprint(order)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Partial<CreateOrderDto>]>([
    ['customer', { customerName: 'Budi' }],
    ['product', { productName: 'Teh Tarik' }],
    ['quantity', { quantity: 3 }],
    ['amount', { amount: 50_001 }],
  ])('differs when the %s differs', (_field, change) => {
    expect(requestFingerprint({ ...order, ...change })).not.toBe(requestFingerprint(order));
  });

  it('does not confuse orders whose texts only split differently between the fields', () => {
    const first = { ...order, customerName: 'Siti', productName: 'Kopi' };
    const second = { ...order, customerName: 'Sit', productName: 'iKopi' };

    expect(requestFingerprint(first)).not.toBe(requestFingerprint(second));
  });
});
