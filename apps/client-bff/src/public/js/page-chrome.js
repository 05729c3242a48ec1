// What every page shares: translations, the language switch and the connection indicator.
import { applyTranslations, currentLanguage, onLanguageChange, setLanguage, t } from './i18n.js';

const CONNECTION_LABELS = { connecting: 'conn.connecting', live: 'conn.live', reconnecting: 'conn.reconnecting' };
let connectionState = 'connecting';

function renderConnection() {
  const indicator = document.getElementById('connection');
  if (!indicator) return;
  indicator.dataset.state = connectionState;
  document.getElementById('connection-label').textContent = t(CONNECTION_LABELS[connectionState]);
}

/** For connectEvents' onState. */
export function showConnection(state) {
  if (state === connectionState) return;
  connectionState = state;
  renderConnection();
}

function renderLanguageSwitch() {
  for (const button of document.querySelectorAll('.lang-switch [data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === currentLanguage()));
  }
}

export function setUpPage() {
  applyTranslations();
  renderConnection();
  renderLanguageSwitch();
  for (const button of document.querySelectorAll('.lang-switch [data-lang]')) {
    button.addEventListener('click', () => setLanguage(button.dataset.lang));
  }
  onLanguageChange(() => {
    renderConnection();
    renderLanguageSwitch();
  });
}
