import { createCityClient, JunbanError, type ErrorCode } from '@junban/protocol/screens';

/** City staff calls carry the session cookie set by `cityLogin`; there is no token to pass. */
export const call = createCityClient();

/**
 * What each refusal a city page can meet means, in Japanese: the server words its messages in English (they go to
 * logs and the API too), and staff pages say everything in Japanese first. The server's sentence follows.
 */
const japanese: Partial<Record<ErrorCode, string>> = {
  'input/invalid': '入力内容に誤りがあります',
  'input/too_large': 'データが大きすぎます',
  'auth/required': 'サインインしてください',
  'auth/bad_credentials': 'ユーザー名またはパスワードが違います',
  'auth/forbidden': 'この操作の権限がありません',
  'auth/directory_unavailable': '市の認証サーバーが応答しません。しばらくしてからやり直すか、ローカルアカウントでサインインしてください',
  'auth/too_many_attempts': 'パスワードの誤りが多すぎるため、サインインを一時的に止めています。しばらく待ってからやり直してください',
  'auth/cross_origin': '別のサイトのページからの操作は受け付けません',
  'city/unknown_office': 'その拠点は見つかりません',
  'city/stale_catalogue': '他の人がカタログを先に変更しました。読み込み直してください',
  'notice/not_found': 'そのお知らせは未配信の一覧にありません（再送済みか、削除されました）',
  'notice/erased': 'この来庁は終了し、連絡先は消去されています。再送できません',
  'api/not_found': 'その操作はありません',
  'server/internal': 'サーバーで問題が起きました。何も変更されていません',
};

/** What a person should read when a call fails: "日本語 / the server's message"; a lost connection says so too. */
export function messageOf(err: unknown): string {
  if (err instanceof JunbanError) return `${japanese[err.code] ?? 'エラー'} / ${err.message}`;
  if (err instanceof TypeError) return `市のサーバーに接続できません / ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
