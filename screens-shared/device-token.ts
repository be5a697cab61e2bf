import { replaceState } from '$app/navigation';

const KEY = 'junban.deviceToken';

/**
 * The device token from `?token=` (remembered so a reload or a power cut keeps the device working),
 * else the remembered one, else null.
 */
export function deviceToken(url: URL = new URL(location.href)): string | null {
  const fromUrl = url.searchParams.get('token')?.trim();
  if (fromUrl) {
    localStorage.setItem(KEY, fromUrl);
    return fromUrl;
  }
  return localStorage.getItem(KEY);
}

/** A token received by pairing is kept exactly as one from a device link. */
export function rememberDeviceToken(token: string): void {
  localStorage.setItem(KEY, token);
}

/** The server no longer accepts the token: forget it, and take it out of the address so a reload cannot bring it back. */
export function forgetDeviceToken(): void {
  localStorage.removeItem(KEY);
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  // eslint-disable-next-line svelte/no-navigation-without-resolve -- the current page's own address, less the token
  replaceState(url, {});
}
