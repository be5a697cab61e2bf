/**
 * Every word a resident sees or hears on the wall display and the congestion page, in one place.
 * Japanese is always shown; the other languages are what a display can be set to as its second language.
 */
import type { LocalizedText, OpeningNow } from '@junban/protocol/screens';
import { koreanTo } from '$shared/korean';

export const LANGS = ['ja', 'en', 'zh', 'ko', 'vi', 'pt'] as const;
export type Lang = (typeof LANGS)[number];

/** BCP 47 tags for `lang` attributes, speech and number formats. */
const LOCALE: Record<Lang, string> = { ja: 'ja-JP', en: 'en-US', zh: 'zh-CN', ko: 'ko-KR', vi: 'vi-VN', pt: 'pt-BR' };

interface Labels {
  nowCalling: string;
  previousCalls: string;
  noCalls: string;
  /** Calls were made, but nobody is at a counter right now. */
  noneNow: string;
  connecting: string;
  reconnecting: string;
  waitingTitle: string;
  service: string;
  waiting: string;
  estimate: string;
  /** People waiting, e.g. "3人". */
  people: (n: number) => string;
  /** Estimated wait: null while no counter serves the queue, 0 for "soon". */
  minutes: (m: number | null) => string;
  nowServing: string;
  updated: (time: string) => string;
  enableSound: string;
  enableSoundHint: string;
  /** The office is closed: a closed day, not yet open, or closed for the day. */
  closedToday: string;
  opensAt: (time: string) => string;
  closedForToday: string;
  hours: (open: string, close: string) => string;
  /** In the waiting list's estimate column while the office is closed. */
  closedShort: string;
  cannotConnect: string;
  congestionTitle: string;
  congestionUnavailable: string;
  /** Shown while the office takes numbers outside its hours and days, so nobody mistakes a trial for service. */
  openForTrying: string;
  /** Beside a call whose resident may not hear it (the hearing need): they are called on screen. */
  calledOnScreen: string;
  /** The spoken call: "Number A12, please come to Counter 3." */
  announce: (number: string, counter: string) => string;
}

const minutesWith = (soon: string, unit: (m: number) => string) => (m: number | null) => (m === null ? '—' : m === 0 ? soon : unit(m));

