import { createApiClient, JunbanError, type ApiInput, type ApiOutput, type EndpointName, type ErrorCode } from '@junban/protocol/screens';

/** Staff calls carry the session cookie set by `login`; there is no token to pass. */
export const call = createApiClient();

/**
 * What each refusal means, in Japanese: the server words its messages in English (they go to logs and the API too),
 * and staff screens say everything in Japanese first. The server's sentence follows, with the number or name in it.
 */
const japanese: Record<ErrorCode, string> = {
  'input/invalid': '入力内容に誤りがあります',
  'input/too_large': 'データが大きすぎます',
  'auth/required': 'サインインしてください',
  'auth/bad_credentials': 'ユーザー名またはパスワードが違います',
  'auth/forbidden': 'この操作の権限がありません',
  'auth/directory_unavailable': '市の認証サーバーが応答しません。しばらくしてからやり直すか、ローカルアカウントでサインインしてください',
  'auth/too_many_attempts':
    'パスワードの誤りが多すぎるため、この端末からのサインインを一時的に止めています。しばらく待つか、別の端末からサインインするか、管理者にロック解除を依頼してください',
  'auth/cross_origin': '別のサイトのページからの操作は受け付けません',
  'office/unknown_service': 'その手続は見つかりません',
  'office/unknown_counter': 'その窓口は見つかりません',
  'office/unknown_group': 'そのグループは見つかりません',
  'office/service_closed': 'その手続は現在受け付けていません',
  'office/in_use': '使用中のため変更できません',
  'office/closed_today': '本日は閉庁日です',
  'office/closed_now': '受付時間外です',
  'visit/not_found': 'その受付は見つかりません',
  'step/not_found': 'その手続は見つかりません',
  'step/wrong_state': '状態が変わったため、この操作はできません',
  'step/other_counter': '他の窓口で対応中です',
  'step/outcome_required': 'この手続は結果（完了区分）を選んでから完了してください',
  'step/unknown_outcome': 'その結果区分はこの手続にありません',
  'counter/unknown_reason': 'その休止理由は登録されていません',
  'step/too_soon': '視覚に配慮が必要な方です。不在にするにはもう少しお待ちください',
  'queue/empty': 'お待ちの方はいません',
  'queue/cut_off': 'この手続きは本日の受付を締め切りました（お待ちの方は閉庁後も呼び出せます）',
  'counter/busy': '対応中の方がいます。完了・保留・不在にしてください',
  'counter/not_open': 'この窓口は休止中または閉鎖中です。再開してください',
  'reservation/not_found': 'その予約は見つかりません',
  'reservation/not_today': '本日の予約ではありません',
  'reservation/used': 'この予約は受付済みまたは取消済みです',
  'reservation/closed_day': 'その日は閉庁日です',
  'reservation/duplicate_code': 'その予約番号は既に使われています',
  'access/duplicate_username': 'そのユーザー名は既に使われています',
  'access/not_found': 'その職員は見つかりません',
  'access/own_account': '自分のアカウントは無効化・降格できません',
  'access/last_admin': '有効なシステム管理者が最低1人必要です',
  'pairing/not_found': 'そのペアリングコードは見つかりません',
  'pairing/too_many_attempts': '試行回数が多すぎます。しばらくしてからやり直してください',
  'printer/not_found': 'そのプリンターは見つかりません',
  'print/not_found': 'その印刷は見つかりません',
  'kiosk/slow_down': '発券が続いています。少し待ってください',
  'socket/too_many_messages': '通信が多すぎます。しばらくしてからやり直してください',
  'api/not_found': 'その操作はありません',
  'form/invalid': '申請書に確認が必要な箇所があります',
  'form/not_found': 'その申請書は見つかりません',
  'form/no_font': '設定された日本語フォントが見つからないため印刷できません',
  'idempotency/key_reused': '同じ操作キーが別の操作に使われました',
  'city/unknown_office': 'その庁舎は市に登録されていません',
  'city/bad_code': '登録コードが違うか、使用済みまたは期限切れです。市の管理者に新しいコードを依頼してください',
  'city/stale_catalogue': '他の人がカタログを保存しました。開き直してください',
  'city/unreachable': '市のサーバーに接続できません。アドレスと庁舎のネットワークを確認してください',
  'city/revoked': 'この庁舎の連携は市により無効化されました',
  'city/not_linked': 'この庁舎は市と連携していません',
  'city/locked': 'この項目は市のカタログで管理されているため、庁舎では変更できません',
  'notice/not_found': 'その未配信の通知は見つかりません',
  'notice/erased': 'この通知の来庁は終了し、連絡先は消去されたため、再送できません',
  'remote/closed': 'この手続きは、いまスマートフォンからの受付をしていません',
  'remote/full': 'スマートフォンからの受付枠がいっぱいです',
  'remote/too_many': 'この接続・連絡先からの本日の受付数の上限に達しました',
  'remote/office_offline': '庁舎と市のサーバーの接続が切れています',
  'remote/postponed_once': '遅らせられるのは一度だけです',
  'booking/not_offered': 'この時間・手続きは予約を受け付けていません',
  'booking/full': 'この時間の予約枠は埋まっています',
  'booking/not_found': 'その予約は見つかりません',
  'booking/closed': 'この予約は受付済み・取消済み、または時間を過ぎているため変更できません',
  'booking/too_many': 'この接続からの本日の予約数の上限に達しました',
  'pickup/too_many': 'この接続からの本日の受付番号の照会数の上限に達しました',
  'storage/busy': 'データベースが他のプログラムに使われています。何も変更されていません。少し待ってからもう一度お試しください',
  'storage/unwritable': 'サーバーがデータベースに書き込めません（ディスクの空きなど）。何も変更されていません。管理者に連絡してください',
  'rating/not_ended': 'この来庁はまだ終わっていないため、評価できません',
  'rating/already_given': 'この来庁は評価済みです',
  'screen_notice/not_found': 'そのお知らせは見つからないか、取り下げ済みです',
  'server/internal': 'サーバーで問題が起きました。何も変更されていません',
};

/** What a person should read when a call fails: "日本語 / the server's message"; a lost connection says so too. */
export function messageOf(err: unknown): string {
  if (err instanceof JunbanError) return `${japanese[err.code] ?? 'エラー'} / ${err.message}`;
  if (err instanceof TypeError) return `サーバーに接続できません / ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** How long to wait before sending an action again whose answer was lost: twice, then the error is shown. */
const RETRY_DELAYS_MS = [500, 1500];

/** A new idempotency key. getRandomValues works on the office LAN's plain http, where crypto.randomUUID does not. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One action (call next, finish, no-show …), named with a new idempotency key. When no answer came back (the network
 * dropped it, or the server failed without changing anything) it is sent again with the same key: the server then
 * answers what it did the first time, so the action happens once whatever the network did (docs/api.md).
 */
export async function callOnce<N extends EndpointName>(name: N, input: ApiInput<N>): Promise<ApiOutput<N>> {
  const idempotencyKey = newKey();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(name, input, { idempotencyKey });
    } catch (err) {
      const lost = !(err instanceof JunbanError) || err.code === 'server/internal';
      if (!lost || attempt >= RETRY_DELAYS_MS.length) throw err;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }
}
