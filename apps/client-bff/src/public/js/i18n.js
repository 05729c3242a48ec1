// Labels in English and Indonesian (the original practicum's language).
// Static markup names its label with data-i18n="key" (text) or
// data-i18n-attr="attribute:key;…"; scripts call t(key, params). Params are
// inserted into text only, never parsed as HTML.

const en = {
  'checkout.title': 'Checkout · mini-commerce',
  'orders.title': 'Orders · mini-commerce',
  'journey.title': 'Order journey · mini-commerce',
  'nav.skip': 'Skip to content',
  'nav.label': 'Main',
  'nav.checkout': 'Checkout',
  'nav.orders': 'Orders',
  'nav.docs': 'API docs',
  'lang.label': 'Language',
  'conn.connecting': 'Connecting…',
  'conn.live': 'Live',
  'conn.reconnecting': 'Reconnecting…',
  'foot.text': 'mini-commerce: NestJS microservices in an Nx monorepo. Every value on these pages is rendered as text.',

  'operator.heading': 'Fault panel',
  'operator.lead': 'Break payment or the worker on purpose, then watch retries, backoff and the circuit breaker in the log.',
  'operator.delay': 'Payment latency (ms)',
  'operator.failure': 'Payment failures (%)',
  'operator.unreachable': 'Payment unreachable',
  'operator.apply': 'Apply',
  'operator.pause': 'Pause worker',
  'operator.resume': 'Resume worker',
  'operator.status': 'Worker {workerId}: {state}; payment circuit {circuit}.',
  'operator.running': 'running',
  'operator.paused': 'paused',
  'operator.failed': 'The control did not take effect: {reason}',
  'checkout.heading': 'Checkout',
  'checkout.lead':
    'Place an order and watch it travel: HTTP to order, a queue to the worker, TCP to payment, and events back to this page.',
  'checkout.submit': 'Place order',
  'checkout.submitting': 'Placing order…',
  'checkout.declineHint': 'Payment declines totals under Rp 10.000: try one to see a failure.',
  'checkout.yourOrder': 'Your order',
  'checkout.progress': 'Progress',
  'checkout.followJourney': 'Follow it across the services →',
  'field.customerName': 'Customer name',
  'field.productName': 'Product',
  'field.quantity': 'Quantity',
  'field.amount': 'Total amount',
  'rule.customerName.required': "Enter the customer's name.",
  'rule.productName.required': 'Enter a product.',
  'rule.text.tooLong': 'Use at most {max} characters.',
  'rule.quantity': 'Enter a whole number from {min} to {max}.',
  'rule.amount': 'Enter a whole number of rupiah from {min} to {max}.',
  'error.network':
    'The shop could not be reached, so the order may or may not have been placed. Submitting again is safe: it will never be placed twice.',
  'error.server': 'The shop answered {status}: {message}',
  'error.tooMany': 'Too many checkouts from this address. Try again in {seconds} s.',
  'step.placed': 'Placed',
  'step.claimed': 'Claimed by a worker',
  'step.paid': 'Paid',
  'step.failed': 'Failed',
  'step.settled': 'Paid or failed',

  'log.heading': 'Live event log',
  'log.lead': 'Every event from every service, newest first, as it happens (Server-Sent Events).',
  'log.empty': 'No events yet. Place an order to see it travel.',
  'log.count': '{count} events',
  'log.from': 'from {source}',

  'event.order.created': 'Order placed by {customer}: {quantity}× {product}, {amount}',
  'event.order.processing': '{worker} claimed the payment job from the queue (attempt {attempt})',
  'event.order.payment_retrying': 'Payment attempt {attempt} failed ({error}); retrying in {delay}',
  'event.order.payment_requeued': 'The dead payment job was put back in the queue',
  'event.order.paid': 'Paid: payment {payment} approved',
  'event.order.failed': 'Failed: {reason}',

  'status.pending': 'Pending',
  'status.processing': 'Processing',
  'status.paid': 'Paid',
  'status.failed': 'Failed',

  'orders.heading': 'Orders',
  'orders.lead': 'Newest first. Statuses change live as the services report events.',
  'orders.filter': 'Status',
  'orders.filterAll': 'All statuses',
  'orders.caption': 'Orders, newest first',
  'orders.col.created': 'Created',
  'orders.col.order': 'Order',
  'orders.col.customer': 'Customer',
  'orders.col.product': 'Product',
  'orders.col.quantity': 'Qty',
  'orders.col.amount': 'Amount',
  'orders.col.status': 'Status',
  'orders.loading': 'Loading orders…',
  'orders.empty': 'No orders here yet.',
  'orders.loadMore': 'Load older orders',
  'orders.count': '{count} shown',
  'orders.error': 'Orders could not be loaded ({message}). Retrying when the connection is back.',

  'journey.back': '← All orders',
  'journey.heading': 'Order journey',
  'journey.created': 'Created',
  'journey.total': 'Start to finish',
  'journey.inProgress': 'in progress…',
  'journey.correlation': "Correlation id (grep it in every service's log)",
  'journey.whereTime': 'Where the time went',
  'journey.timeline': 'Across the services',
  'journey.timelineLead':
    'Every hop, oldest first: which service acted, how the message travelled, when, and how long since the previous hop.',
  'journey.waiting': 'Waiting for the next hop…',
  'journey.notFound': 'There is no order {id}.',
  'journey.loadError': 'The journey could not be loaded ({message}).',
  'journey.afterPrevious': 'after the previous hop',
  'journey.start': 'start',
  'hop.created.title': 'Created by order',
  'hop.created.detail':
    'Your browser sent POST /api/orders to client-bff, which called order over HTTP. Stored as pending.',
  'hop.queued.title': 'Queued for payment',
  'hop.queued.detail':
    'A payment job row, written in the same database transaction as the order. order.created is published to wake a worker.',
  'hop.claimed.title': 'Claimed by {worker}',
  'hop.claimed.detail': 'queue-worker took the job from the queue (attempt {attempt}) and set the order to processing.',
  'hop.charged.title': 'Charged by payment',
  'hop.declined.title': 'Declined by payment',
  'hop.charged.detail':
    'queue-worker asked payment over Nest TCP (payment.charge.v1) and waited for the answer. Payment {payment}.',
  'hop.paid.title': 'Paid',
  'hop.paid.detail':
    'queue-worker settled the order in one transaction and published order.paid; client-bff pushed it to your browser.',
  'hop.failed.title': 'Failed',
  'hop.failed.detail': 'Reason: {reason}',
  'hop.retrying.title': 'Payment attempt {attempt} failed',
  'hop.retrying.detail': '{error}. The job went back to the queue; next try in {delay}.',
  'hop.requeued.title': 'Requeued by an operator',
  'hop.requeued.detail': 'The dead payment job was put back in the queue with fresh attempts.',
  'route.heading': 'Route so far',
  'route.browser': 'Your browser',
  'route.reached': 'reached',
  'route.notYet': 'not yet',
  'route.checkout': 'POST /api/orders',
  'route.proxied': 'passed on to order',
  'route.via': 'via {link}',
  'route.stored': 'order stored',
  'route.queued': 'job queued',
  'route.claimed': 'claimed by {worker}',
  'route.approved': 'charge approved',
  'route.declined': 'charge declined',
  'route.back': 'And back: every step is an event on Redis pub/sub; client-bff pushes it to your browser over SSE.',
  'segment.queue': 'Waiting in the queue',
  'segment.tcp': 'Payment over TCP',
  'segment.settle': 'Settling',
  'segment.retry': 'Failed attempt and back-off',
  'segment.requeue': 'Dead until requeued',
  'transport.transaction': 'Same transaction',
  'transport.queue': 'Queue',
  'transport.event': 'Event',

  'legend.heading': 'How the messages travel',
  'legend.http': 'Request and response. Your browser calls client-bff, which calls order; each waits for the answer.',
  'legend.queue':
    'A row in payment_jobs, written in the same transaction as the order. A worker claims it with SELECT … FOR UPDATE SKIP LOCKED.',
  'legend.tcp':
    'Nest TCP request and response: queue-worker asks payment (payment.charge.v1) and waits, with a timeout; a timeout is retried.',
  'legend.event':
    'Published after commit on Redis pub/sub (or TCP). Every client-bff hears it and pushes it to browsers over Server-Sent Events.',
};

