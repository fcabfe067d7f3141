/** `urlencode` (urllib.parse.quote / quote_plus over UTF-8) and `urlize` (jinja2.utils.urlize). */
import { escapeHtml, escapeText, pyStr } from './py.js';

const SAFE = /[A-Za-z0-9_.\-~]/;

export function urlQuote(v: unknown, forQuery: boolean): string {
  const bytes = new TextEncoder().encode(pyStr(v));
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b < 0x80 && (SAFE.test(ch) || (!forQuery && ch === '/'))) out += ch;
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return forQuery ? out.replace(/%20/g, '+') : out;
}

const HTTP_RE = /^((https?:\/\/|www\.)(([\w%-]+\.)+)?([a-z]{2,63}|xn--[\w%]{2,59})|([\w%-]{2,63}\.)+(com|net|int|edu|gov|org|info|mil)|(https?:\/\/)((([\d]{1,3})(\.[\d]{1,3}){3})|(\[([\da-f]{0,4}:){2}([\da-f]{0,4}:?){1,6}\])))(?::[\d]{1,5})?(?:[/?#]\S*)?$/iu;
const EMAIL_RE = /^\S+@\w[\w.-]*\.\w+$/u;

export function urlize(text: unknown, trimLimit: number | null, rel: string | null, target: string | null, extraSchemes: string[]): string {
  const trim = (x: string) => (trimLimit !== null && [...x].length > trimLimit ? `${[...x].slice(0, trimLimit).join('')}...` : x);
  // markupsafe.escape(): a Markup is already escaped.
  const words = escapeText(text).split(/(\s+)/u);
  const relAttr = rel ? ` rel="${escapeHtml(rel)}"` : '';
  const targetAttr = target ? ` target="${escapeHtml(target)}"` : '';
  return words
    .map((word) => {
      let head = '';
      let middle = word;
      let tail = '';
      const lead = /^([(<]|&lt;)+/.exec(middle);
      if (lead) {
        head = lead[0];
        middle = middle.slice(lead[0].length);
      }
      if (/[)>.,\n]$|&gt;$/.test(middle)) {
        const m = /([)>.,\n]|&gt;)+$/.exec(middle);
        if (m) {
          tail = m[0];
          middle = middle.slice(0, m.index);
        }
      }
      for (const [start, end] of [['(', ')'], ['<', '>'], ['&lt;', '&gt;']] as const) {
        const startCount = middle.split(start).length - 1;
        if (startCount <= middle.split(end).length - 1) continue;
        for (let i = 0; i < Math.min(startCount, tail.split(end).length - 1); i++) {
          const endIndex = tail.indexOf(end) + end.length;
          middle += tail.slice(0, endIndex);
          tail = tail.slice(endIndex);
        }
      }
      if (HTTP_RE.test(middle)) {
        const href = middle.startsWith('https://') || middle.startsWith('http://') ? middle : `https://${middle}`;
        middle = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
      } else if (middle.startsWith('mailto:') && EMAIL_RE.test(middle.slice(7))) {
        middle = `<a href="${middle}">${middle.slice(7)}</a>`;
      } else if (middle.includes('@') && !middle.startsWith('www.') && !middle.startsWith('@') && !middle.includes(':') && EMAIL_RE.test(middle)) {
        middle = `<a href="mailto:${middle}">${middle}</a>`;
      } else {
        for (const scheme of extraSchemes) {
          if (middle !== scheme && middle.startsWith(scheme)) middle = `<a href="${middle}"${relAttr}${targetAttr}>${middle}</a>`;
        }
      }
      return head + middle + tail;
    })
    .join('');
}
