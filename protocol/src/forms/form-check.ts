/**
 * The form checks and Japanese dates, importable without zod (`@junban/protocol/form-check`): the guide's tablet,
 * the office and a resident's phone at home run this one code.
 */
export { checkForm, normalizeFurigana, normalizePhone, normalizePostal } from './check.js';
export { checkJapaneseDate, ERA_NAMES, formatJapaneseDate, fromIsoDate, toIsoDate, type DateCheck, type DateProblem } from './japanese-date.js';
export { fromBase64Url, openHomeForm, sealHomeForm, toBase64Url, type SealedHomeForm } from './home-seal.js';
