/**
 * A sign-in session's browser as a person names it ("Chrome on Android", "Safari on iPhone"), from
 * its User-Agent header; undefined when neither the browser nor the system is known. The first
 * match wins, so the more specific comes first (Edge says Chrome too, Android says Linux, an iPhone
 * says Mac OS X).
 */
const BROWSERS: Array<[RegExp, string]> = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser/, 'Samsung Internet'],
  [/Firefox\/|FxiOS/, 'Firefox'],
  [/Chrome\/|CriOS/, 'Chrome'],
  [/Safari/, 'Safari'],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'Mac'],
  [/Linux/, 'Linux'],
];

const first = (ua: string, names: Array<[RegExp, string]>) => names.find(([pattern]) => pattern.test(ua))?.[1];

export function browserName(userAgent: string): string | undefined {
  const browser = first(userAgent, BROWSERS);
  const system = first(userAgent, SYSTEMS);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system;
}
