import { byId, h, setText } from './dom.js';
import { createEventLog, savedCursor } from './event-log.js';
import { isNewer, statusLabel } from './events.js';
import { formatRupiah, shortId } from './format.js';
import { currentLocale, onLanguageChange, t } from './i18n.js';
import { connectEvents } from './live-events.js';
import { messagesByField, ORDER_FIELDS, validateOrder } from './order-rules.js';
import { setUpPage, showConnection } from './page-chrome.js';

const CURRENT_ORDER_KEY = 'mini-commerce.current-order';
const form = byId('checkout');
const submitButton = byId('submit');
// ?checks=server skips the browser's checks, to see the server's own 400 messages.
const clientChecks = new URLSearchParams(window.location.search).get('checks') !== 'server';

let inFlight = false;
/** The checkout being attempted: its body and Idempotency-Key, kept until the server has decided. */
let attempt = null;
/** The last order placed from this tab: { ...OrderDto } kept current by events. */
let current = null;
/** Field problems shown now: { field: [{ key, params } | { text }] }. */
let shown = {};

// ---- the form -------------------------------------------------------------

function readForm() {
  const value = (name) => form.elements.namedItem(name).value;
  const number = (name) => (value(name).trim() === '' ? NaN : Number(value(name)));
  return {
    customerName: value('customerName').trim(),
    productName: value('productName').trim(),
    quantity: number('quantity'),
    amount: number('amount'),
  };
}

function problemText(problem) {
  if (problem.text) return problem.text;
  const params = { ...problem.params };
  const number = new Intl.NumberFormat(currentLocale());
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'number') params[name] = problem.rupiah ? formatRupiah(value) : number.format(value);
  }
  return t(problem.key, params);
}

function renderProblems() {
  for (const field of ORDER_FIELDS) {
    const problems = shown[field] ?? [];
    setText(`${field}-error`, problems.map(problemText).join(' '));
    byId(field).setAttribute('aria-invalid', String(problems.length > 0));
  }
  const formProblems = shown.form ?? [];
  const formError = byId('form-error');
  formError.hidden = formProblems.length === 0;
  formError.replaceChildren(...formProblems.map((problem) => h('p', {}, problemText(problem))));
}

function showProblems(problems) {
  shown = problems;
  renderProblems();
}

function clientProblems(order) {
  if (!clientChecks) return {};
  return Object.fromEntries(Object.entries(validateOrder(order)).map(([field, problem]) => [field, [problem]]));
}

function focusFirstProblem() {
  const field = ORDER_FIELDS.find((name) => shown[name]?.length);
  if (field) byId(field).focus();
  else if (shown.form?.length) byId('form-error').focus();
}

function setBusy(busy) {
  inFlight = busy;
  submitButton.disabled = busy;
  submitButton.classList.toggle('busy', busy);
  submitButton.setAttribute('aria-busy', String(busy));
  setText('submit-label', t(busy ? 'checkout.submitting' : 'checkout.submit'));
}

function serverMessages(payload, status) {
  const messages = [payload?.message ?? `HTTP ${status}`].flat().map(String);
  const byField = messagesByField(messages);
  const problems = {};
  for (const [field, list] of Object.entries(byField)) {
    if (list.length > 0) problems[field] = list.map((text) => ({ text }));
  }
  return problems;
}

form.addEventListener('submit', async (submitEvent) => {
  submitEvent.preventDefault();
  if (inFlight) return;
  const order = readForm();
  showProblems(clientProblems(order));
  if (Object.keys(shown).length > 0) {
    focusFirstProblem();
    return;
  }

  const body = JSON.stringify(order);
  // A new checkout gets a new key; the same form sent again after an unknown outcome reuses it.
  if (attempt?.body !== body) attempt = { body, key: window.crypto.randomUUID() };
  setBusy(true);
  try {
    const response = await fetch('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': attempt.key },
      body,
    });
    const payload = await response.json().catch(() => null);
    if (response.ok) {
      attempt = null;
      showProblems({});
      showOrder(payload);
      return;
    }
    if (response.status < 500) attempt = null; // the server has decided; 5xx: the outcome is unknown
    if (response.status === 400) showProblems(serverMessages(payload, response.status));
    else if (response.status === 429) {
      const seconds = Math.max(1, Number(response.headers.get('retry-after')) || 1);
      showProblems({ form: [{ key: 'error.tooMany', params: { seconds: String(seconds) } }] });
    } else {
      const message = [payload?.message ?? response.statusText].flat().join('; ');
      showProblems({ form: [{ key: 'error.server', params: { status: String(response.status), message } }] });
    }
    focusFirstProblem();
  } catch {
    showProblems({ form: [{ key: 'error.network' }] });
    focusFirstProblem();
  } finally {
    setBusy(false);
  }
});

