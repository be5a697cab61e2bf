/**
 * The "notify me" panel's calls to the city's public face (the endpoints exist only there: a page served by an
 * office, unlinked, shows no panel). Paths come from the protocol's zod-free city routes.
 */
import { createCityClient, type Language, type NoticeTarget } from '@junban/protocol/screens';

const city = createCityClient({ fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }) });

/** The channels the city offers, or none when this page is not served by a city. */
export async function offeredChannels(): Promise<{ channels: NoticeTarget['channel'][]; webPushKey: string | null }> {
  try {
    return await city('noticeChannels', {});
  } catch {
    return { channels: [], webPushKey: null };
  }
}

export const follow = (token: string, target: NoticeTarget, ahead: number, language: Language) => city('followVisit', { token, target, ahead, language });

/** A one-time code for the city's LINE official account, and the link that opens LINE with it typed in. */
export const lineLink = (token: string, ahead: number, language: Language) => city('linkLine', { token, ahead, language });

/** This phone's Web Push subscription, made with the city's key (a service worker shows the notices). */
export async function pushTarget(webPushKey: string): Promise<NoticeTarget> {
  const registration = await navigator.serviceWorker.register('/kiosk/push-sw.js', { scope: '/kiosk/' });
  if ((await Notification.requestPermission()) !== 'granted') throw new Error('notifications not allowed');
  const key = Uint8Array.from(atob(webPushKey.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  const json = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
  return { channel: 'webpush', subscription: { endpoint: json.endpoint, keys: json.keys } };
}
