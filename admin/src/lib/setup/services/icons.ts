import type { ServiceIconName } from '$shared/icons';

/**
 * What each of the kiosk's procedure icons pictures. Typed by the kiosk's own list, so an icon added there
 * without a label here does not compile. The kiosk shows a plain mark for any other name, so the admin picks from
 * this list rather than typing one.
 */
const labels: Record<ServiceIconName, string> = {
  'file-text': '書類 / Document',
  landmark: '庁舎 / Public building',
  stamp: '印鑑 / Seal',
  'id-card': 'カード / ID card',
  house: '住まい / Home',
  truck: '引越し / Moving',
  baby: '子ども / Baby',
  users: '家族 / Family',
  'heart-pulse': '健康・保険 / Health',
  receipt: '税・料金 / Receipt',
  'key-round': '鍵・暗証番号 / Key',
  'map-pin': '場所 / Place',
  'help-circle': 'その他・相談 / Help',
};

export const kioskIcons = Object.entries(labels).map(([name, label]) => ({ name, label }));