// Fixing a field clears its message as soon as the value is acceptable.
for (const field of ORDER_FIELDS) {
  byId(field).addEventListener('input', () => {
    if (!shown[field]?.length) return;
    const problem = clientProblems(readForm())[field];
    if (problem && clientChecks) shown = { ...shown, [field]: problem };
    else {
      shown = { ...shown };
      delete shown[field];
    }
    renderProblems();
  });
}

function renderAmountPreview() {
  const amount = Number(byId('amount').value);
  setText(
    'amount-preview',
    byId('amount').value !== '' && Number.isFinite(amount) && amount > 0 ? formatRupiah(amount) : '',
  );
}
byId('amount').addEventListener('input', renderAmountPreview);

// ---- the order just placed ------------------------------------------------

function showOrder(order) {
  current = { ...order };
  try {
    window.sessionStorage.setItem(CURRENT_ORDER_KEY, order.id);
  } catch {
    // no session storage: the card is not restored after a reload
  }
  renderOrder();
  // An order's first events can arrive before the answer that names it (to the checkout,
  // or to the look-up after a reload): the log has them.
  log.eventsFor(order.id).forEach(applyToCurrent);
}

const STEPS = ['placed', 'claimed', 'settled'];

function stepStates(status) {
  switch (status) {
    case 'pending':
      return { placed: 'done', claimed: 'current', settled: 'todo' };
    case 'processing':
      return { placed: 'done', claimed: 'done', settled: 'current' };
    case 'paid':
      return { placed: 'done', claimed: 'done', settled: 'done' };
    default:
      return { placed: 'done', claimed: 'done', settled: 'failed' };
  }
}

function renderOrder() {
  if (!current) return;
  byId('created').hidden = false;
  const link = byId('created-id');
  link.href = `/orders/${encodeURIComponent(current.id)}`;
  setText(link, `#${shortId(current.id)}`);
  setText(
    'created-detail',
    `${current.customerName} · ${current.quantity}× ${current.productName} · ${formatRupiah(current.amount)}`,
  );
  const badge = byId('created-status');
  badge.dataset.status = current.status;
  setText(badge, statusLabel(current.status));

  const states = stepStates(current.status);
  const label = (step) => {
    if (step !== 'settled') return t(`step.${step}`);
    if (current.status === 'paid') return t('step.paid');
    return current.status === 'failed' ? t('step.failed') : t('step.settled');
  };
  byId('created-steps').replaceChildren(
    ...STEPS.map((step) =>
      h(
        'li',
        {
          className: 'step',
          dataset: { step, state: states[step] },
          'aria-current': states[step] === 'current' ? 'step' : undefined,
        },
        h('span', { className: 'step-dot', 'aria-hidden': 'true' }),
        h('span', { className: 'step-label' }, label(step)),
      ),
    ),
  );
  const reason = byId('created-reason');
  reason.hidden = !(current.status === 'failed' && current.failureReason);
  setText(reason, current.failureReason ?? '');
  byId('created-journey').href = `/orders/${encodeURIComponent(current.id)}`;
}

function applyToCurrent(event) {
  if (!current || event.orderId !== current.id || !isNewer(event.occurredAt, current.updatedAt)) return;
  current.status = event.status;
  current.updatedAt = event.occurredAt;
  if (event.type === 'order.failed') current.failureReason = event.data?.reason ?? null;
  renderOrder();
}

async function restoreCurrentOrder() {
  let id = null;
  try {
    id = window.sessionStorage.getItem(CURRENT_ORDER_KEY);
  } catch {
    return;
  }
  if (!id) return;
  const response = await fetch(`/api/orders/${encodeURIComponent(id)}`).catch(() => null);
  const order = response?.ok ? await response.json().catch(() => null) : null;
  // A checkout placed meanwhile wins; events that arrived during the request still apply (showOrder).
  if (!order || current) return;
  showOrder(order);
}

// ---- start ------------------------------------------------------------------

setUpPage();
if (!clientChecks) byId('checkout').dataset.checks = 'server';
const log = createEventLog({ list: byId('event-log'), empty: byId('log-empty'), count: byId('log-count') });
onLanguageChange(() => {
  setBusy(inFlight);
  renderProblems();
  renderAmountPreview();
  renderOrder();
  log.render();
});
setBusy(false);
renderAmountPreview();
void restoreCurrentOrder();
connectEvents({
  after: savedCursor(),
  onState: showConnection,
  onEvent: (event) => {
    log.add(event);
    applyToCurrent(event);
  },
});
import './operator-panel.js';
