/**
 * Which Korean particle "to" takes after a counter's name: 로 after a vowel or ㄹ, 으로 after any other final
 * consonant (a digit is read in Sino-Korean); `unknown` for a name that ends in neither (the catalogue then writes
 * "(으)로"). The catalogue's Korean messages select on it (`counterTo=ro` / `counterTo=euro`).
 */
export function koreanTo(name: string): 'ro' | 'euro' | 'unknown' {
  const last = name.trim().slice(-1);
  const code = last.charCodeAt(0) - 0xac00;
  if (code >= 0 && code < 11172) {
    const final = code % 28;
    return final === 0 || final === 8 ? 'ro' : 'euro'; // no final consonant, or ㄹ
  }
  if (/\d/.test(last)) return '036'.includes(last) ? 'euro' : 'ro'; // 영, 삼, 육 end in a consonant other than ㄹ
  return 'unknown';
}
