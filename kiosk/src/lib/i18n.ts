/**
 * Every word a resident reads on the kiosk and on their phone's status page, in the six languages a resident can
 * choose. Office texts (procedure, group, counter and office names) come from the office's configuration instead,
 * through `localized`. A new language is added here and in the office's configuration, never in a screen.
 */
import type { LocalizedText, Need } from '@junban/protocol/screens';
import { koreanTo } from '$shared/korean';
import { MAY_LEAVE } from '$shared/may-leave';

export const LANGUAGES = ['ja', 'en', 'zh', 'ko', 'vi', 'pt'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Each language's name in itself: a resident looks for their own language, not for its Japanese name. */
export const NATIVE_NAMES: Record<Lang, string> = {
  ja: '日本語',
  en: 'English',
  zh: '简体中文',
  ko: '한국어',
  vi: 'Tiếng Việt',
  pt: 'Português',
};

/** BCP 47 tags for `lang` attributes (they also pick the right CJK glyphs) and number formats. */
export const LOCALES: Record<Lang, string> = { ja: 'ja-JP', en: 'en', zh: 'zh-CN', ko: 'ko-KR', vi: 'vi-VN', pt: 'pt-BR' };

/** Why a number could not be given; each has a calm sentence in every language. */
export type Problem = 'slow_down' | 'failed' | 'code_not_found' | 'code_not_today' | 'code_used';

/** How a step of the visit stands, as the phone's list of procedures shows it. */
export type StepMark = 'done' | 'now' | 'later' | 'closed';

export interface Messages {
  languageLabel: string;

  // The kiosk's first screen.
  chooseServices: string;
  chooseHint: string;
  /** Heading for procedures the office put in no group. */
  otherServices: string;
  yourProcedures: string;
  suggestTitle: string;
  assistance: string;
  assistanceHint: string;
  /** The button that opens the needs screen, and its hint. */
  needsButton: string;
  needsHint: string;
  /** The needs screen: its question, each need's name and what it means, and the button back. */
  needsTitle: string;
  needNames: Record<Need, string>;
  needHints: Record<Need, string>;
  needsDone: string;
  /** The read-aloud switch on the first screen (every button spoken when touched, large text, high contrast). */
  readAloud: string;
  readAloudOn: string;
  reservation: string;
  takeNumber: string;
  /** Under the greyed "take a number" button: why it cannot be pressed yet. */
  chooseFirst: string;
  issuing: string;
  noServices: string;
  connecting: string;
  reconnecting: string;
  problems: Record<Problem, string>;

  // Checking in a reservation.
  reservationTitle: string;
  enterCode: string;
  scanCode: string;
  codeLabel: string;
  deleteKey: string;
  clearKey: string;
  back: string;
  checkIn: string;
  checkingIn: string;

  // The ticket on screen.
  yourNumber: string;
  stepsInOrder: string;
  peopleAhead: (n: number) => string;
  estimate: (minutes: number) => string;
  noEstimate: string;
  followOnPhone: string;
  printing: string;
  printed: string;
  printFailed: string;
  noPrinter: string;
  assistanceNoted: string;
  /** On the ticket: the counters know the needs chosen, listed after it. */
  needsNoted: string;
  watchDisplay: string;
  /** With the QR code the resident may leave; `notices` where their page is at a city that can tell them (shared with the guide). */
  mayLeave: { phone: string; notices: string };
  done: string;
  returningIn: (seconds: number) => string;

  // The status page on the resident's phone.
  statusLoading: string;
  statusUnknown: string;
  /** The city cannot reach an office just now: the page may be valid, and fills in once it is back. */
  statusOfficeOffline: string;
  currentProcedure: string;
  steps: string;
  stepMarks: Record<StepMark, string>;
  calledTitle: string;
  goTo: (counter: string) => string;
  servingAt: (counter: string) => string;
  keepOpen: string;
  /** A phone vibrates only for a page that was touched once. */
  tapToVibrate: string;
  held: string;
  noShow: string;
  allDone: string;
  cancelled: string;
  expired: string;

  // The "notify me" panel of the status page, where the city offers notices.
  notifyTitle: string;
  notifyAhead: (n: number) => string;
  notifyPush: string;
  notifyEmail: string;
  notifySms: string;
  /** Opens LINE on a message to the city's official account; sending it links the visit. */
  notifyLine: string;
  notifySubmit: string;
  notifyDone: string;
  notifyFailed: string;

  // A number taken from a phone (through the city): checking in, postponing, cancelling.
  remoteCheckInBy: (time: string) => string;
  remoteShowCode: string;
  remoteCodeLabel: string;
  remoteCheckedIn: string;
  remotePostpone: string;
  remotePostponed: string;
  remoteCancel: string;
  remoteCancelConfirm: string;
  remoteReleased: string;
  remoteFailed: string;

  // Taking a number from a phone, on the city's public page.
  joinTitle: string;
  joinIntro: string;
  joinWaiting: (waiting: number, minutes: number | null) => string;
  joinTake: string;
  joinNone: string;
  joinOffline: string;
  joinRefused: Record<JoinProblem, string>;

  // Booking a visit from a phone, on the city's public page.
  bookTitle: string;
  bookIntro: string;
  bookNone: string;
  bookOffline: string;
  bookChooseService: string;
  bookChooseTime: string;
  bookPlaces: (n: number) => string;
  bookFull: string;
  bookNoSlots: string;
  bookLaterDays: string;
  bookEarlierDays: string;
  bookRemindTitle: string;
  bookRemindNone: string;
  bookSubmit: (when: string) => string;
  bookYours: string;
  bookKeepLink: string;
  bookShowCode: string;
  bookCodeLabel: string;
  bookReminded: string;
  bookCheckedIn: string;
  bookImComing: string;
  /** Shown once the resident said they are coming. */
  bookComing: string;
  bookCancelled: string;
  bookChangeTime: string;
  bookMoveTo: (when: string) => string;
  bookCancel: string;
  bookCancelConfirm: string;
  bookAnother: string;
  bookRefused: Record<BookProblem, string>;
  // Filling in a form at home (the city's public face only).
  homeForms: HomeFormMessages;
  // Collecting a card or document: is it ready, then book a time (the city's public face only).
  pickup: PickupMessages;
}

/** Why a pick-up look-up or a wish to be told was refused (the city's error codes, and anything else). */
export type PickupProblem = 'bad_reference' | 'too_many' | 'failed';

export interface PickupMessages {
  title: string;
  intro: string;
  referenceLabel: string;
  check: string;
  notReady: string;
  ready: string;
  chooseOffice: string;
  noOffice: string;
  notifyTitle: string;
  notifySubmit: string;
  notifyKept: string;
  refused: Record<PickupProblem, string>;
}

/** Why a form filled in at home could not be sent (the city's error codes, and anything else). */
export type HomeFormProblem = 'closed' | 'too_many' | 'failed';

export interface HomeFormMessages {
  title: string;
  intro: string;
  none: string;
  chooseProcedure: string;
  required: string;
  /** The select's label, and its choice for a Western year (the eras' own names come from the form check). */
  era: string;
  westernYear: string;
  year: string;
  month: string;
  day: string;
  select: string;
  addPerson: string;
  removePerson: string;
  person: (n: number) => string;
  memberName: string;
  memberFurigana: string;
  memberRelationship: string;
  memberBirthdate: string;
  bring: string;
  fixFirst: string;
  warningsNote: string;
  send: string;
  sending: string;
  sent: string;
  codeLabel: string;
  /** `button`: the kiosk's own words for "I have a reservation", in the same language. */
  showCode: (button: string) => string;
  keptUntil: (date: string) => string;
  writeDown: string;
  another: string;
  back: string;
  /** The optional code of a booking or a number taken from a phone, for the form to travel with. */
  attachLabel: string;
  attachHelp: string;
  attachInvalid: string;
  /** On the receipt, when attached: check in with that code as usual. */
  attachedShow: (button: string) => string;
  refused: Record<HomeFormProblem, string>;
}

/** Why a booking could not be made or changed (the city's error codes, and anything else). */
export type BookProblem = 'not_offered' | 'full' | 'too_many' | 'offline' | 'not_found' | 'closed' | 'failed';

/** Why a number could not be taken from a phone (the city's error codes, and anything else). */
export type JoinProblem = 'closed' | 'full' | 'too_many' | 'offline' | 'failed';

const ja: Messages = {
  languageLabel: '言語',
  chooseServices: 'ご用件をお選びください',
  chooseHint: 'いくつでも選べます。選んだ順にご案内します。',
  otherServices: 'その他の手続き',
  yourProcedures: 'ご用件',
  suggestTitle: 'あわせて必要ではありませんか？',
  assistance: 'お手伝いが必要な方',
  assistanceHint: '係員がご案内します',
  needsButton: '配慮が必要な方',
  needsHint: '対応できる窓口にご案内します',
  needsTitle: 'どのような配慮が必要ですか',
  needNames: { hearing: '耳が聞こえにくい', sight: '目が見えにくい', wheelchair: '車いす', sign_language: '手話通訳', interpreter: '通訳（外国語）' },
  needHints: {
    hearing: '呼び出しを画面とスマートフォンの振動でお知らせします',
    sight: '呼び出しのあと、窓口まで時間をかけてお越しください',
    wheelchair: '車いすで使える窓口にご案内します',
    sign_language: '手話のできる窓口にご案内します',
    interpreter: '通訳のいる窓口にご案内します',
  },
  needsDone: '決定',
  readAloud: '読み上げ',
  readAloudOn: '読み上げをオンにしました。ボタンに触れると読み上げます。',
  reservation: '予約のある方',
  takeNumber: '番号札を取る',
  chooseFirst: '先にご用件を選んでください',
  issuing: '発券しています…',
  noServices: 'ただいま受付中の手続きはありません。係員にお声がけください。',
  connecting: '準備しています…',
  reconnecting: '再接続中…',
  problems: {
    slow_down: '少しお待ちください。さらに番号札が必要な場合は、係員にお声がけください。',
    failed: '番号札をお出しできませんでした。係員にお声がけください。',
    code_not_found: 'この予約番号は見つかりませんでした。番号をお確かめのうえ、もう一度入力してください。',
    code_not_today: 'この予約は本日のものではありません。係員にお声がけください。',
    code_used: 'この予約はすでに受付済みです。係員にお声がけください。',
  },
  reservationTitle: 'ご予約の受付',
  enterCode: '予約番号（英字・数字 4〜12 文字）を入力してください',
  scanCode: '予約のQRコードをカメラにかざしても受付できます',
  codeLabel: '予約番号',
  deleteKey: '1文字消す',
  clearKey: '全部消す',
  back: '戻る',
  checkIn: '受付する',
  checkingIn: '確認しています…',
  yourNumber: 'あなたの番号',
  stepsInOrder: 'ご用件（この順にご案内します）',
  peopleAhead: (n) => (n === 0 ? '次にお呼びします' : `あなたの前に ${n} 人お待ちです`),
  estimate: (m) => `待ち時間の目安：約 ${m} 分`,
  noEstimate: '待ち時間の目安はまだありません',
  followOnPhone: 'スマートフォンで読み取ると、順番をお知らせします',
  printing: '番号札を印刷しています…',
  printed: '番号札をお取りください',
  printFailed: '番号札を印刷できませんでした。この画面の番号を控えて、係員にお声がけください。',
  noPrinter: '番号札は出ません。番号を覚えておくか、この画面を撮影してください。',
  assistanceNoted: 'お手伝いが必要なことは係員に伝わっています。',
  needsNoted: '次の配慮が必要なことは窓口に伝わっています：',
  watchDisplay: '番号は呼出表示と音声でお呼びします。',
  mayLeave: MAY_LEAVE.ja,
  done: '閉じる',
  returningIn: (s) => `${s} 秒後に最初の画面に戻ります`,
  statusLoading: '読み込んでいます…',
  statusUnknown: 'この番号の情報は表示できません。前日以前の番号か、リンクが正しくない可能性があります。',
  statusOfficeOffline: '庁舎のシステムと一時的につながっていません。本日の番号札であれば有効です。つながり次第、この画面に表示します。',
  currentProcedure: 'ただいまの手続き',
  steps: 'ご用件',
  stepMarks: { done: '済', now: '現在', later: 'このあと', closed: '終了' },
  calledTitle: 'お呼びしています',
  goTo: (c) => `${c}へお越しください`,
  servingAt: (c) => `${c}で手続き中です`,
  keepOpen: 'このページを開いたままにしておくと、呼び出し時にお知らせします。',
  tapToVibrate: '画面を一度タップしておくと、呼び出し時にスマートフォンが振動します。',
  held: '書類のご準備などのため、順番をお預かりしています。準備ができたら係員にお声がけください。順番はそのままです。',
  noShow: 'お呼びしましたが、お見えになりませんでした。係員にお声がけください。',
  allDone: 'すべての手続きが終わりました。ご来庁ありがとうございました。',
  cancelled: 'この受付は取り消されました。お心当たりのない場合は係員にお声がけください。',
  expired: 'この番号は受付時間を過ぎたため、無効になりました。あらためて番号札をお取りください。',
  notifyTitle: '順番が近づいたらお知らせします。その間、庁舎の外でお待ちいただけます。',
  notifyAhead: (n) => `あと${n}人になったら`,
  notifyPush: 'この端末に通知',
  notifyEmail: 'メールアドレス',
  notifySms: '携帯電話番号（SMS）',
  notifyLine: 'LINEで受け取る（市の公式アカウントにメッセージを送信）',
  notifySubmit: 'お知らせを受け取る',
  notifyDone: 'お知らせします。このページは閉じても大丈夫です。',
  notifyFailed: '登録できませんでした。入力内容をご確認ください。',
  remoteCheckInBy: (time) => `${time} までに庁舎の発券機で受付してください`,
  remoteShowCode: '発券機の「予約のある方」で、このQRコードをカメラにかざすか、下のコードを入力してください。順番はそのまま保たれます。',
  remoteCodeLabel: '受付コード',
  remoteCheckedIn: '受付済みです。お呼びするまで庁舎内でお待ちください。',
  remotePostpone: '一度だけ遅らせる（30分後・列の最後へ）',
  remotePostponed: '到着期限を遅らせました。これ以上は遅らせられません。',
  remoteCancel: '行けなくなった（取り消す）',
  remoteCancelConfirm: '番号を取り消しますか？順番は次の方に回ります。',
  remoteReleased: '到着期限までに受付がなかったため、順番を取り消しました。あらためて番号をお取りください。',
  remoteFailed: 'うまくいきませんでした。もう一度お試しいただくか、窓口でお尋ねください。',
  joinTitle: 'スマートフォンで番号を取る',
  joinIntro: 'ここで番号を取り、表示される時刻までに庁舎へお越しください。待っている間も順番は進みます。',
  joinWaiting: (n, m) => `${n} 人待ち${m === null ? '' : `・約 ${m} 分`}`,
  joinTake: 'この手続きの番号を取る',
  joinNone: 'ただいまスマートフォンで番号を取れる窓口はありません。',
  joinOffline: 'この庁舎には今つながりません',
  joinRefused: {
    closed: 'この手続きは、ただいまスマートフォンでは受け付けていません。',
    full: 'スマートフォンでの受付枠がいっぱいです。しばらくしてからお試しいただくか、直接お越しください。',
    too_many: 'この接続からは、本日これ以上番号を取れません。直接お越しください。',
    offline: 'ただいま庁舎につながりません。しばらくしてからお試しください。',
    failed: '番号を取れませんでした。しばらくしてからお試しください。',
  },
  bookTitle: '来庁の予約',
  bookIntro: '庁舎・手続き・時間を選んで予約してください。当日は発券機で予約コードを読み取ると、予約の時間から優先してご案内します。',
  bookNone: 'ただいまスマートフォンで予約できる窓口はありません。',
  bookOffline: 'この庁舎には今つながりません',
  bookChooseService: '手続きを選んでください',
  bookChooseTime: '時間を選んでください',
  bookPlaces: (n) => `残り ${n}`,
  bookFull: '満員',
  bookNoSlots: 'この期間に空いている時間はありません。',
  bookLaterDays: '次の週',
  bookEarlierDays: '前の週',
  bookRemindTitle: '前日と1時間前にお知らせします（任意）',
  bookRemindNone: 'お知らせは不要',
  bookSubmit: (when) => `${when} で予約する`,
  bookYours: 'ご予約',
  bookKeepLink: 'このページをブックマークしてください。予約の確認・変更・取消はこのページからできます。',
  bookShowCode: '当日、発券機の「予約あり」を押して、このQRコードを読み取るか、下の予約コードを入力してください。',
  bookCodeLabel: '予約コード',
  bookReminded: '前日と1時間前にお知らせします。',
  bookCheckedIn: '受付済みです。呼び出しまでお待ちください。',
  bookImComing: '来庁します（予約の確認）',
  bookComing: '来庁のご連絡を受け付けました。お待ちしています。',
  bookCancelled: 'この予約は取り消されました。',
  bookChangeTime: '時間を変更する',
  bookMoveTo: (when) => `${when} に変更する`,
  bookCancel: '予約を取り消す',
  bookCancelConfirm: 'この予約を取り消しますか？ この時間は他の方が予約できるようになります。',
  bookAnother: '別の予約をする',
  bookRefused: {
    not_offered: 'この時間は予約できません。別の時間を選んでください。',
    full: 'この時間は予約でいっぱいになりました。別の時間を選んでください。',
    too_many: 'この接続からは、本日これ以上予約できません。庁舎にお電話ください。',
    offline: 'ただいま庁舎につながりません。しばらくしてからお試しください。',
    not_found: 'この予約は見つかりません。リンクをご確認ください。',
    closed: 'この予約は受付済みか取消済み、または時間を過ぎているため変更できません。',
    failed: 'うまくいきませんでした。しばらくしてからお試しください。',
  },
  pickup: {
    title: 'カード・書類の受け取り',
    intro: '交付通知書や申請時の控えにある受付番号を入力してください。お名前などは入力しません。',
    referenceLabel: '受付番号',
    check: '確認する',
    notReady: 'この受付番号のカード・書類は、まだ受け取りの準備ができていません。',
    ready: 'お受け取りの準備ができています。受け取る庁舎と日時を選んで予約してください。',
    chooseOffice: '受け取る庁舎',
    noOffice: 'いま受け取りの予約を受け付けている庁舎がありません。庁舎にお電話ください。',
    notifyTitle: '準備ができたらお知らせする',
    notifySubmit: 'お知らせを受け取る',
    notifyKept: '準備ができたらお知らせします。連絡先は一度お知らせしたら消去します。',
    refused: {
      bad_reference: '受付番号は英数字4〜20文字で入力してください。',
      too_many: 'この接続からは、本日これ以上照会できません。庁舎にお電話ください。',
      failed: 'うまくいきませんでした。しばらくしてからお試しください。',
    },
  },
  homeForms: {
    title: '申請書を自宅で記入する',
    intro:
      '手続きの申請書をここで記入して庁舎へ送ると、窓口で書く手間が省けます。入力内容はこのスマートフォンで暗号化され、選んだ庁舎だけが読めます（市のサーバーでは読めません）。',
    none: 'ただいま自宅で記入できる申請書はありません。',
    chooseProcedure: '手続きを選んでください',
    required: '必須',
    era: '元号',
    westernYear: '西暦',
    year: '年',
    month: '月',
    day: '日',
    select: '選んでください',
    addPerson: '人を追加',
    removePerson: 'この人を削除',
    person: (n) => `${n}人目`,
    memberName: '氏名',
    memberFurigana: 'フリガナ',
    memberRelationship: '続柄',
    memberBirthdate: '生年月日',
    bring: '当日お持ちいただくもの',
    fixFirst: '印のついた項目を直してから送ってください。',
    warningsNote: '注意のある項目は、窓口で職員がお伺いします。',
    send: '庁舎へ送る',
    sending: '送っています…',
    sent: '送りました。',
    codeLabel: '受付コード',
    showCode: (button) => `庁舎の発券機で「${button}」を選び、このQRコードをカメラにかざすか、下のコードを入力してください。記入した申請書が窓口に届きます。`,
    keptUntil: (date) => `${date} までにお越しください。それを過ぎると申請書は消去されます。`,
    writeDown: 'このページはコードを保存しません。画面を保存するか、コードを控えてください。',
    another: '別の申請書を記入する',
    back: '戻る',
    attachLabel: '予約コード・受付コード（お持ちの方）',
    attachHelp: 'この庁舎の予約、またはスマートフォンで取った番号のコードを入れると、申請書はその受付と一緒に窓口へ届きます。',
    attachInvalid: 'コードは 0・1・I・O を含まない英数字 4〜12 文字です',
    attachedShow: (button) => `いつもどおり、庁舎の発券機の「${button}」でこのコードを読み取らせてください。記入した申請書も一緒に窓口に届きます。`,
    refused: {
      closed: 'この庁舎はただいま申請書を受け付けていません。窓口で記入してください。',
      too_many: 'この接続から今日送れる申請書の数を超えました。窓口で記入してください。',
      failed: 'うまく送れませんでした。もう一度お試しいただくか、窓口で記入してください。',
    },
  },
};

const en: Messages = {
  languageLabel: 'Language',
  chooseServices: 'What are you here for today?',
  chooseHint: 'You may choose several. We will guide you in the order you choose.',
  otherServices: 'Other procedures',
  yourProcedures: 'Your procedures',
  suggestTitle: 'Do you also need…?',
  assistance: 'I need assistance',
  assistanceHint: 'A member of staff will help you',
  needsButton: 'I have a need',
  needsHint: 'We call you to a counter that can help',
  needsTitle: 'What do you need?',
  needNames: { hearing: 'Hard of hearing', sight: 'Low vision', wheelchair: 'Wheelchair', sign_language: 'Sign language', interpreter: 'Interpreter' },
  needHints: {
    hearing: 'Your call is shown on screen and your phone vibrates',
    sight: 'Take your time to reach the counter after the call',
    wheelchair: 'A counter you can use from a wheelchair',
    sign_language: 'A counter with sign language',
    interpreter: 'A counter with an interpreter',
  },
  needsDone: 'Done',
  readAloud: 'Read aloud',
  readAloudOn: 'Read aloud is on. Touch a button to hear it.',
  reservation: 'I have a reservation',
  takeNumber: 'Take a number',
  chooseFirst: 'Choose a procedure first',
  issuing: 'Getting your number…',
  noServices: 'No procedure is open right now. Please ask a member of staff.',
  connecting: 'Getting ready…',
  reconnecting: 'Reconnecting…',
  problems: {
    slow_down: 'Please wait a moment. If you need more tickets, please ask a member of staff.',
    failed: 'We could not give you a number. Please ask a member of staff.',
    code_not_found: 'We could not find this reservation code. Please check it and enter it again.',
    code_not_today: 'This reservation is not for today. Please ask a member of staff.',
    code_used: 'This reservation has already been checked in. Please ask a member of staff.',
  },
  reservationTitle: 'Check in for your reservation',
  enterCode: 'Enter your reservation code (4 to 12 letters and digits)',
  scanCode: 'Or hold the QR code of your reservation up to the camera',
  codeLabel: 'Reservation code',
  deleteKey: 'Delete',
  clearKey: 'Clear',
  back: 'Back',
  checkIn: 'Check in',
  checkingIn: 'Checking…',
  yourNumber: 'Your number',
  stepsInOrder: 'Your procedures, in this order',
  peopleAhead: (n) => (n === 0 ? 'You are next' : n === 1 ? '1 person ahead of you' : `${n} people ahead of you`),
  estimate: (m) => `Estimated wait: about ${m} min`,
  noEstimate: 'No wait estimate yet',
  followOnPhone: 'Scan to follow your turn on your phone',
  printing: 'Printing your ticket…',
  printed: 'Please take your ticket',
  printFailed: 'The ticket could not be printed. Please note your number (shown here) and tell a member of staff.',
  noPrinter: 'No ticket is printed here. Please remember your number, or take a photo of this screen.',
  assistanceNoted: 'The staff know that you need assistance.',
  needsNoted: 'The counters know that you need:',
  watchDisplay: 'Your number will be called on the display and announced.',
  mayLeave: MAY_LEAVE.en,
  done: 'Done',
  returningIn: (s) => `Back to the start in ${s} s`,
  statusLoading: 'Loading…',
  statusUnknown: 'This number cannot be shown. It may be from an earlier day, or the link may be wrong.',
  statusOfficeOffline:
    'The office cannot be reached from here just now. If your ticket is from today it is still valid: this page fills in as soon as the office is back.',
  currentProcedure: 'Current procedure',
  steps: 'Your procedures',
  stepMarks: { done: 'Done', now: 'Now', later: 'Next', closed: 'Closed' },
  calledTitle: 'It is your turn',
  goTo: (c) => `Please go to ${c}`,
  servingAt: (c) => `You are being served at ${c}`,
  keepOpen: 'Keep this page open: it will tell you when you are called.',
  tapToVibrate: 'Tap the screen once so that your phone can also vibrate when you are called.',
  held: 'Your turn is on hold while you get ready (a form, a document). When you are ready, please tell a member of staff. You keep your place.',
  noShow: 'We called your number but could not find you. Please speak to a member of staff.',
  allDone: 'All your procedures are finished. Thank you for visiting.',
  cancelled: 'This visit was cancelled. If you did not expect this, please ask a member of staff.',
  expired: 'This number is no longer valid because the office has closed for the day. Please take a new number.',
  notifyTitle: 'We will tell you when your turn is near, so you may wait elsewhere.',
  notifyAhead: (n) => `When ${n} are ahead of me`,
  notifyPush: 'Notify this phone',
  notifyEmail: 'Email address',
  notifySms: 'Mobile number (SMS)',
  notifyLine: "Get it on LINE (send a message to the city's account)",
  notifySubmit: 'Notify me',
  notifyDone: 'We will notify you. You may close this page.',
  notifyFailed: 'This could not be set up. Please check what you entered.',
  remoteCheckInBy: (time) => `Check in at the office's kiosk by ${time}`,
  remoteShowCode: 'At the kiosk, choose "I have a reservation", then hold this QR code to its camera or type the code below. You keep your place.',
  remoteCodeLabel: 'Check-in code',
  remoteCheckedIn: 'Checked in. Please wait in the office until you are called.',
  remotePostpone: 'Postpone once (30 minutes, to the end of the line)',
  remotePostponed: 'Postponed. It cannot be postponed again.',
  remoteCancel: "I can't come: cancel",
  remoteCancelConfirm: 'Cancel your number? Your place goes to the next person.',
  remoteReleased: 'You did not check in by the time shown, so your place was released. Please take a new number.',
  remoteFailed: 'That did not work. Please try again, or ask at the office.',
  joinTitle: 'Take a number from your phone',
  joinIntro: 'Take a number here, then come to the office by the time shown. The line moves while you are on your way.',
  joinWaiting: (n, m) => `${n} waiting${m === null ? '' : `, about ${m} min`}`,
  joinTake: 'Take a number for this',
  joinNone: 'No office takes numbers from phones just now.',
  joinOffline: 'This office cannot be reached just now',
  joinRefused: {
    closed: 'This procedure cannot be joined from a phone just now.',
    full: 'The numbers for phones are taken for now. Try again later, or come in person.',
    too_many: 'No more numbers can be taken from this connection today. Please come in person.',
    offline: 'The office cannot be reached just now. Please try again in a few minutes.',
    failed: 'A number could not be taken. Please try again in a few minutes.',
  },
  bookTitle: 'Book a visit',
  bookIntro: 'Choose an office, a procedure and a time. On the day, scan your booking code at the kiosk: you are served in turn from your booked time.',
  bookNone: 'No office takes bookings from phones just now.',
  bookOffline: 'This office cannot be reached just now',
  bookChooseService: 'Choose a procedure',
  bookChooseTime: 'Choose a time',
  bookPlaces: (n) => `${n} left`,
  bookFull: 'Full',
  bookNoSlots: 'No time is free in these days.',
  bookLaterDays: 'Next week',
  bookEarlierDays: 'Previous week',
  bookRemindTitle: 'Remind me the day before and an hour before (optional)',
  bookRemindNone: 'No reminder',
  bookSubmit: (when) => `Book ${when}`,
  bookYours: 'Your booking',
  bookKeepLink: 'Bookmark this page: you can see, change or cancel your booking here.',
  bookShowCode: 'On the day, press "I have a reservation" at the kiosk and show this QR code, or type the booking code below.',
  bookCodeLabel: 'Booking code',
  bookReminded: 'We will remind you the day before and an hour before.',
  bookCheckedIn: 'Checked in. Please wait to be called.',
  bookImComing: 'I am coming (confirm)',
  bookComing: 'Thank you: the office expects you.',
  bookCancelled: 'This booking is cancelled.',
  bookChangeTime: 'Change the time',
  bookMoveTo: (when) => `Move to ${when}`,
  bookCancel: 'Cancel the booking',
  bookCancelConfirm: 'Cancel this booking? The time becomes free for someone else.',
  bookAnother: 'Make another booking',
  bookRefused: {
    not_offered: 'This time cannot be booked. Please choose another.',
    full: 'This time has just been fully booked. Please choose another.',
    too_many: 'No more bookings can be made from this connection today. Please call the office.',
    offline: 'The office cannot be reached just now. Please try again in a few minutes.',
    not_found: 'This booking was not found. Please check the link.',
    closed: 'This booking can no longer be changed: it is checked in, cancelled, or its time has begun.',
    failed: 'That did not work. Please try again in a few minutes.',
  },
  pickup: {
    title: 'Collect your card or document',
    intro: 'Enter the reference number on your notice or on the receipt you got when you applied. No name is needed.',
    referenceLabel: 'Reference number',
    check: 'Check',
    notReady: 'The card or document with this reference number is not ready to collect yet.',
    ready: 'It is ready to collect. Choose the office and a time to collect it.',
    chooseOffice: 'Office to collect at',
    noOffice: 'No office takes bookings to collect it just now. Please call the office.',
    notifyTitle: 'Tell me when it is ready',
    notifySubmit: 'Tell me',
    notifyKept: 'We will tell you when it is ready. Your contact is erased once you are told.',
    refused: {
      bad_reference: 'Enter the reference number: 4 to 20 letters and digits.',
      too_many: 'No more look-ups from this connection today. Please call the office.',
      failed: 'Something went wrong. Please try again in a moment.',
    },
  },
  homeForms: {
    title: 'Fill in your forms at home',
    intro:
      "Fill in a procedure's form here and send it to the office: no writing at the counter. What you enter is encrypted on this phone so that only the office you choose can read it (the city's server cannot).",
    none: 'No form can be filled in at home just now.',
    chooseProcedure: 'Choose the procedure',
    required: 'required',
    era: 'Era',
    westernYear: 'Western year',
    year: 'Year',
    month: 'Month',
    day: 'Day',
    select: 'Choose',
    addPerson: 'Add a person',
    removePerson: 'Remove this person',
    person: (n) => `Person ${n}`,
    memberName: 'Full name',
    memberFurigana: 'Name in katakana',
    memberRelationship: 'Relationship',
    memberBirthdate: 'Date of birth',
    bring: 'Bring these on the day',
    fixFirst: 'Fix the items marked before sending.',
    warningsNote: 'Staff will ask you about the items with a note at the counter.',
    send: 'Send to the office',
    sending: 'Sending…',
    sent: 'Sent.',
    codeLabel: 'Check-in code',
    showCode: (button) =>
      `At the office's kiosk, choose "${button}", then hold this QR code to its camera or type the code below. Your form reaches the counter.`,
    keptUntil: (date) => `Please come by ${date}. After that, the form is deleted.`,
    writeDown: 'This page does not keep the code: take a screenshot or write it down.',
    another: 'Fill in another form',
    back: 'Back',
    attachLabel: 'Booking or check-in code (if you have one)',
    attachHelp: 'With the code of a booking at this office, or of a number taken from your phone, the form reaches the counter with that visit.',
    attachInvalid: 'A code is 4 to 12 letters and digits, without 0, 1, I or O',
    attachedShow: (button) => `Check in with this code as usual, at the office's kiosk ("${button}"). Your form reaches the counter with it.`,
    refused: {
      closed: 'This office does not take forms from home just now. Please fill it in at the office.',
      too_many: 'This connection has sent as many forms as it may today. Please fill it in at the office.',
      failed: 'That did not work. Please try again, or fill in the form at the office.',
    },
  },
};

const zh: Messages = {
  languageLabel: '语言',
  chooseServices: '请选择您要办理的业务',
  chooseHint: '可以选择多项，将按照您选择的顺序为您办理。',
  otherServices: '其他业务',
  yourProcedures: '您要办理的业务',
  suggestTitle: '您是否也需要办理以下业务？',
  assistance: '需要协助',
  assistanceHint: '工作人员会为您引导',
  needsButton: '需要特别照顾',
  needsHint: '我们会请您到能提供帮助的窗口',
  needsTitle: '您需要哪种照顾？',
  needNames: { hearing: '听力不便', sight: '视力不便', wheelchair: '轮椅', sign_language: '手语翻译', interpreter: '口译（外语）' },
  needHints: {
    hearing: '叫号会显示在屏幕上，手机也会振动',
    sight: '叫号后请慢慢前往窗口',
    wheelchair: '可使用轮椅的窗口',
    sign_language: '有手语服务的窗口',
    interpreter: '有口译人员的窗口',
  },
  needsDone: '确定',
  readAloud: '朗读',
  readAloudOn: '已开启朗读。触摸按钮即可听到内容。',
  reservation: '已预约的客人',
  takeNumber: '取号',
  chooseFirst: '请先选择要办理的业务',
  issuing: '正在取号…',
  noServices: '目前没有可以受理的业务。请咨询工作人员。',
  connecting: '正在准备…',
  reconnecting: '正在重新连接…',
  problems: {
    slow_down: '请稍候。如需更多号码票，请咨询工作人员。',
    failed: '无法为您取号。请咨询工作人员。',
    code_not_found: '找不到该预约号码。请确认后重新输入。',
    code_not_today: '该预约不是今天的。请咨询工作人员。',
    code_used: '该预约已经办理过签到。请咨询工作人员。',
  },
  reservationTitle: '预约签到',
  enterCode: '请输入预约号码（4至12位字母或数字）',
  scanCode: '也可以将预约的二维码对准摄像头',
  codeLabel: '预约号码',
  deleteKey: '删除',
  clearKey: '全部清除',
  back: '返回',
  checkIn: '签到',
  checkingIn: '正在确认…',
  yourNumber: '您的号码',
  stepsInOrder: '您的业务（按此顺序办理）',
  peopleAhead: (n) => (n === 0 ? '下一位就是您' : `您前面还有 ${n} 人`),
  estimate: (m) => `预计等候时间：约 ${m} 分钟`,
  noEstimate: '暂无预计等候时间',
  followOnPhone: '用手机扫描，随时查看叫号进度',
  printing: '正在打印号码票…',
  printed: '请取走您的号码票',
  printFailed: '号码票未能打印。请记下本画面上的号码，并告知工作人员。',
  noPrinter: '此处不打印号码票。请记住您的号码，或拍下本画面。',
  assistanceNoted: '工作人员已知道您需要协助。',
  needsNoted: '窗口已知道您需要以下照顾：',
  watchDisplay: '叫号时会在显示屏上显示并广播您的号码。',
  mayLeave: MAY_LEAVE.zh,
  done: '完成',
  returningIn: (s) => `${s} 秒后返回首页`,
  statusLoading: '正在加载…',
  statusUnknown: '无法显示该号码的信息。可能是以前的号码，或链接有误。',
  statusOfficeOffline: '暂时无法连接办事处。如果是今天的号码，仍然有效。恢复连接后此页面会自动显示。',
  currentProcedure: '当前业务',
  steps: '您的业务',
  stepMarks: { done: '已完成', now: '当前', later: '之后', closed: '已结束' },
  calledTitle: '轮到您了',
  goTo: (c) => `请到${c}`,
  servingAt: (c) => `正在${c}为您办理`,
  keepOpen: '请保持本页面打开，叫到您时会通知您。',
  tapToVibrate: '请先轻触一下屏幕，叫到您时手机也会振动提醒。',
  held: '为了让您准备资料（填写表格等），您的顺序已被保留。准备好后请告知工作人员，顺序不变。',
  noShow: '已叫到您的号码，但没有找到您。请与工作人员联系。',
  allDone: '您的所有业务均已办理完毕。感谢您的光临。',
  cancelled: '此次受理已被取消。如有疑问，请咨询工作人员。',
  expired: '今天的受理时间已结束，该号码已失效。请重新取号。',
  notifyTitle: '快轮到您时我们会通知您，您可以在别处等候。',
  notifyAhead: (n) => `前面还有${n}人时`,
  notifyPush: '通知此设备',
  notifyEmail: '电子邮箱',
  notifySms: '手机号码（短信）',
  notifyLine: '通过LINE接收（向市政府官方账号发送消息）',
  notifySubmit: '接收通知',
  notifyDone: '我们会通知您。您可以关闭此页面。',
  notifyFailed: '无法设置，请检查输入的内容。',
  remoteCheckInBy: (time) => `请在 ${time} 前到办事处的取号机办理报到`,
  remoteShowCode: '在取号机选择"有预约的人"，将此二维码对准摄像头，或输入下面的代码。您的顺序将保留。',
  remoteCodeLabel: '报到代码',
  remoteCheckedIn: '已报到。请在办事处内等候叫号。',
  remotePostpone: '延后一次（30分钟，排到队尾）',
  remotePostponed: '已延后，不能再次延后。',
  remoteCancel: '去不了了（取消）',
  remoteCancelConfirm: '要取消您的号码吗？您的顺序将让给下一位。',
  remoteReleased: '您未在规定时间前报到，顺序已取消。请重新取号。',
  remoteFailed: '操作未成功。请重试，或到窗口咨询。',
  joinTitle: '用手机取号',
  joinIntro: '在这里取号后，请在显示的时间前到办事处。您在路上时队伍也在前进。',
  joinWaiting: (n, m) => `${n}人等候${m === null ? '' : `・约${m}分钟`}`,
  joinTake: '为此手续取号',
  joinNone: '目前没有可用手机取号的办事处。',
  joinOffline: '目前无法连接此办事处',
  joinRefused: {
    closed: '此手续目前不能用手机取号。',
    full: '手机取号名额已满。请稍后再试，或直接前来。',
    too_many: '今天此连接不能再取号。请直接前来。',
    offline: '目前无法连接办事处。请稍后再试。',
    failed: '未能取号。请稍后再试。',
  },
  bookTitle: '预约办理',
  bookIntro: '请选择办事处、手续和时间。当天在取号机扫描预约码，将从预约时间起优先为您办理。',
  bookNone: '目前没有可用手机预约的办事处。',
  bookOffline: '目前无法连接此办事处',
  bookChooseService: '请选择手续',
  bookChooseTime: '请选择时间',
  bookPlaces: (n) => `剩余${n}个`,
  bookFull: '已满',
  bookNoSlots: '这几天没有空余时间。',
  bookLaterDays: '下一周',
  bookEarlierDays: '上一周',
  bookRemindTitle: '前一天和一小时前提醒我（可选）',
  bookRemindNone: '不需要提醒',
  bookSubmit: (when) => `预约 ${when}`,
  bookYours: '您的预约',
  bookKeepLink: '请收藏此页面：可在此查看、更改或取消预约。',
  bookShowCode: '当天请在取号机按"我有预约"，出示此二维码，或输入下面的预约码。',
  bookCodeLabel: '预约码',
  bookReminded: '我们会在前一天和一小时前提醒您。',
  bookCheckedIn: '已签到。请等候叫号。',
  bookImComing: '我会按时前来（确认预约）',
  bookComing: '已确认，窗口等候您的到来。',
  bookCancelled: '此预约已取消。',
  bookChangeTime: '更改时间',
  bookMoveTo: (when) => `改为 ${when}`,
  bookCancel: '取消预约',
  bookCancelConfirm: '要取消此预约吗？此时间将开放给其他人预约。',
  bookAnother: '再预约一个',
  bookRefused: {
    not_offered: '此时间无法预约。请选择其他时间。',
    full: '此时间刚刚约满。请选择其他时间。',
    too_many: '今天此连接无法再预约。请致电办事处。',
    offline: '目前无法连接办事处。请几分钟后再试。',
    not_found: '找不到此预约。请检查链接。',
    closed: '此预约已签到、已取消或时间已到，无法更改。',
    failed: '操作未成功。请几分钟后再试。',
  },
  pickup: {
    title: '领取卡片或证件',
    intro: '请输入通知书或申请时收据上的受理编号。无需输入姓名。',
    referenceLabel: '受理编号',
    check: '查询',
    notReady: '此受理编号的卡片或证件尚未准备好领取。',
    ready: '已可以领取。请选择领取的办事处和时间并预约。',
    chooseOffice: '领取的办事处',
    noOffice: '目前没有办事处接受领取预约。请致电办事处。',
    notifyTitle: '准备好后通知我',
    notifySubmit: '接收通知',
    notifyKept: '准备好后会通知您。通知一次后即删除您的联系方式。',
    refused: {
      bad_reference: '请输入受理编号：4至20位字母和数字。',
      too_many: '此连接今天无法再查询。请致电办事处。',
      failed: '操作未成功。请稍后再试。',
    },
  },
  homeForms: {
    title: '在家填写申请表',
    intro: '在这里填写手续的申请表并发送到办公处，到窗口就不用再填写。您输入的内容在这部手机上加密，只有您选择的办公处才能读取（市政府的服务器无法读取）。',
    none: '目前没有可以在家填写的申请表。',
    chooseProcedure: '请选择手续',
    required: '必填',
    era: '年号',
    westernYear: '公历',
    year: '年',
    month: '月',
    day: '日',
    select: '请选择',
    addPerson: '添加人员',
    removePerson: '删除此人',
    person: (n) => `第${n}人`,
    memberName: '姓名',
    memberFurigana: '片假名读音',
    memberRelationship: '关系',
    memberBirthdate: '出生日期',
    bring: '当天请携带',
    fixFirst: '请先修改标记的项目再发送。',
    warningsNote: '有提示的项目，窗口工作人员会向您询问。',
    send: '发送到办公处',
    sending: '正在发送…',
    sent: '已发送。',
    codeLabel: '受理码',
    showCode: (button) => `在办公处的取号机上选择"${button}"，然后将此二维码对准摄像头，或输入下面的受理码。您填写的申请表会送到窗口。`,
    keptUntil: (date) => `请在 ${date} 之前前来。过期后申请表将被删除。`,
    writeDown: '本页面不保存受理码：请截图或记下受理码。',
    another: '填写其他申请表',
    back: '返回',
    attachLabel: '预约码或受理码（如有）',
    attachHelp: '输入在该办公处的预约码，或用手机取号时的受理码，申请表会随该受理一起送到窗口。',
    attachInvalid: '受理码为4到12位字母和数字，不含0、1、I、O',
    attachedShow: (button) => `请照常在办公处取号机的"${button}"使用此码受理。您填写的申请表会一起送到窗口。`,
    refused: {
      closed: '该办公处目前不接受在家填写的申请表。请到窗口填写。',
      too_many: '此连接今天发送的申请表已达上限。请到窗口填写。',
      failed: '发送失败。请重试，或到窗口填写。',
    },
  },
};

const ko: Messages = {
  languageLabel: '언어',
  chooseServices: '용무를 선택해 주십시오',
  chooseHint: '여러 개를 선택할 수 있습니다. 선택한 순서대로 안내해 드립니다.',
  otherServices: '기타 업무',
  yourProcedures: '선택한 업무',
  suggestTitle: '이 업무도 함께 필요하지 않으십니까?',
  assistance: '도움이 필요합니다',
  assistanceHint: '직원이 안내해 드립니다',
  needsButton: '배려가 필요합니다',
  needsHint: '도와드릴 수 있는 창구로 안내합니다',
  needsTitle: '어떤 배려가 필요하십니까?',
  needNames: { hearing: '청각 장애', sight: '시각 장애', wheelchair: '휠체어', sign_language: '수어 통역', interpreter: '통역(외국어)' },
  needHints: {
    hearing: '호출을 화면과 휴대폰 진동으로 알려 드립니다',
    sight: '호출 후 천천히 창구로 오십시오',
    wheelchair: '휠체어로 이용할 수 있는 창구',
    sign_language: '수어가 가능한 창구',
    interpreter: '통역이 있는 창구',
  },
  needsDone: '확인',
  readAloud: '음성 안내',
  readAloudOn: '음성 안내를 켰습니다. 버튼을 누르면 읽어 드립니다.',
  reservation: '예약하신 분',
  takeNumber: '번호표 받기',
  chooseFirst: '먼저 용무를 선택해 주십시오',
  issuing: '번호표를 발행하고 있습니다…',
  noServices: '지금은 접수 중인 업무가 없습니다. 직원에게 문의해 주십시오.',
  connecting: '준비하고 있습니다…',
  reconnecting: '다시 연결 중…',
  problems: {
    slow_down: '잠시 기다려 주십시오. 번호표가 더 필요하시면 직원에게 문의해 주십시오.',
    failed: '번호표를 발행하지 못했습니다. 직원에게 문의해 주십시오.',
    code_not_found: '이 예약 번호를 찾을 수 없습니다. 번호를 확인하고 다시 입력해 주십시오.',
    code_not_today: '오늘 예약이 아닙니다. 직원에게 문의해 주십시오.',
    code_used: '이미 접수된 예약입니다. 직원에게 문의해 주십시오.',
  },
  reservationTitle: '예약 접수',
  enterCode: '예약 번호(영문자·숫자 4~12자)를 입력해 주십시오',
  scanCode: '예약 QR 코드를 카메라에 비춰도 접수할 수 있습니다',
  codeLabel: '예약 번호',
  deleteKey: '한 글자 지우기',
  clearKey: '모두 지우기',
  back: '돌아가기',
  checkIn: '접수하기',
  checkingIn: '확인하고 있습니다…',
  yourNumber: '고객님의 번호',
  stepsInOrder: '선택한 업무(이 순서로 안내합니다)',
  peopleAhead: (n) => (n === 0 ? '다음 순서입니다' : `앞에 ${n}명이 기다리고 있습니다`),
  estimate: (m) => `예상 대기 시간: 약 ${m}분`,
  noEstimate: '아직 예상 대기 시간이 없습니다',
  followOnPhone: '휴대폰으로 스캔하면 순서를 알려 드립니다',
  printing: '번호표를 인쇄하고 있습니다…',
  printed: '번호표를 받아 가십시오',
  printFailed: '번호표를 인쇄하지 못했습니다. 화면의 번호를 적어 두시고 직원에게 알려 주십시오.',
  noPrinter: '이곳에서는 번호표가 나오지 않습니다. 번호를 기억하시거나 이 화면을 사진으로 찍어 두십시오.',
  assistanceNoted: '도움이 필요하시다는 것을 직원이 알고 있습니다.',
  needsNoted: '창구에서 다음 배려가 필요하시다는 것을 알고 있습니다:',
  watchDisplay: '번호는 호출 화면과 음성으로 알려 드립니다.',
  mayLeave: MAY_LEAVE.ko,
  done: '닫기',
  returningIn: (s) => `${s}초 후 첫 화면으로 돌아갑니다`,
  statusLoading: '불러오는 중…',
  statusUnknown: '이 번호의 정보를 표시할 수 없습니다. 이전 날짜의 번호이거나 링크가 잘못되었을 수 있습니다.',
  statusOfficeOffline: '지금은 청사와 연결되지 않습니다. 오늘 받은 번호표라면 유효합니다. 연결되는 대로 이 화면에 표시됩니다.',
  currentProcedure: '현재 업무',
  steps: '선택한 업무',
  stepMarks: { done: '완료', now: '현재', later: '다음', closed: '종료' },
  calledTitle: '고객님 차례입니다',
  goTo: (c) => `${c}${koreanTo(c)} 와 주십시오`,
  servingAt: (c) => `${c}에서 업무를 보고 있습니다`,
  keepOpen: '이 페이지를 열어 두시면 호출될 때 알려 드립니다.',
  tapToVibrate: '화면을 한 번 눌러 두시면 호출될 때 휴대폰이 진동으로도 알려 드립니다.',
  held: '서류 준비 등을 위해 순서를 보류해 두었습니다. 준비가 되시면 직원에게 말씀해 주십시오. 순서는 그대로 유지됩니다.',
  noShow: '번호를 호출했지만 오시지 않았습니다. 직원에게 문의해 주십시오.',
  allDone: '모든 업무가 끝났습니다. 방문해 주셔서 감사합니다.',
  cancelled: '이 접수는 취소되었습니다. 짐작 가는 바가 없으시면 직원에게 문의해 주십시오.',
  expired: '오늘 접수 시간이 끝나 이 번호는 더 이상 유효하지 않습니다. 번호표를 새로 받아 주십시오.',
  notifyTitle: '차례가 가까워지면 알려 드립니다. 다른 곳에서 기다리셔도 됩니다.',
  notifyAhead: (n) => `앞에 ${n}명 남았을 때`,
  notifyPush: '이 기기로 알림',
  notifyEmail: '이메일 주소',
  notifySms: '휴대전화 번호(SMS)',
  notifyLine: 'LINE으로 받기(시 공식 계정에 메시지 보내기)',
  notifySubmit: '알림 받기',
  notifyDone: '알려 드리겠습니다. 이 페이지를 닫으셔도 됩니다.',
  notifyFailed: '설정하지 못했습니다. 입력한 내용을 확인해 주십시오.',
  remoteCheckInBy: (time) => `${time}까지 청사 발권기에서 접수해 주십시오`,
  remoteShowCode: '발권기에서 "예약하신 분"을 누르고 이 QR 코드를 카메라에 비추거나 아래 코드를 입력하십시오. 순서는 그대로 유지됩니다.',
  remoteCodeLabel: '접수 코드',
  remoteCheckedIn: '접수되었습니다. 호출될 때까지 청사 안에서 기다려 주십시오.',
  remotePostpone: '한 번만 미루기(30분, 줄의 맨 뒤로)',
  remotePostponed: '미루었습니다. 더 이상 미룰 수 없습니다.',
  remoteCancel: '갈 수 없게 됨(취소)',
  remoteCancelConfirm: '번호를 취소하시겠습니까? 순서는 다음 분께 넘어갑니다.',
  remoteReleased: '도착 기한까지 접수하지 않아 순서가 취소되었습니다. 번호를 다시 받아 주십시오.',
  remoteFailed: '처리하지 못했습니다. 다시 시도하시거나 창구에 문의해 주십시오.',
  joinTitle: '휴대전화로 번호 받기',
  joinIntro: '여기서 번호를 받고 표시된 시각까지 청사로 오십시오. 오시는 동안에도 순서는 진행됩니다.',
  joinWaiting: (n, m) => `${n}명 대기${m === null ? '' : `・약 ${m}분`}`,
  joinTake: '이 업무의 번호 받기',
  joinNone: '지금은 휴대전화로 번호를 받을 수 있는 청사가 없습니다.',
  joinOffline: '지금은 이 청사에 연결할 수 없습니다',
  joinRefused: {
    closed: '이 업무는 지금 휴대전화로 접수하지 않습니다.',
    full: '휴대전화 접수 인원이 찼습니다. 잠시 후 다시 시도하시거나 직접 방문해 주십시오.',
    too_many: '오늘은 이 연결에서 더 이상 번호를 받을 수 없습니다. 직접 방문해 주십시오.',
    offline: '지금은 청사에 연결할 수 없습니다. 잠시 후 다시 시도해 주십시오.',
    failed: '번호를 받지 못했습니다. 잠시 후 다시 시도해 주십시오.',
  },
  bookTitle: '방문 예약',
  bookIntro: '청사, 업무, 시간을 선택해 예약하십시오. 당일 발권기에서 예약 코드를 읽히면 예약 시간부터 우선 안내해 드립니다.',
  bookNone: '지금은 휴대전화로 예약할 수 있는 청사가 없습니다.',
  bookOffline: '지금은 이 청사에 연결할 수 없습니다',
  bookChooseService: '업무를 선택하십시오',
  bookChooseTime: '시간을 선택하십시오',
  bookPlaces: (n) => `${n}자리 남음`,
  bookFull: '마감',
  bookNoSlots: '이 기간에는 빈 시간이 없습니다.',
  bookLaterDays: '다음 주',
  bookEarlierDays: '이전 주',
  bookRemindTitle: '전날과 1시간 전에 알림 받기 (선택)',
  bookRemindNone: '알림 필요 없음',
  bookSubmit: (when) => `${when} 예약하기`,
  bookYours: '예약 내용',
  bookKeepLink: '이 페이지를 북마크하십시오. 여기에서 예약을 확인, 변경, 취소할 수 있습니다.',
  bookShowCode: '당일 발권기에서 "예약이 있습니다"를 누르고 이 QR 코드를 보여 주거나 아래 예약 코드를 입력하십시오.',
  bookCodeLabel: '예약 코드',
  bookReminded: '전날과 1시간 전에 알려 드립니다.',
  bookCheckedIn: '접수되었습니다. 호출될 때까지 기다려 주십시오.',
  bookImComing: '방문하겠습니다 (예약 확인)',
  bookComing: '확인되었습니다. 방문을 기다리겠습니다.',
  bookCancelled: '이 예약은 취소되었습니다.',
  bookChangeTime: '시간 변경',
  bookMoveTo: (when) => `${when}(으)로 변경`,
  bookCancel: '예약 취소',
  bookCancelConfirm: '이 예약을 취소하시겠습니까? 이 시간은 다른 분이 예약할 수 있게 됩니다.',
  bookAnother: '다른 예약하기',
  bookRefused: {
    not_offered: '이 시간은 예약할 수 없습니다. 다른 시간을 선택하십시오.',
    full: '이 시간은 방금 예약이 마감되었습니다. 다른 시간을 선택하십시오.',
    too_many: '오늘은 이 연결에서 더 이상 예약할 수 없습니다. 청사에 전화해 주십시오.',
    offline: '지금은 청사에 연결할 수 없습니다. 몇 분 후에 다시 시도하십시오.',
    not_found: '이 예약을 찾을 수 없습니다. 링크를 확인하십시오.',
    closed: '이 예약은 접수 또는 취소되었거나 시간이 시작되어 변경할 수 없습니다.',
    failed: '처리되지 않았습니다. 몇 분 후에 다시 시도하십시오.',
  },
  pickup: {
    title: '카드·서류 수령',
    intro: '교부 통지서나 신청 시 받은 접수증에 있는 접수 번호를 입력하세요. 이름은 입력하지 않습니다.',
    referenceLabel: '접수 번호',
    check: '확인하기',
    notReady: '이 접수 번호의 카드·서류는 아직 수령 준비가 되지 않았습니다.',
    ready: '수령 준비가 되었습니다. 수령할 청사와 시간을 선택해 예약하세요.',
    chooseOffice: '수령할 청사',
    noOffice: '지금은 수령 예약을 받는 청사가 없습니다. 청사에 전화해 주세요.',
    notifyTitle: '준비되면 알림 받기',
    notifySubmit: '알림 받기',
    notifyKept: '준비되면 알려 드립니다. 연락처는 한 번 알린 후 삭제합니다.',
    refused: {
      bad_reference: '접수 번호를 입력하세요: 영문자와 숫자 4~20자.',
      too_many: '이 연결에서는 오늘 더 이상 조회할 수 없습니다. 청사에 전화해 주세요.',
      failed: '처리하지 못했습니다. 잠시 후 다시 시도해 주세요.',
    },
  },
  homeForms: {
    title: '신청서를 집에서 작성하기',
    intro:
      '여기에서 절차의 신청서를 작성해 청사로 보내면 창구에서 쓸 필요가 없습니다. 입력한 내용은 이 스마트폰에서 암호화되어, 선택한 청사만 읽을 수 있습니다(시의 서버는 읽을 수 없습니다).',
    none: '지금은 집에서 작성할 수 있는 신청서가 없습니다.',
    chooseProcedure: '절차를 선택하세요',
    required: '필수',
    era: '연호',
    westernYear: '서기',
    year: '년',
    month: '월',
    day: '일',
    select: '선택하세요',
    addPerson: '사람 추가',
    removePerson: '이 사람 삭제',
    person: (n) => `${n}번째 사람`,
    memberName: '성명',
    memberFurigana: '가타카나 이름',
    memberRelationship: '관계',
    memberBirthdate: '생년월일',
    bring: '당일 가져오실 것',
    fixFirst: '표시된 항목을 고친 후 보내 주세요.',
    warningsNote: '주의가 있는 항목은 창구에서 직원이 여쭙겠습니다.',
    send: '청사로 보내기',
    sending: '보내는 중…',
    sent: '보냈습니다.',
    codeLabel: '접수 코드',
    showCode: (button) => `청사의 발권기에서 "${button}"을 선택하고, 이 QR 코드를 카메라에 비추거나 아래 코드를 입력하세요. 작성한 신청서가 창구에 전달됩니다.`,
    keptUntil: (date) => `${date}까지 방문해 주세요. 그 후에는 신청서가 삭제됩니다.`,
    writeDown: '이 페이지는 코드를 저장하지 않습니다. 화면을 캡처하거나 코드를 적어 두세요.',
    another: '다른 신청서 작성하기',
    back: '뒤로',
    attachLabel: '예약 코드 또는 접수 코드(있는 경우)',
    attachHelp: '이 청사의 예약 코드나 스마트폰으로 받은 번호의 코드를 입력하면, 신청서가 그 접수와 함께 창구에 전달됩니다.',
    attachInvalid: '코드는 0, 1, I, O를 제외한 영문·숫자 4~12자입니다',
    attachedShow: (button) => `평소처럼 청사 발권기의 "${button}"에서 이 코드로 접수하세요. 작성한 신청서도 함께 창구에 전달됩니다.`,
    refused: {
      closed: '이 청사는 지금 집에서 작성한 신청서를 받지 않습니다. 창구에서 작성해 주세요.',
      too_many: '이 연결에서 오늘 보낼 수 있는 신청서 수를 넘었습니다. 창구에서 작성해 주세요.',
      failed: '보내지 못했습니다. 다시 시도하시거나 창구에서 작성해 주세요.',
    },
  },
};

const vi: Messages = {
  languageLabel: 'Ngôn ngữ',
  chooseServices: 'Vui lòng chọn thủ tục bạn cần làm',
  chooseHint: 'Bạn có thể chọn nhiều thủ tục. Chúng tôi sẽ hướng dẫn theo thứ tự bạn chọn.',
  otherServices: 'Thủ tục khác',
  yourProcedures: 'Thủ tục của bạn',
  suggestTitle: 'Bạn có cần làm thêm thủ tục này không?',
  assistance: 'Tôi cần hỗ trợ',
  assistanceHint: 'Nhân viên sẽ hướng dẫn bạn',
  needsButton: 'Tôi cần hỗ trợ đặc biệt',
  needsHint: 'Chúng tôi sẽ mời bạn đến quầy có thể giúp',
  needsTitle: 'Bạn cần hỗ trợ gì?',
  needNames: { hearing: 'Khiếm thính', sight: 'Khiếm thị', wheelchair: 'Xe lăn', sign_language: 'Ngôn ngữ ký hiệu', interpreter: 'Phiên dịch' },
  needHints: {
    hearing: 'Lượt gọi hiện trên màn hình và điện thoại sẽ rung',
    sight: 'Sau khi được gọi, bạn cứ từ từ đến quầy',
    wheelchair: 'Quầy dùng được với xe lăn',
    sign_language: 'Quầy có ngôn ngữ ký hiệu',
    interpreter: 'Quầy có phiên dịch',
  },
  needsDone: 'Xong',
  readAloud: 'Đọc to',
  readAloudOn: 'Đã bật đọc to. Chạm vào nút để nghe.',
  reservation: 'Tôi đã đặt lịch hẹn',
  takeNumber: 'Lấy số',
  chooseFirst: 'Vui lòng chọn thủ tục trước',
  issuing: 'Đang lấy số…',
  noServices: 'Hiện chưa có thủ tục nào đang tiếp nhận. Vui lòng hỏi nhân viên.',
  connecting: 'Đang chuẩn bị…',
  reconnecting: 'Đang kết nối lại…',
  problems: {
    slow_down: 'Vui lòng chờ một chút. Nếu cần thêm phiếu số, vui lòng hỏi nhân viên.',
    failed: 'Không thể cấp số cho bạn. Vui lòng hỏi nhân viên.',
    code_not_found: 'Không tìm thấy mã đặt lịch này. Vui lòng kiểm tra và nhập lại.',
    code_not_today: 'Lịch hẹn này không phải của hôm nay. Vui lòng hỏi nhân viên.',
    code_used: 'Lịch hẹn này đã được tiếp nhận rồi. Vui lòng hỏi nhân viên.',
  },
  reservationTitle: 'Tiếp nhận lịch hẹn',
  enterCode: 'Vui lòng nhập mã đặt lịch (4 đến 12 chữ cái và chữ số)',
  scanCode: 'Hoặc đưa mã QR của lịch hẹn trước camera',
  codeLabel: 'Mã đặt lịch',
  deleteKey: 'Xóa một ký tự',
  clearKey: 'Xóa hết',
  back: 'Quay lại',
  checkIn: 'Tiếp nhận',
  checkingIn: 'Đang kiểm tra…',
  yourNumber: 'Số của bạn',
  stepsInOrder: 'Thủ tục của bạn, theo thứ tự này',
  peopleAhead: (n) => (n === 0 ? 'Bạn là người tiếp theo' : `Có ${n} người đang chờ trước bạn`),
  estimate: (m) => `Thời gian chờ dự kiến: khoảng ${m} phút`,
  noEstimate: 'Chưa có thời gian chờ dự kiến',
  followOnPhone: 'Quét mã bằng điện thoại để theo dõi lượt của bạn',
  printing: 'Đang in phiếu số…',
  printed: 'Vui lòng lấy phiếu số của bạn',
  printFailed: 'Không in được phiếu số. Vui lòng ghi lại số của bạn (hiển thị ở đây) và báo cho nhân viên.',
  noPrinter: 'Ở đây không in phiếu số. Vui lòng ghi nhớ số của bạn hoặc chụp ảnh màn hình này.',
  assistanceNoted: 'Nhân viên đã biết bạn cần hỗ trợ.',
  needsNoted: 'Các quầy đã biết bạn cần:',
  watchDisplay: 'Số của bạn sẽ được gọi trên màn hình và loa.',
  mayLeave: MAY_LEAVE.vi,
  done: 'Xong',
  returningIn: (s) => `Quay lại màn hình đầu sau ${s} giây`,
  statusLoading: 'Đang tải…',
  statusUnknown: 'Không thể hiển thị số này. Có thể đây là số của ngày trước, hoặc đường liên kết không đúng.',
  statusOfficeOffline: 'Hiện không kết nối được với cơ quan. Nếu số của bạn là của hôm nay thì vẫn còn hiệu lực: trang này sẽ hiển thị ngay khi kết nối lại.',
  currentProcedure: 'Thủ tục hiện tại',
  steps: 'Thủ tục của bạn',
  stepMarks: { done: 'Xong', now: 'Hiện tại', later: 'Tiếp theo', closed: 'Đã kết thúc' },
  calledTitle: 'Đã đến lượt bạn',
  goTo: (c) => `Xin mời đến ${c}`,
  servingAt: (c) => `Bạn đang được phục vụ tại ${c}`,
  keepOpen: 'Hãy để trang này mở: trang sẽ báo khi số của bạn được gọi.',
  tapToVibrate: 'Hãy chạm vào màn hình một lần để điện thoại cũng rung khi bạn được gọi.',
  held: 'Lượt của bạn đang được giữ lại trong lúc bạn chuẩn bị (điền đơn, giấy tờ). Khi sẵn sàng, vui lòng báo cho nhân viên. Bạn vẫn giữ nguyên thứ tự.',
  noShow: 'Chúng tôi đã gọi số của bạn nhưng không thấy bạn. Vui lòng liên hệ nhân viên.',
  allDone: 'Tất cả thủ tục của bạn đã hoàn tất. Cảm ơn bạn đã đến.',
  cancelled: 'Lượt tiếp nhận này đã bị hủy. Nếu bạn không rõ lý do, vui lòng hỏi nhân viên.',
  expired: 'Số này không còn hiệu lực vì hôm nay đã hết giờ tiếp nhận. Vui lòng lấy số mới.',
  notifyTitle: 'Chúng tôi sẽ báo khi sắp đến lượt, bạn có thể chờ ở nơi khác.',
  notifyAhead: (n) => `Khi còn ${n} người trước tôi`,
  notifyPush: 'Thông báo trên điện thoại này',
  notifyEmail: 'Địa chỉ email',
  notifySms: 'Số điện thoại di động (SMS)',
  notifyLine: 'Nhận qua LINE (gửi tin nhắn đến tài khoản của thành phố)',
  notifySubmit: 'Nhận thông báo',
  notifyDone: 'Chúng tôi sẽ thông báo cho bạn. Bạn có thể đóng trang này.',
  notifyFailed: 'Không thể thiết lập. Vui lòng kiểm tra thông tin đã nhập.',
  remoteCheckInBy: (time) => `Hãy làm thủ tục đến tại máy lấy số trước ${time}`,
  remoteShowCode: 'Tại máy lấy số, chọn "Người đã đặt hẹn", rồi đưa mã QR này vào camera hoặc nhập mã bên dưới. Bạn vẫn giữ lượt của mình.',
  remoteCodeLabel: 'Mã làm thủ tục đến',
  remoteCheckedIn: 'Đã làm thủ tục đến. Vui lòng chờ trong cơ quan cho đến khi được gọi.',
  remotePostpone: 'Hoãn một lần (30 phút, xuống cuối hàng)',
  remotePostponed: 'Đã hoãn. Không thể hoãn thêm.',
  remoteCancel: 'Tôi không đến được: hủy',
  remoteCancelConfirm: 'Hủy số của bạn? Lượt của bạn sẽ chuyển cho người tiếp theo.',
  remoteReleased: 'Bạn chưa làm thủ tục đến trước giờ đã ghi nên lượt đã bị hủy. Vui lòng lấy số mới.',
  remoteFailed: 'Không thực hiện được. Vui lòng thử lại hoặc hỏi tại quầy.',
  joinTitle: 'Lấy số bằng điện thoại',
  joinIntro: 'Lấy số tại đây, rồi đến cơ quan trước giờ đã ghi. Hàng vẫn tiến lên trong khi bạn đang đến.',
  joinWaiting: (n, m) => `${n} người chờ${m === null ? '' : `, khoảng ${m} phút`}`,
  joinTake: 'Lấy số cho thủ tục này',
  joinNone: 'Hiện không có cơ quan nào nhận lấy số bằng điện thoại.',
  joinOffline: 'Hiện không kết nối được với cơ quan này',
  joinRefused: {
    closed: 'Thủ tục này hiện không nhận lấy số bằng điện thoại.',
    full: 'Số dành cho điện thoại đã hết. Vui lòng thử lại sau hoặc đến trực tiếp.',
    too_many: 'Hôm nay không thể lấy thêm số từ kết nối này. Vui lòng đến trực tiếp.',
    offline: 'Hiện không kết nối được với cơ quan. Vui lòng thử lại sau ít phút.',
    failed: 'Không lấy được số. Vui lòng thử lại sau ít phút.',
  },
  bookTitle: 'Đặt lịch đến cơ quan',
  bookIntro: 'Chọn cơ quan, thủ tục và giờ. Vào ngày hẹn, quét mã đặt lịch tại máy lấy số: bạn được phục vụ theo lượt từ giờ đã đặt.',
  bookNone: 'Hiện không có cơ quan nào nhận đặt lịch bằng điện thoại.',
  bookOffline: 'Hiện không kết nối được với cơ quan này',
  bookChooseService: 'Chọn thủ tục',
  bookChooseTime: 'Chọn giờ',
  bookPlaces: (n) => `còn ${n} chỗ`,
  bookFull: 'Đã đầy',
  bookNoSlots: 'Không còn giờ trống trong những ngày này.',
  bookLaterDays: 'Tuần sau',
  bookEarlierDays: 'Tuần trước',
  bookRemindTitle: 'Nhắc tôi trước một ngày và trước một giờ (không bắt buộc)',
  bookRemindNone: 'Không cần nhắc',
  bookSubmit: (when) => `Đặt lịch ${when}`,
  bookYours: 'Lịch hẹn của bạn',
  bookKeepLink: 'Hãy lưu trang này: bạn có thể xem, đổi hoặc hủy lịch hẹn tại đây.',
  bookShowCode: 'Vào ngày hẹn, nhấn "Tôi có đặt lịch" tại máy lấy số và đưa mã QR này, hoặc nhập mã đặt lịch bên dưới.',
  bookCodeLabel: 'Mã đặt lịch',
  bookReminded: 'Chúng tôi sẽ nhắc bạn trước một ngày và trước một giờ.',
  bookCheckedIn: 'Đã xác nhận có mặt. Vui lòng chờ được gọi.',
  bookImComing: 'Tôi sẽ đến (xác nhận)',
  bookComing: 'Cảm ơn: văn phòng đang chờ bạn.',
  bookCancelled: 'Lịch hẹn này đã bị hủy.',
  bookChangeTime: 'Đổi giờ',
  bookMoveTo: (when) => `Đổi sang ${when}`,
  bookCancel: 'Hủy lịch hẹn',
  bookCancelConfirm: 'Hủy lịch hẹn này? Giờ này sẽ dành cho người khác.',
  bookAnother: 'Đặt lịch khác',
  bookRefused: {
    not_offered: 'Không thể đặt giờ này. Vui lòng chọn giờ khác.',
    full: 'Giờ này vừa hết chỗ. Vui lòng chọn giờ khác.',
    too_many: 'Hôm nay kết nối này không thể đặt thêm lịch. Vui lòng gọi điện cho cơ quan.',
    offline: 'Hiện không kết nối được với cơ quan. Vui lòng thử lại sau vài phút.',
    not_found: 'Không tìm thấy lịch hẹn này. Vui lòng kiểm tra đường link.',
    closed: 'Lịch hẹn này không thể thay đổi: đã xác nhận có mặt, đã hủy hoặc đã đến giờ.',
    failed: 'Không thực hiện được. Vui lòng thử lại sau vài phút.',
  },
  pickup: {
    title: 'Nhận thẻ hoặc giấy tờ',
    intro: 'Nhập số tiếp nhận trên giấy thông báo hoặc trên biên nhận khi nộp đơn. Không cần nhập tên.',
    referenceLabel: 'Số tiếp nhận',
    check: 'Kiểm tra',
    notReady: 'Thẻ hoặc giấy tờ có số tiếp nhận này chưa sẵn sàng để nhận.',
    ready: 'Đã sẵn sàng để nhận. Hãy chọn cơ quan và thời gian để đặt lịch nhận.',
    chooseOffice: 'Cơ quan nhận',
    noOffice: 'Hiện không có cơ quan nào nhận đặt lịch nhận. Vui lòng gọi điện cho cơ quan.',
    notifyTitle: 'Báo cho tôi khi sẵn sàng',
    notifySubmit: 'Nhận thông báo',
    notifyKept: 'Chúng tôi sẽ báo khi sẵn sàng. Thông tin liên lạc sẽ bị xóa sau khi báo.',
    refused: {
      bad_reference: 'Hãy nhập số tiếp nhận: 4 đến 20 chữ cái và chữ số.',
      too_many: 'Kết nối này không thể tra cứu thêm hôm nay. Vui lòng gọi điện cho cơ quan.',
      failed: 'Đã có lỗi. Vui lòng thử lại sau.',
    },
  },
  homeForms: {
    title: 'Điền đơn tại nhà',
    intro:
      'Điền đơn của thủ tục tại đây và gửi đến văn phòng: không phải viết tại quầy. Nội dung bạn nhập được mã hóa trên điện thoại này để chỉ văn phòng bạn chọn mới đọc được (máy chủ của thành phố không đọc được).',
    none: 'Hiện chưa có đơn nào có thể điền tại nhà.',
    chooseProcedure: 'Chọn thủ tục',
    required: 'bắt buộc',
    era: 'Niên hiệu',
    westernYear: 'Năm dương lịch',
    year: 'Năm',
    month: 'Tháng',
    day: 'Ngày',
    select: 'Chọn',
    addPerson: 'Thêm người',
    removePerson: 'Xóa người này',
    person: (n) => `Người thứ ${n}`,
    memberName: 'Họ tên',
    memberFurigana: 'Tên bằng katakana',
    memberRelationship: 'Quan hệ',
    memberBirthdate: 'Ngày sinh',
    bring: 'Hãy mang theo vào ngày đến',
    fixFirst: 'Hãy sửa các mục được đánh dấu trước khi gửi.',
    warningsNote: 'Nhân viên sẽ hỏi bạn về các mục có ghi chú tại quầy.',
    send: 'Gửi đến văn phòng',
    sending: 'Đang gửi…',
    sent: 'Đã gửi.',
    codeLabel: 'Mã tiếp nhận',
    showCode: (button) => `Tại máy phát số của văn phòng, chọn "${button}", rồi đưa mã QR này vào camera hoặc nhập mã bên dưới. Đơn của bạn sẽ đến quầy.`,
    keptUntil: (date) => `Hãy đến trước ${date}. Sau đó đơn sẽ bị xóa.`,
    writeDown: 'Trang này không lưu mã: hãy chụp màn hình hoặc ghi lại mã.',
    another: 'Điền đơn khác',
    back: 'Quay lại',
    attachLabel: 'Mã đặt hẹn hoặc mã tiếp nhận (nếu có)',
    attachHelp: 'Nhập mã đặt hẹn tại văn phòng này, hoặc mã của số đã lấy bằng điện thoại: đơn sẽ đến quầy cùng lượt đó.',
    attachInvalid: 'Mã gồm 4 đến 12 chữ cái và chữ số, không có 0, 1, I hoặc O',
    attachedShow: (button) => `Hãy tiếp nhận bằng mã này như thường lệ tại máy phát số ("${button}"). Đơn của bạn sẽ đến quầy cùng lượt đó.`,
    refused: {
      closed: 'Văn phòng này hiện không nhận đơn điền tại nhà. Vui lòng điền tại văn phòng.',
      too_many: 'Kết nối này đã gửi đủ số đơn được phép hôm nay. Vui lòng điền tại văn phòng.',
      failed: 'Không gửi được. Vui lòng thử lại, hoặc điền đơn tại văn phòng.',
    },
  },
};

const pt: Messages = {
  languageLabel: 'Idioma',
  chooseServices: 'Escolha o que você veio fazer',
  chooseHint: 'Você pode escolher vários. Vamos atendê-lo na ordem em que escolher.',
  otherServices: 'Outros procedimentos',
  yourProcedures: 'Seus procedimentos',
  suggestTitle: 'Você também precisa de…?',
  assistance: 'Preciso de ajuda',
  assistanceHint: 'Um funcionário vai ajudar você',
  needsButton: 'Tenho uma necessidade',
  needsHint: 'Chamamos você a um guichê que pode ajudar',
  needsTitle: 'Do que você precisa?',
  needNames: {
    hearing: 'Deficiência auditiva',
    sight: 'Deficiência visual',
    wheelchair: 'Cadeira de rodas',
    sign_language: 'Língua de sinais',
    interpreter: 'Intérprete',
  },
  needHints: {
    hearing: 'A chamada aparece na tela e o celular vibra',
    sight: 'Depois da chamada, vá ao guichê com calma',
    wheelchair: 'Um guichê acessível para cadeira de rodas',
    sign_language: 'Um guichê com língua de sinais',
    interpreter: 'Um guichê com intérprete',
  },
  needsDone: 'Pronto',
  readAloud: 'Ler em voz alta',
  readAloudOn: 'Leitura em voz alta ativada. Toque num botão para ouvi-lo.',
  reservation: 'Tenho um agendamento',
  takeNumber: 'Retirar senha',
  chooseFirst: 'Escolha um procedimento primeiro',
  issuing: 'Emitindo sua senha…',
  noServices: 'Nenhum procedimento está aberto agora. Por favor, fale com um funcionário.',
  connecting: 'Preparando…',
  reconnecting: 'Reconectando…',
  problems: {
    slow_down: 'Aguarde um momento, por favor. Se precisar de mais senhas, fale com um funcionário.',
    failed: 'Não foi possível emitir sua senha. Por favor, fale com um funcionário.',
    code_not_found: 'Não encontramos este código de agendamento. Confira e digite novamente.',
    code_not_today: 'Este agendamento não é para hoje. Por favor, fale com um funcionário.',
    code_used: 'Este agendamento já foi confirmado. Por favor, fale com um funcionário.',
  },
  reservationTitle: 'Confirmar seu agendamento',
  enterCode: 'Digite o código do agendamento (4 a 12 letras e números)',
  scanCode: 'Ou mostre o código QR do agendamento para a câmera',
  codeLabel: 'Código do agendamento',
  deleteKey: 'Apagar',
  clearKey: 'Limpar',
  back: 'Voltar',
  checkIn: 'Confirmar',
  checkingIn: 'Verificando…',
  yourNumber: 'Sua senha',
  stepsInOrder: 'Seus procedimentos, nesta ordem',
  peopleAhead: (n) => (n === 0 ? 'Você é o próximo' : n === 1 ? '1 pessoa na sua frente' : `${n} pessoas na sua frente`),
  estimate: (m) => `Espera estimada: cerca de ${m} min`,
  noEstimate: 'Ainda não há estimativa de espera',
  followOnPhone: 'Leia com o celular para acompanhar a sua vez',
  printing: 'Imprimindo sua senha…',
  printed: 'Retire sua senha impressa',
  printFailed: 'Não foi possível imprimir a senha. Anote o seu número (mostrado aqui) e avise um funcionário.',
  noPrinter: 'Aqui a senha não é impressa. Guarde o seu número ou tire uma foto desta tela.',
  assistanceNoted: 'Os funcionários sabem que você precisa de ajuda.',
  needsNoted: 'Os guichês sabem que você precisa de:',
  watchDisplay: 'O seu número será chamado no painel e pelo alto-falante.',
  mayLeave: MAY_LEAVE.pt,
  done: 'Concluir',
  returningIn: (s) => `Volta para o início em ${s} s`,
  statusLoading: 'Carregando…',
  statusUnknown: 'Não é possível mostrar este número. Ele pode ser de outro dia, ou o link pode estar errado.',
  statusOfficeOffline:
    'Não é possível conectar à repartição agora. Se a sua senha é de hoje, ela continua válida: esta página mostra tudo assim que a conexão voltar.',
  currentProcedure: 'Procedimento atual',
  steps: 'Seus procedimentos',
  stepMarks: { done: 'Concluído', now: 'Agora', later: 'Depois', closed: 'Encerrado' },
  calledTitle: 'Chegou a sua vez',
  goTo: (c) => `Por favor, dirija-se ao ${c}`,
  servingAt: (c) => `Você está sendo atendido no ${c}`,
  keepOpen: 'Deixe esta página aberta: ela vai avisar quando você for chamado.',
  tapToVibrate: 'Toque na tela uma vez para que o celular também vibre quando você for chamado.',
  held: 'Sua vez está reservada enquanto você se prepara (um formulário, um documento). Quando estiver pronto, avise um funcionário. Você não perde o seu lugar.',
  noShow: 'Chamamos o seu número, mas não encontramos você. Por favor, fale com um funcionário.',
  allDone: 'Todos os seus procedimentos foram concluídos. Obrigado pela visita.',
  cancelled: 'Este atendimento foi cancelado. Se não esperava isso, fale com um funcionário.',
  expired: 'Este número não é mais válido porque o atendimento de hoje terminou. Por favor, retire uma nova senha.',
  notifyTitle: 'Avisaremos quando sua vez estiver próxima; você pode esperar em outro lugar.',
  notifyAhead: (n) => `Quando houver ${n} pessoas à minha frente`,
  notifyPush: 'Notificar este celular',
  notifyEmail: 'E-mail',
  notifySms: 'Celular (SMS)',
  notifyLine: 'Receber pelo LINE (enviar uma mensagem à conta da prefeitura)',
  notifySubmit: 'Quero ser avisado',
  notifyDone: 'Vamos avisar você. Pode fechar esta página.',
  notifyFailed: 'Não foi possível configurar. Verifique o que você digitou.',
  remoteCheckInBy: (time) => `Faça o check-in no totem da repartição até ${time}`,
  remoteShowCode: 'No totem, escolha "Tenho reserva" e aproxime este QR code da câmera ou digite o código abaixo. Você mantém o seu lugar.',
  remoteCodeLabel: 'Código de check-in',
  remoteCheckedIn: 'Check-in feito. Aguarde na repartição até ser chamado.',
  remotePostpone: 'Adiar uma vez (30 minutos, para o fim da fila)',
  remotePostponed: 'Adiado. Não é possível adiar de novo.',
  remoteCancel: 'Não posso ir: cancelar',
  remoteCancelConfirm: 'Cancelar a sua senha? O seu lugar passa para a próxima pessoa.',
  remoteReleased: 'O check-in não foi feito até o horário indicado, e o seu lugar foi liberado. Retire uma nova senha.',
  remoteFailed: 'Não deu certo. Tente de novo ou pergunte no balcão.',
  joinTitle: 'Retire a senha pelo celular',
  joinIntro: 'Retire a senha aqui e venha à repartição até o horário indicado. A fila anda enquanto você está a caminho.',
  joinWaiting: (n, m) => `${n} aguardando${m === null ? '' : `, cerca de ${m} min`}`,
  joinTake: 'Retirar senha para isto',
  joinNone: 'Nenhuma repartição aceita senhas pelo celular no momento.',
  joinOffline: 'Não é possível conectar a esta repartição agora',
  joinRefused: {
    closed: 'Este procedimento não aceita senhas pelo celular no momento.',
    full: 'As senhas para celular acabaram por ora. Tente mais tarde ou venha pessoalmente.',
    too_many: 'Não é possível retirar mais senhas desta conexão hoje. Venha pessoalmente.',
    offline: 'Não é possível conectar à repartição agora. Tente de novo em alguns minutos.',
    failed: 'Não foi possível retirar a senha. Tente de novo em alguns minutos.',
  },
  bookTitle: 'Agendar uma visita',
  bookIntro:
    'Escolha a repartição, o procedimento e o horário. No dia, leia o código do agendamento no totem: você é atendido na vez a partir do horário agendado.',
  bookNone: 'Nenhuma repartição aceita agendamentos pelo celular no momento.',
  bookOffline: 'Não é possível conectar a esta repartição agora',
  bookChooseService: 'Escolha o procedimento',
  bookChooseTime: 'Escolha o horário',
  bookPlaces: (n) => `${n} vaga(s)`,
  bookFull: 'Lotado',
  bookNoSlots: 'Nenhum horário livre nestes dias.',
  bookLaterDays: 'Próxima semana',
  bookEarlierDays: 'Semana anterior',
  bookRemindTitle: 'Lembrar-me na véspera e uma hora antes (opcional)',
  bookRemindNone: 'Sem lembrete',
  bookSubmit: (when) => `Agendar ${when}`,
  bookYours: 'Seu agendamento',
  bookKeepLink: 'Salve esta página nos favoritos: aqui você vê, muda ou cancela o agendamento.',
  bookShowCode: 'No dia, toque em "Tenho reserva" no totem e mostre este QR code, ou digite o código abaixo.',
  bookCodeLabel: 'Código do agendamento',
  bookReminded: 'Vamos lembrar você na véspera e uma hora antes.',
  bookCheckedIn: 'Check-in feito. Aguarde até ser chamado.',
  bookImComing: 'Vou comparecer (confirmar)',
  bookComing: 'Obrigado: o balcão aguarda a sua visita.',
  bookCancelled: 'Este agendamento foi cancelado.',
  bookChangeTime: 'Mudar o horário',
  bookMoveTo: (when) => `Mudar para ${when}`,
  bookCancel: 'Cancelar o agendamento',
  bookCancelConfirm: 'Cancelar este agendamento? O horário fica livre para outra pessoa.',
  bookAnother: 'Fazer outro agendamento',
  bookRefused: {
    not_offered: 'Este horário não pode ser agendado. Escolha outro.',
    full: 'Este horário acabou de lotar. Escolha outro.',
    too_many: 'Não é possível fazer mais agendamentos desta conexão hoje. Ligue para a repartição.',
    offline: 'Não é possível conectar à repartição agora. Tente de novo em alguns minutos.',
    not_found: 'Este agendamento não foi encontrado. Verifique o link.',
    closed: 'Este agendamento não pode mais ser mudado: já fez check-in, foi cancelado ou o horário já começou.',
    failed: 'Não deu certo. Tente de novo em alguns minutos.',
  },
  pickup: {
    title: 'Retirar seu cartão ou documento',
    intro: 'Digite o número de referência do aviso ou do comprovante que recebeu ao fazer o pedido. Não é preciso nome.',
    referenceLabel: 'Número de referência',
    check: 'Verificar',
    notReady: 'O cartão ou documento com este número ainda não está pronto para retirada.',
    ready: 'Está pronto para retirada. Escolha a repartição e um horário para retirá-lo.',
    chooseOffice: 'Repartição para retirar',
    noOffice: 'Nenhuma repartição aceita agendamentos de retirada agora. Ligue para a repartição.',
    notifyTitle: 'Avise-me quando estiver pronto',
    notifySubmit: 'Quero ser avisado',
    notifyKept: 'Avisaremos quando estiver pronto. Seu contato é apagado depois do aviso.',
    refused: {
      bad_reference: 'Digite o número de referência: 4 a 20 letras e números.',
      too_many: 'Não é possível consultar mais hoje desta conexão. Ligue para a repartição.',
      failed: 'Algo deu errado. Tente novamente em instantes.',
    },
  },
  homeForms: {
    title: 'Preencha seus formulários em casa',
    intro:
      'Preencha aqui o formulário do procedimento e envie-o à repartição: nada para escrever no guichê. O que você digita é criptografado neste celular para que só a repartição escolhida possa lê-lo (o servidor da prefeitura não pode).',
    none: 'No momento não há formulários para preencher em casa.',
    chooseProcedure: 'Escolha o procedimento',
    required: 'obrigatório',
    era: 'Era',
    westernYear: 'Ano ocidental',
    year: 'Ano',
    month: 'Mês',
    day: 'Dia',
    select: 'Escolha',
    addPerson: 'Adicionar pessoa',
    removePerson: 'Remover esta pessoa',
    person: (n) => `Pessoa ${n}`,
    memberName: 'Nome completo',
    memberFurigana: 'Nome em katakana',
    memberRelationship: 'Parentesco',
    memberBirthdate: 'Data de nascimento',
    bring: 'Traga no dia',
    fixFirst: 'Corrija os itens marcados antes de enviar.',
    warningsNote: 'No guichê, os funcionários perguntarão sobre os itens com observação.',
    send: 'Enviar à repartição',
    sending: 'Enviando…',
    sent: 'Enviado.',
    codeLabel: 'Código de atendimento',
    showCode: (button) =>
      `No totem da repartição, escolha "${button}" e aproxime este QR code da câmera ou digite o código abaixo. Seu formulário chega ao guichê.`,
    keptUntil: (date) => `Venha até ${date}. Depois disso, o formulário é apagado.`,
    writeDown: 'Esta página não guarda o código: faça uma captura de tela ou anote-o.',
    another: 'Preencher outro formulário',
    back: 'Voltar',
    attachLabel: 'Código da reserva ou de atendimento (se tiver)',
    attachHelp: 'Com o código de uma reserva nesta repartição, ou de uma senha tirada pelo celular, o formulário chega ao guichê com esse atendimento.',
    attachInvalid: 'O código tem de 4 a 12 letras e números, sem 0, 1, I ou O',
    attachedShow: (button) => `Faça o check-in com este código como de costume, no totem da repartição ("${button}"). Seu formulário chega ao guichê junto.`,
    refused: {
      closed: 'Esta repartição não está recebendo formulários de casa no momento. Preencha-o na repartição.',
      too_many: 'Esta conexão já enviou o máximo de formulários permitido hoje. Preencha-o na repartição.',
      failed: 'Não deu certo. Tente de novo ou preencha o formulário na repartição.',
    },
  },
};

export const messages: Record<Lang, Messages> = { ja, en, zh, ko, vi, pt };

/** What the kiosk says when it cannot connect: no resident has chosen a language, so it is Japanese with English. */
export const deviceNotices = {
  ja: {
    cannotConnect: 'この発券機は接続できません。係員にお声がけください。',
  },
  en: {
    cannotConnect: 'This kiosk cannot connect. Please ask a member of staff.',
  },
};

export const isLang = (value: string): value is Lang => (LANGUAGES as readonly string[]).includes(value);

/** An office text in a language, else in English (the office's texts always have it), with the language it is in. */
export function localized(text: LocalizedText, lang: Lang): { text: string; lang: Lang } {
  const own = text[lang];
  if (own) return { text: own, lang };
  return { text: text.en, lang: 'en' };
}

/** The first of the phone's languages the page speaks; English for a visitor whose language it does not. */
export function preferredLanguage(phoneLanguages: readonly string[]): Lang {
  for (const tag of phoneLanguages) {
    const primary = tag.toLowerCase().split('-')[0] ?? '';
    if (isLang(primary)) return primary;
  }
  return 'en';
}

/** Whole minutes, rounded up so that an estimate is never optimistic. */
export function minutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