export const labels: Record<Lang, Labels> = {
  ja: {
    nowCalling: 'お呼び出し中',
    previousCalls: 'これまでの呼び出し',
    noCalls: 'お呼び出しはまだありません',
    noneNow: 'ただいまお呼び出し中の番号はありません',
    connecting: '接続中…',
    reconnecting: '再接続中…',
    waitingTitle: '待ち状況',
    service: '手続き',
    waiting: '待ち人数',
    estimate: '待ち時間の目安',
    people: (n) => `${n}人`,
    minutes: minutesWith('すぐ', (m) => `約${m}分`),
    nowServing: '呼び出し中の番号',
    updated: (t) => `${t} 更新`,
    enableSound: '音声を有効にする',
    enableSoundHint: '設置時に一度だけ押してください。この端末では次回から不要です。',
    closedToday: '本日は閉庁日です',
    opensAt: (t) => `受付開始は ${t} です`,
    closedForToday: '本日の受付は終了しました',
    hours: (o, c) => `受付時間 ${o}〜${c}`,
    closedShort: '受付時間外',
    cannotConnect: 'この端末は接続できません。',
    congestionTitle: '窓口の混雑状況',
    congestionUnavailable: '混雑状況を取得できません。しばらくしてから再度お試しください。',
    openForTrying: 'お試し運転中',
    calledOnScreen: '画面でお呼び出し',
    announce: (n, c) => `受付番号 ${n} 番の方、${c}へお越しください。`,
  },
  en: {
    nowCalling: 'Now calling',
    previousCalls: 'Previous calls',
    noCalls: 'No calls yet',
    noneNow: 'No one is being called right now',
    connecting: 'Connecting…',
    reconnecting: 'Reconnecting…',
    waitingTitle: 'Waiting',
    service: 'Service',
    waiting: 'Waiting',
    estimate: 'Est. wait',
    people: (n) => (n === 1 ? '1 person' : `${n} people`),
    minutes: minutesWith('Soon', (m) => `~${m} min`),
    nowServing: 'Now serving',
    updated: (t) => `Updated ${t}`,
    enableSound: 'Enable sound',
    enableSoundHint: 'Press once when installing; this device will remember it.',
    closedToday: 'Closed today',
    opensAt: (t) => `Opens at ${t}`,
    closedForToday: 'Closed for today',
    hours: (o, c) => `Hours ${o}–${c}`,
    closedShort: 'Closed',
    cannotConnect: 'This display cannot connect.',
    congestionTitle: 'How busy the counters are',
    congestionUnavailable: 'The waiting times are not available right now. Please try again later.',
    openForTrying: 'Open for trying',
    calledOnScreen: 'Called on screen',
    announce: (n, c) => `Number ${n}, please come to ${c}.`,
  },
  zh: {
    nowCalling: '正在叫号',
    previousCalls: '之前的叫号',
    noCalls: '暂无叫号',
    noneNow: '目前没有叫号',
    connecting: '正在连接…',
    reconnecting: '正在重新连接…',
    waitingTitle: '等候情况',
    service: '业务',
    waiting: '等候人数',
    estimate: '预计等候',
    people: (n) => `${n}人`,
    minutes: minutesWith('即将', (m) => `约${m}分钟`),
    nowServing: '当前号码',
    updated: (t) => `${t} 更新`,
    enableSound: '启用声音',
    enableSoundHint: '安装时按一次即可，本设备会记住此设置。',
    closedToday: '今日不办公',
    opensAt: (t) => `${t} 开始受理`,
    closedForToday: '今日受理已结束',
    hours: (o, c) => `受理时间 ${o}–${c}`,
    closedShort: '非受理时间',
    cannotConnect: '此显示屏无法连接。',
    congestionTitle: '窗口拥挤情况',
    congestionUnavailable: '暂时无法获取等候信息，请稍后再试。',
    openForTrying: '试运行中',
    calledOnScreen: '屏幕叫号',
    announce: (n, c) => `请 ${n} 号到${c}。`,
  },
  ko: {
    nowCalling: '호출 중',
    previousCalls: '이전 호출',
    noCalls: '아직 호출이 없습니다',
    noneNow: '지금 호출 중인 번호가 없습니다',
    connecting: '연결 중…',
    reconnecting: '다시 연결 중…',
    waitingTitle: '대기 현황',
    service: '업무',
    waiting: '대기 인원',
    estimate: '예상 대기',
    people: (n) => `${n}명`,
    minutes: minutesWith('곧', (m) => `약 ${m}분`),
    nowServing: '호출 번호',
    updated: (t) => `${t} 업데이트`,
    enableSound: '소리 켜기',
    enableSoundHint: '설치할 때 한 번만 누르십시오. 이 기기가 기억합니다.',
    closedToday: '오늘은 휴무일입니다',
    opensAt: (t) => `${t}부터 접수합니다`,
    closedForToday: '오늘 접수는 종료되었습니다',
    hours: (o, c) => `접수 시간 ${o}–${c}`,
    closedShort: '접수 시간 외',
    cannotConnect: '이 디스플레이는 연결할 수 없습니다.',
    congestionTitle: '창구 혼잡 현황',
    congestionUnavailable: '지금은 대기 정보를 불러올 수 없습니다. 잠시 후 다시 시도해 주십시오.',
    openForTrying: '시험 운영 중',
    calledOnScreen: '화면으로 호출',
    announce: (n, c) => `${n}번 고객님, ${c}${koreanTo(c)} 와 주십시오.`,
  },
  vi: {
    nowCalling: 'Đang gọi',
    previousCalls: 'Đã gọi trước đó',
    noCalls: 'Chưa có số nào được gọi',
    noneNow: 'Hiện không có số nào đang được gọi',
    connecting: 'Đang kết nối…',
    reconnecting: 'Đang kết nối lại…',
    waitingTitle: 'Tình hình chờ',
    service: 'Thủ tục',
    waiting: 'Số người chờ',
    estimate: 'Thời gian chờ',
    people: (n) => `${n} người`,
    minutes: minutesWith('Sắp tới', (m) => `khoảng ${m} phút`),
    nowServing: 'Số đang gọi',
    updated: (t) => `Cập nhật lúc ${t}`,
    enableSound: 'Bật âm thanh',
    enableSoundHint: 'Nhấn một lần khi lắp đặt; thiết bị này sẽ ghi nhớ.',
    closedToday: 'Hôm nay nghỉ',
    opensAt: (t) => `Bắt đầu tiếp nhận lúc ${t}`,
    closedForToday: 'Đã hết giờ tiếp nhận hôm nay',
    hours: (o, c) => `Giờ tiếp nhận ${o}–${c}`,
    closedShort: 'Ngoài giờ',
    cannotConnect: 'Màn hình này không thể kết nối.',
    congestionTitle: 'Tình hình đông đúc tại quầy',
    congestionUnavailable: 'Hiện không lấy được thông tin chờ. Vui lòng thử lại sau.',
    openForTrying: 'Đang chạy thử',
    calledOnScreen: 'Gọi trên màn hình',
    announce: (n, c) => `Xin mời số ${n} đến ${c}.`,
  },
  pt: {
    nowCalling: 'Chamando agora',
    previousCalls: 'Chamadas anteriores',
    noCalls: 'Nenhuma chamada ainda',
    noneNow: 'Nenhuma senha sendo chamada agora',
    connecting: 'Conectando…',
    reconnecting: 'Reconectando…',
    waitingTitle: 'Espera',
    service: 'Serviço',
    waiting: 'Pessoas esperando',
    estimate: 'Espera estimada',
    people: (n) => (n === 1 ? '1 pessoa' : `${n} pessoas`),
    minutes: minutesWith('Em breve', (m) => `cerca de ${m} min`),
    nowServing: 'Senha chamada',
    updated: (t) => `Atualizado às ${t}`,
    enableSound: 'Ativar som',
    enableSoundHint: 'Pressione uma vez na instalação; este aparelho vai lembrar.',
    closedToday: 'Fechado hoje',
    opensAt: (t) => `Abre às ${t}`,
    closedForToday: 'Atendimento encerrado por hoje',
    hours: (o, c) => `Horário ${o}–${c}`,
    closedShort: 'Fechado',
    cannotConnect: 'Esta tela não consegue se conectar.',
    congestionTitle: 'Movimento nos guichês',
    congestionUnavailable: 'As informações de espera não estão disponíveis agora. Tente novamente mais tarde.',
    openForTrying: 'Em modo de teste',
    calledOnScreen: 'Chamada na tela',
    announce: (n, c) => `Senha ${n}, por favor, compareça ao ${c}.`,
  },
};

