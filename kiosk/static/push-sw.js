// The status page's service worker: shows the city's Web Push notices (see city/src/notices/channels/webpush.ts for
// what a push carries) and opens the resident's page when one is touched.
self.addEventListener('push', (event) => {
  const notice = event.data ? event.data.json() : null;
  if (!notice) return;
  event.waitUntil(self.registration.showNotification(notice.title, { body: notice.body, tag: notice.tag, data: { url: notice.url }, lang: notice.lang }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data && event.notification.data.url;
  if (url) event.waitUntil(self.clients.openWindow(url));
});
