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