const id = {
  'checkout.title': 'Checkout · mini-commerce',
  'orders.title': 'Pesanan · mini-commerce',
  'journey.title': 'Perjalanan pesanan · mini-commerce',
  'nav.skip': 'Lewati ke konten',
  'nav.label': 'Utama',
  'nav.checkout': 'Checkout',
  'nav.orders': 'Pesanan',
  'nav.docs': 'Dokumentasi API',
  'lang.label': 'Bahasa',
  'conn.connecting': 'Menghubungkan…',
  'conn.live': 'Langsung',
  'conn.reconnecting': 'Menyambung ulang…',
  'foot.text':
    'mini-commerce: microservice NestJS dalam monorepo Nx. Setiap nilai di halaman ini ditampilkan sebagai teks.',

  'operator.heading': 'Panel gangguan',
  'operator.lead': 'Rusak pembayaran atau worker dengan sengaja, lalu lihat percobaan ulang, backoff, dan circuit breaker di log.',
  'operator.delay': 'Latensi pembayaran (ms)',
  'operator.failure': 'Kegagalan pembayaran (%)',
  'operator.unreachable': 'Pembayaran tidak terjangkau',
  'operator.apply': 'Terapkan',
  'operator.pause': 'Jeda worker',
  'operator.resume': 'Lanjutkan worker',
  'operator.status': 'Worker {workerId}: {state}; circuit pembayaran {circuit}.',
  'operator.running': 'berjalan',
  'operator.paused': 'dijeda',
  'operator.failed': 'Kontrol tidak berhasil: {reason}',
  'checkout.heading': 'Checkout',
  'checkout.lead':
    'Buat pesanan dan lihat perjalanannya: HTTP ke order, antrean ke worker, TCP ke payment, dan event kembali ke halaman ini.',
  'checkout.submit': 'Buat pesanan',
  'checkout.submitting': 'Membuat pesanan…',
  'checkout.declineHint': 'Pembayaran menolak total di bawah Rp 10.000: coba satu untuk melihat kegagalan.',
  'checkout.yourOrder': 'Pesanan Anda',
  'checkout.progress': 'Kemajuan',
  'checkout.followJourney': 'Ikuti perjalanannya antarlayanan →',
  'field.customerName': 'Nama pelanggan',
  'field.productName': 'Produk',
  'field.quantity': 'Jumlah',
  'field.amount': 'Total harga',
  'rule.customerName.required': 'Isi nama pelanggan.',
  'rule.productName.required': 'Isi nama produk.',
  'rule.text.tooLong': 'Paling banyak {max} karakter.',
  'rule.quantity': 'Isi bilangan bulat dari {min} sampai {max}.',
  'rule.amount': 'Isi jumlah rupiah (bilangan bulat) dari {min} sampai {max}.',
  'error.network':
    'Toko tidak dapat dihubungi, jadi pesanan mungkin sudah atau belum dibuat. Kirim ulang dengan aman: pesanan tidak akan pernah dibuat dua kali.',
  'error.server': 'Toko menjawab {status}: {message}',
  'error.tooMany': 'Terlalu banyak checkout dari alamat ini. Coba lagi dalam {seconds} dtk.',
  'step.placed': 'Dibuat',
  'step.claimed': 'Diambil worker',
  'step.paid': 'Dibayar',
  'step.failed': 'Gagal',
  'step.settled': 'Dibayar atau gagal',

  'log.heading': 'Log event langsung',
  'log.lead': 'Setiap event dari setiap layanan, terbaru di atas, saat terjadi (Server-Sent Events).',
  'log.empty': 'Belum ada event. Buat pesanan untuk melihat perjalanannya.',
  'log.count': '{count} event',
  'log.from': 'dari {source}',

  'event.order.created': 'Pesanan dibuat oleh {customer}: {quantity}× {product}, {amount}',
  'event.order.processing': '{worker} mengambil tugas pembayaran dari antrean (percobaan {attempt})',
  'event.order.payment_retrying': 'Percobaan pembayaran {attempt} gagal ({error}); dicoba lagi dalam {delay}',
  'event.order.payment_requeued': 'Tugas pembayaran yang mati dimasukkan kembali ke antrean',
  'event.order.paid': 'Dibayar: pembayaran {payment} disetujui',
  'event.order.failed': 'Gagal: {reason}',

  'status.pending': 'Menunggu',
  'status.processing': 'Diproses',
  'status.paid': 'Dibayar',
  'status.failed': 'Gagal',

  'orders.heading': 'Pesanan',
  'orders.lead': 'Terbaru di atas. Status berubah langsung saat layanan melaporkan event.',
  'orders.filter': 'Status',
  'orders.filterAll': 'Semua status',
  'orders.caption': 'Pesanan, terbaru di atas',
  'orders.col.created': 'Dibuat',
  'orders.col.order': 'Pesanan',
  'orders.col.customer': 'Pelanggan',
  'orders.col.product': 'Produk',
  'orders.col.quantity': 'Jml',
  'orders.col.amount': 'Total',
  'orders.col.status': 'Status',
  'orders.loading': 'Memuat pesanan…',
  'orders.empty': 'Belum ada pesanan di sini.',
  'orders.loadMore': 'Muat pesanan lebih lama',
  'orders.count': '{count} ditampilkan',
  'orders.error': 'Pesanan tidak dapat dimuat ({message}). Dicoba lagi saat koneksi kembali.',

  'journey.back': '← Semua pesanan',
  'journey.heading': 'Perjalanan pesanan',
  'journey.created': 'Dibuat',
  'journey.total': 'Dari awal sampai akhir',
  'journey.inProgress': 'sedang berjalan…',
  'journey.correlation': 'Correlation id (cari dengan grep di log setiap layanan)',
  'journey.whereTime': 'Ke mana waktunya',
  'journey.timeline': 'Melintasi layanan',
  'journey.timelineLead':
    'Setiap langkah, terlama di atas: layanan yang bertindak, cara pesan berpindah, kapan, dan berapa lama sejak langkah sebelumnya.',
  'journey.waiting': 'Menunggu langkah berikutnya…',
  'journey.notFound': 'Tidak ada pesanan {id}.',
  'journey.loadError': 'Perjalanan tidak dapat dimuat ({message}).',
  'journey.afterPrevious': 'setelah langkah sebelumnya',
  'journey.start': 'awal',
  'hop.created.title': 'Dibuat oleh order',
  'hop.created.detail':
    'Browser Anda mengirim POST /api/orders ke client-bff, yang memanggil order lewat HTTP. Disimpan sebagai menunggu.',
  'hop.queued.title': 'Masuk antrean pembayaran',
  'hop.queued.detail':
    'Baris tugas pembayaran, ditulis dalam transaksi database yang sama dengan pesanan. order.created dipublikasikan untuk membangunkan worker.',
  'hop.claimed.title': 'Diambil oleh {worker}',
  'hop.claimed.detail':
    'queue-worker mengambil tugas dari antrean (percobaan {attempt}) dan mengubah pesanan menjadi diproses.',
  'hop.charged.title': 'Ditagih oleh payment',
  'hop.declined.title': 'Ditolak oleh payment',
  'hop.charged.detail':
    'queue-worker meminta payment lewat Nest TCP (payment.charge.v1) dan menunggu jawabannya. Pembayaran {payment}.',
  'hop.paid.title': 'Dibayar',
  'hop.paid.detail':
    'queue-worker menyelesaikan pesanan dalam satu transaksi dan memublikasikan order.paid; client-bff mengirimkannya ke browser Anda.',
  'hop.failed.title': 'Gagal',
  'hop.failed.detail': 'Alasan: {reason}',
  'hop.retrying.title': 'Percobaan pembayaran {attempt} gagal',
  'hop.retrying.detail': '{error}. Tugas kembali ke antrean; dicoba lagi dalam {delay}.',
  'hop.requeued.title': 'Dimasukkan ulang oleh operator',
  'hop.requeued.detail': 'Tugas pembayaran yang mati dimasukkan kembali ke antrean dengan percobaan baru.',
  'route.heading': 'Rute sejauh ini',
  'route.browser': 'Browser Anda',
  'route.reached': 'tercapai',
  'route.notYet': 'belum',
  'route.checkout': 'POST /api/orders',
  'route.proxied': 'diteruskan ke order',
  'route.via': 'lewat {link}',
  'route.stored': 'pesanan disimpan',
  'route.queued': 'tugas masuk antrean',
  'route.claimed': 'diambil oleh {worker}',
  'route.approved': 'tagihan disetujui',
  'route.declined': 'tagihan ditolak',
  'route.back':
    'Dan kembali: setiap langkah adalah event di Redis pub/sub; client-bff mengirimkannya ke browser Anda lewat SSE.',
  'segment.queue': 'Menunggu di antrean',
  'segment.tcp': 'Pembayaran lewat TCP',
  'segment.settle': 'Penyelesaian',
  'segment.retry': 'Percobaan gagal dan jeda',
  'segment.requeue': 'Mati sampai dimasukkan ulang',
  'transport.transaction': 'Transaksi yang sama',
  'transport.queue': 'Antrean',
  'transport.event': 'Event',

  'legend.heading': 'Cara pesan berpindah',
  'legend.http':
    'Permintaan dan jawaban. Browser Anda memanggil client-bff, yang memanggil order; masing-masing menunggu jawabannya.',
  'legend.queue':
    'Satu baris di payment_jobs, ditulis dalam transaksi yang sama dengan pesanan. Worker mengambilnya dengan SELECT … FOR UPDATE SKIP LOCKED.',
  'legend.tcp':
    'Permintaan dan jawaban Nest TCP: queue-worker meminta payment (payment.charge.v1) dan menunggu, dengan batas waktu; yang melewati batas dicoba lagi.',
  'legend.event':
    'Dipublikasikan setelah commit lewat Redis pub/sub (atau TCP). Setiap client-bff menerimanya dan mengirimkannya ke browser lewat Server-Sent Events.',
};

export const DICTIONARIES = { en, id };
const LOCALES = { en: 'en-GB', id: 'id-ID' };
const STORAGE_KEY = 'mini-commerce.lang';
const listeners = new Set();

function storedLanguage() {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored && stored in DICTIONARIES ? stored : 'en';
  } catch {
    return 'en';
  }
}

let language = storedLanguage();

export const currentLanguage = () => language;
export const currentLocale = () => LOCALES[language];

/** The label for `key`, with {name} placeholders replaced by `params` as plain text. */
export function t(key, params = {}) {
  const template = DICTIONARIES[language][key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (placeholder, name) => (name in params ? String(params[name]) : placeholder));
}

/** Fills every data-i18n / data-i18n-attr element under `root`. */
export function applyTranslations(root = document) {
  document.documentElement.lang = language;
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':');
      node.setAttribute(attribute.trim(), t(key.trim()));
    }
  }
}

/** Calls `render` now and whenever the language changes. */
export function onLanguageChange(render) {
  listeners.add(render);
}

export function setLanguage(next) {
  if (!(next in DICTIONARIES) || next === language) return;
  language = next;
  try {
    window.localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyTranslations();
  for (const render of listeners) render();
}