export const isLang = (lang: string): lang is Lang => (LANGS as readonly string[]).includes(lang);

export const localeOf = (lang: string): string => (isLang(lang) ? LOCALE[lang] : lang);

/** The catalogue for a language; one the catalogue lacks falls back to English. */
export const t = (lang: string): Labels => labels[isLang(lang) ? lang : 'en'];

/** A name from the office's configuration in a language, else in English (always present). */
export const nameIn = (text: LocalizedText, lang: string): string => text[lang] ?? text.en;

/** "08:30" as a resident reads it: "8:30". */
const clockTime = (hhmm: string) => hhmm.replace(/^0(?=\d:)/, '');

/**
 * What a public screen says while the office is closed, in one language: the headline and, after it, the hours or
 * the reason for a closed day. Null while the office is open.
 */
export function closedNotice(opening: OpeningNow, lang: string): { headline: string; detail: string } | null {
  if (opening.open) return null;
  const L = t(lang);
  const hours = L.hours(clockTime(opening.hours.open), clockTime(opening.hours.close));
  const why = opening.closedBecause;
  if (opening.closed === 'closed_day') {
    // A closure's reason is written by the office, in its own words; a weekly day off needs none.
    const reason = why?.kind === 'closure' ? why.reason : why?.kind === 'holiday' ? (lang === 'ja' ? why.name.ja : why.name.en) : null;
    return { headline: L.closedToday, detail: reason ?? hours };
  }
  if (opening.closed === 'before_hours') return { headline: L.opensAt(clockTime(opening.hours.open)), detail: hours };
  return { headline: L.closedForToday, detail: hours };
}
