// Formatting shared by the pages. Rupiah always use Indonesian grouping: Rp 50.000
// (with a no-break space, so "Rp" never ends a line).
import { currentLocale } from './i18n.js';

const rupiah = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
export const formatRupiah = (amount) => `Rp\u00a0${rupiah.format(amount)}`;

export const shortId = (id) => String(id).slice(0, 8);

const cache = new Map();
function formatter(kind, options) {
  const key = `${currentLocale()}|${kind}`;
  if (!cache.has(key)) cache.set(key, new Intl.DateTimeFormat(currentLocale(), options));
  return cache.get(key);
}

const TIME = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };

/** 10:04:05 */
export const formatTime = (iso) => formatter('time', TIME).format(new Date(iso));

/** 10:04:05.123: the journey view, where hops are milliseconds apart. */
export const formatPreciseTime = (iso) =>
  formatter('precise', { ...TIME, fractionalSecondDigits: 3 }).format(new Date(iso));

/** Today: the time; before today: the date and the time. */
export function formatDateTime(iso) {
  const date = new Date(iso);
  if (date.toDateString() === new Date().toDateString()) return formatTime(iso);
  return formatter('datetime', { day: 'numeric', month: 'short', ...TIME }).format(date);
}

/** 0 ms, 12 ms, 1,25 s, 2 min 5 s. */
export function formatDuration(ms) {
  const value = Math.round(ms);
  if (Math.abs(value) < 1_000) return `${value} ms`;
  if (Math.abs(value) < 60_000) {
    const seconds = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 2 }).format(value / 1_000);
    return `${seconds} s`;
  }
  return `${Math.floor(value / 60_000)} min ${Math.round((value % 60_000) / 1_000)} s`;
}
