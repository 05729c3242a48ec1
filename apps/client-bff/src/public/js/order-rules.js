// The browser's copy of the server's checkout rules (libs/contracts: ORDER_LIMITS and
// CreateOrderDto). The web e2e tests check both agree on the same inputs.

export const ORDER_LIMITS = {
  textMaxLength: 100,
  quantityMin: 1,
  quantityMax: 1_000,
  amountMin: 1,
  amountMax: 1_000_000_000,
};

export const ORDER_FIELDS = ['customerName', 'productName', 'quantity', 'amount'];

/**
 * Problems per field, as { field: { key, params } } (i18n keys), for a body the
 * way the page sends it: trimmed names, numbers as numbers (NaN when empty).
 */
export function validateOrder(order) {
  const problems = {};
  for (const field of ['customerName', 'productName']) {
    const value = order[field];
    if (typeof value !== 'string' || value.trim() === '') problems[field] = { key: `rule.${field}.required` };
    else if (value.trim().length > ORDER_LIMITS.textMaxLength) {
      problems[field] = { key: 'rule.text.tooLong', params: { max: ORDER_LIMITS.textMaxLength } };
    }
  }
  if (!isWholeNumberIn(order.quantity, ORDER_LIMITS.quantityMin, ORDER_LIMITS.quantityMax)) {
    problems.quantity = {
      key: 'rule.quantity',
      params: { min: ORDER_LIMITS.quantityMin, max: ORDER_LIMITS.quantityMax },
    };
  }
  if (!isWholeNumberIn(order.amount, ORDER_LIMITS.amountMin, ORDER_LIMITS.amountMax)) {
    problems.amount = {
      key: 'rule.amount',
      params: { min: ORDER_LIMITS.amountMin, max: ORDER_LIMITS.amountMax },
      rupiah: true,
    };
  }
  return problems;
}

function isWholeNumberIn(value, min, max) {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Sorts the server's 400 messages ("amount must be an integer number") to the
 * field each one names; the rest belong to the form as a whole.
 */
export function messagesByField(messages) {
  const byField = { form: [] };
  for (const message of messages) {
    const field = ORDER_FIELDS.find((name) => message.startsWith(`${name} `));
    (byField[field ?? 'form'] ??= []).push(message);
  }
  return byField;
}
