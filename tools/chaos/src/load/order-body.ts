import { MINIMUM_CHARGE_AMOUNT, type CreateOrderDto } from '@mini-commerce/contracts';
import type { Random } from '../random';

const CUSTOMERS = ['Siti Rahma', 'Budi Santoso', 'Dewi Lestari', 'Agus Wijaya', 'Putri Ayu', 'Eko Prasetyo'];
const PRODUCTS = ['Kopi Gayo 250 g', 'Teh Melati 100 g', 'Sambal Roa', 'Batik Tulis', 'Kerupuk Udang 500 g'];

/** One in ten checkouts is under Rp 10.000: payment declines it and the order ends failed, which is valid. */
export const DECLINED_SHARE = 0.1;

export function randomOrder(random: Random): CreateOrderDto {
  const declined = random.next() < DECLINED_SHARE;
  return {
    customerName: random.pick(CUSTOMERS),
    productName: random.pick(PRODUCTS),
    quantity: random.between(1, 5),
    amount: declined ? random.between(1_000, MINIMUM_CHARGE_AMOUNT - 1) : random.between(MINIMUM_CHARGE_AMOUNT, 2_000_000),
  };
}
