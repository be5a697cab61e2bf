import type { OfficeSettings } from '@junban/protocol';

/** What the demo prints on its landing page so a visitor can open every screen at once. */
export interface DemoInfo {
  kioskToken: string;
  displayToken: string;
  accounts: { username: string; password: string; role: string }[];
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const screens = [
  { path: '/kiosk/', ja: '発券機', en: 'Kiosk', about: '番号札を取る・予約の受付 / take a number, check in a reservation', token: 'kiosk' },
  { path: '/display/', ja: '呼出表示', en: 'Display', about: '待合室の呼出画面 / the waiting-room screen that calls numbers', token: 'display' },
  { path: '/admin/counter', ja: '窓口', en: 'Counter', about: '呼出・受付・完了 / call, serve, finish' },
  { path: '/admin/guide', ja: 'フロア案内', en: 'Guide', about: '申請書の事前記入 / pre-check and pre-fill forms' },
  {
    path: '/admin/printers',
    ja: 'プリンター',
    en: 'Printers',
    about: "状態・再印刷・仮想プリンターの発券履歴 / state, reprints, the virtual printer's latest tickets",
  },
  { path: '/admin/manager', ja: '管理者', en: 'Manager', about: '待ち状況と分析 / live floor and wait-time analytics' },
  { path: '/display/congestion', ja: '混雑状況', en: 'Congestion', about: '公開ページ（ログイン不要）/ public page for the city website, no sign-in' },
] as const;

/**
 * While the office is open for trying, the front door says so before anything else: numbers are taken at any hour,
 * which a real office must not leave on by mistake.
 */
function tryingNotice(settings: OfficeSettings): string {
  if (!settings.openForTrying) return '';
  const hours = `${settings.hours.open}〜${settings.hours.close}`;
  return `<section class="trying" role="status" data-open-for-trying>
  <h2><span lang="ja">お試し運転中</span> / <span lang="en">Open for trying</span></h2>
  <p><span lang="ja">営業時間外（受付 ${escape(hours)}）や休業日でも番号札を発行できます。すべての画面をいつでもお試しいただけます。分析と予測は実際のカレンダーに従います。管理者は「設定 › 開庁日」でオフにできます。</span></p>
  <p><span lang="en">Numbers are taken at any hour and on closed days (business hours ${escape(hours)}), so every screen can be tried now. Insights and forecasts follow the real calendar. An admin turns this off in Setup › Business days.</span></p>
</section>`;
}

/** The office's front door: every screen, with the demo's device links and accounts when it runs as a demo. */
export function landingPage(settings: OfficeSettings, demo?: DemoInfo): string {
  const link = (s: (typeof screens)[number]) => {
    const token = 'token' in s && demo ? (s.token === 'kiosk' ? demo.kioskToken : demo.displayToken) : undefined;
    const href = token ? `${s.path}?token=${encodeURIComponent(token)}` : s.path;
    return `<li><a href="${escape(href)}"><span lang="ja">${s.ja}</span> <span lang="en">${s.en}</span></a><small>${escape(s.about)}</small></li>`;
  };
  const accounts = demo
    ? `<section><h2><span lang="ja">デモ用アカウント</span> / <span lang="en">Demo accounts</span></h2><table>
        ${demo.accounts.map((a) => `<tr><td>${escape(a.role)}</td><td><code>${escape(a.username)}</code></td><td><code>${escape(a.password)}</code></td></tr>`).join('')}
      </table></section>`
    : '';
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>junban 順番</title>
<style>
  body { font-family: system-ui, "Noto Sans CJK JP", sans-serif; margin: 0 auto; max-width: 48rem; padding: 2rem 1rem; color: #111; }
  h1 { font-size: 2.2rem; margin: 0 0 .25rem; } p { margin-top: 0; color: #444; }
  ul { list-style: none; padding: 0; display: grid; gap: .75rem; }
  li a { display: block; font-size: 1.5rem; padding: 1rem 1.25rem; border: 2px solid #1d4ed8; border-radius: .6rem; text-decoration: none; color: #1d4ed8; }
  li a:hover, li a:focus { background: #1d4ed8; color: #fff; }
  li small { display: block; margin: .25rem 0 0 .25rem; color: #555; }
  table { border-collapse: collapse; } td { padding: .25rem 1rem .25rem 0; }
  .trying { border: 3px solid #b45309; background: #fff7ed; border-radius: .6rem; padding: .75rem 1.25rem; margin: 1rem 0; }
  .trying h2 { margin: 0 0 .5rem; color: #9a3412; } .trying p { color: #431407; margin: .25rem 0; }
</style></head>
<body>
<h1>junban <span lang="ja">順番</span></h1>
<p><span lang="ja">この事務所の画面</span> / <span lang="en">The screens of this office</span></p>
${tryingNotice(settings)}
<nav><ul>${screens.map(link).join('')}</ul></nav>
${accounts}
<p><a href="/api/v1/openapi.json">API (OpenAPI)</a></p>
</body></html>`;
}
