/** Korean picks 로 or 으로 after a counter's name by its last sound (a digit is read in Sino-Korean). */
export function koreanTo(name: string): string {
  const last = name.trim().slice(-1);
  const code = last.charCodeAt(0) - 0xac00;
  if (code >= 0 && code < 11172) {
    const final = code % 28;
    return final === 0 || final === 8 ? '로' : '으로'; // no final consonant, or ㄹ
  }
  if (/\d/.test(last)) return '036'.includes(last) ? '으로' : '로'; // 영, 삼, 육 end in a consonant other than ㄹ
  return '(으)로';
}
