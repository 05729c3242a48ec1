// The fault panel: present only when the BFF mounts /api/operator (OPERATOR_CONTROLS=true).
import { byId, setText } from './dom.js';
import { onLanguageChange, t } from './i18n.js';

const API = '/api/operator';
let worker = null;

async function call(path, method = 'GET', body) {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const payload = await response.json();
  if (!response.ok) throw new Error([payload.message].flat().join('; '));
  return payload;
}

function showWorker(status) {
  worker = status;
  setText('operator-status', t('operator.status', {
    workerId: status.workerId,
    state: t(status.paused ? 'operator.paused' : 'operator.running'),
    circuit: status.paymentCircuit,
  }));
  setText('worker-toggle', t(status.paused ? 'operator.resume' : 'operator.pause'));
}

function showFaults(faults) {
  byId('fault-delay').value = String(faults.delayMs);
  byId('fault-failure').value = String(faults.failurePercent);
  byId('fault-unreachable').checked = faults.unreachable;
}

async function guarded(action) {
  setText('operator-error', '');
  try {
    await action();
  } catch (error) {
    setText('operator-error', t('operator.failed', { reason: error.message }));
  }
}

async function start() {
  const features = await fetch('/api/features').then((response) => response.json(), () => ({}));
  if (!features.operatorControls) return; // the panel stays hidden
  const status = await call('/worker');
  byId('operator').hidden = false;
  showWorker(status);
  showFaults(await call('/payment-faults'));

  byId('operator-faults').addEventListener('submit', (event) => {
    event.preventDefault();
    void guarded(async () =>
      showFaults(
        await call('/payment-faults', 'PUT', {
          delayMs: Number(byId('fault-delay').value),
          failurePercent: Number(byId('fault-failure').value),
          unreachable: byId('fault-unreachable').checked,
        }),
      ),
    );
  });
  byId('worker-toggle').addEventListener('click', () =>
    guarded(async () => showWorker(await call(worker?.paused ? '/worker/resume' : '/worker/pause', 'POST'))),
  );
  // The circuit opens and closes by itself: keep its state current.
  setInterval(() => void guarded(async () => showWorker(await call('/worker'))), 2_000);
  onLanguageChange(() => worker && showWorker(worker));
}

void start();
