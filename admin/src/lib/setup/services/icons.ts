/**
 * The procedure icons the kiosk draws (kiosk/src/lib/icons/icons.ts, `serviceIcons`), with what they picture.
 * The kiosk shows a plain mark for any other name, so the admin picks from this list rather than typing one.
 * Keep it in step with the kiosk's list.
 */
export const kioskIcons = [
  { name: 'file-text', label: '書類 / Document' },
  { name: 'landmark', label: '庁舎 / Public building' },
  { name: 'stamp', label: '印鑑 / Seal' },
  { name: 'id-card', label: 'カード / ID card' },
  { name: 'house', label: '住まい / Home' },
  { name: 'truck', label: '引越し / Moving' },
  { name: 'baby', label: '子ども / Baby' },
  { name: 'users', label: '家族 / Family' },
  { name: 'heart-pulse', label: '健康・保険 / Health' },
  { name: 'receipt', label: '税・料金 / Receipt' },
  { name: 'key-round', label: '鍵・暗証番号 / Key' },
  { name: 'map-pin', label: '場所 / Place' },
  { name: 'help-circle', label: 'その他・相談 / Help' },
] as const;
