/**
 * date.strftime / datetime.strftime (and `'{:%Y}'.format(d)`) as CPython
 * 3.11 on glibc computes them: Python replaces `%f`, `%z` and `%Z` itself,
 * then hands the format to the C library's strftime in the C locale, whose
 * GNU flags (`_ - 0 ^ #`), field widths and E/O modifiers apply; a
 * directive glibc does not know is copied as it is. `%s` reads the fields
 * as UTC (C's mktime uses the machine's time zone).
 */
import { PyDate, PyDateTime } from '../../yaml/python.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The C locale's composite directives. */
const SUBFORMATS: Record<string, string> = { c: '%a %b %e %H:%M:%S %Y', D: '%m/%d/%y', x: '%m/%d/%y', F: '%Y-%m-%d', r: '%I:%M:%S %p', R: '%H:%M', T: '%H:%M:%S', X: '%H:%M:%S' };
/** Conversions glibc refuses after E / after O (it prints such a directive as it is). */
const NO_E = 'abdeghjklmwABDFGHIMSUVW';
const NO_O = 'acxADFXY';

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  wday: number;
  /** 0-based day of the year. */
  yday: number;
}

export function strftime(d: PyDate | PyDateTime, format: string): string {
  const time = d instanceof PyDateTime ? d : { hour: 0, minute: 0, second: 0, microsecond: 0, utcOffsetMinutes: null };
  const fields: Fields = {
    year: d.year,
    month: d.month,
    day: d.day,
    hour: time.hour,
    minute: time.minute,
    second: time.second,
    wday: new Date(utcDay(d.year, d.month, d.day)).getUTCDay(),
    yday: Math.round((utcDay(d.year, d.month, d.day) - utcDay(d.year, 1, 1)) / 86400000),
  };
  const cFormat = pythonDirectives(format, time.microsecond, time.utcOffsetMinutes);
  // CPython's time.strftime grows its buffer from 1024 bytes up to 256 times the format's length and gives '' when the result does not fit.
  let buffer = 1024;
  while (buffer < 256 * cFormat.length) buffer *= 2;
  const out = glibcStrftime(cFormat, fields, time, buffer);
  return out === null || out.length >= buffer ? '' : out;
}

/** Milliseconds since 1970 of a day at midnight UTC (Date.UTC would read years 0-99 as 1900-1999). */
function utcDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** datetime's wrap_strftime: %f, %z and %Z become text; any other `%c` pair passes through. */
function pythonDirectives(format: string, microsecond: number, offsetMinutes: number | null): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    const next = format[++i]!;
    if (next === 'f') out += String(microsecond).padStart(6, '0');
    else if (next === 'z') out += offsetMinutes === null ? '' : offset(offsetMinutes);
    else if (next === 'Z') out += offsetMinutes === null ? '' : offsetMinutes === 0 ? 'UTC' : `UTC${offset(offsetMinutes, ':')}`;
    else out += c + next;
  }
  return out;
}

function offset(minutes: number, separator = ''): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${separator}${String(a % 60).padStart(2, '0')}`;
}

/** glibc's strftime in the C locale; null where it fails (a width past its bound). */
function glibcStrftime(format: string, t: Fields, time: { hour: number }, limit: number): string | null {
  let out = '';
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    const start = i++;
    let pad = '';
    let upper = false;
    let swapCase = false;
    for (; i < format.length && '_-0^#'.includes(format[i]!); i++) {
      const flag = format[i]!;
      if (flag === '^') upper = true;
      else if (flag === '#') swapCase = true;
      else pad = flag;
    }
    let width = -1;
    const digits = /^\d+/.exec(format.slice(i));
    if (digits) {
      if (digits[0].length > 9) return null;
      width = Number(digits[0]);
      i += digits[0].length;
      if (width > limit) return null;
    }
    let modifier = '';
    if (i < format.length && (format[i] === 'E' || format[i] === 'O')) modifier = format[i++]!;
    const conversion = i < format.length ? format[i++]! : '';
    const fill = (text: string) => (width > text.length ? (pad === '0' ? '0' : ' ').repeat(width - text.length) + text : text);
    const text = (s: string, lower = false) => fill(lower ? s.toLowerCase() : upper ? s.toUpperCase() : s);
    const number = (value: number, minDigits: number, spacePadded = false) => {
      const p = pad === '' && spacePadded ? '_' : pad;
      const magnitude = String(Math.abs(value));
      const body = (value < 0 ? '-' : '') + (p === '-' ? magnitude : magnitude.padStart(minDigits, p === '_' ? ' ' : '0'));
      // A width pads the whole field, sign included ('%012s' of a negative time puts the zeros before the '-').
      return width > body.length ? body.padStart(width, p === '_' || p === '-' ? ' ' : '0') : body;
    };
    // glibc sets the case flags of b, B and h before it refuses their modifier: '%#Eh' prints '%#EH'.
    const bad = () => (swapCase && 'bBh'.includes(conversion) ? fill(format.slice(start, i).toUpperCase()) : text(format.slice(start, i)));
    if (conversion === '' || (modifier === 'E' && NO_E.includes(conversion)) || (modifier === 'O' && NO_O.includes(conversion))) {
      out += bad();
      continue;
    }
    const hour12 = time.hour % 12 || 12;
    const iso = isoWeek(t);
    switch (conversion) {
      case 'a': out += swapCase ? fill(DAYS[t.wday]!.slice(0, 3).toUpperCase()) : text(DAYS[t.wday]!.slice(0, 3)); break;
      case 'A': out += swapCase ? fill(DAYS[t.wday]!.toUpperCase()) : text(DAYS[t.wday]!); break;
      case 'b':
      case 'h': out += swapCase ? fill(MONTHS[t.month - 1]!.slice(0, 3).toUpperCase()) : text(MONTHS[t.month - 1]!.slice(0, 3)); break;
      case 'B': out += swapCase ? fill(MONTHS[t.month - 1]!.toUpperCase()) : text(MONTHS[t.month - 1]!); break;
      case 'p': out += swapCase ? text(time.hour < 12 ? 'AM' : 'PM', true) : text(time.hour < 12 ? 'AM' : 'PM'); break;
      case 'P': out += text(time.hour < 12 ? 'AM' : 'PM', true); break;
      case 'C': out += number(Math.floor(t.year / 100), 1); break;
      case 'd': out += number(t.day, 2); break;
      case 'e': out += number(t.day, 2, true); break;
      case 'g': out += number(iso.year % 100, 2); break;
      case 'G': out += number(iso.year, 1); break;
      case 'H': out += number(t.hour, 2); break;
      case 'I': out += number(hour12, 2); break;
      case 'j': out += number(t.yday + 1, 3); break;
      case 'k': out += number(t.hour, 2, true); break;
      case 'l': out += number(hour12, 2, true); break;
      case 'm': out += number(t.month, 2); break;
      case 'M': out += number(t.minute, 2); break;
      case 'n': out += text('\n'); break;
      case 't': out += text('\t'); break;
      case 's': out += number(epochSeconds(t), 1, true); break;
      case 'S': out += number(t.second, 2); break;
      case 'u': out += number(t.wday || 7, 1); break;
      case 'U': out += number(Math.floor((t.yday + 7 - t.wday) / 7), 2); break;
      case 'V': out += number(iso.week, 2); break;
      case 'w': out += number(t.wday, 1); break;
      case 'W': out += number(Math.floor((t.yday + 7 - ((t.wday + 6) % 7)) / 7), 2); break;
      case 'y': out += number(t.year % 100, 2); break;
      case 'Y': out += number(t.year, 1); break;
      // tm_isdst is -1 in the tuple Python passes, and glibc then prints nothing for %z; tm_zone is unset.
      case 'z': break;
      case 'Z': out += swapCase ? text('', true) : text(''); break;
      case '%': out += text('%'); break;
      default: {
        const sub = SUBFORMATS[conversion];
        if (sub === undefined) {
          out += bad();
          break;
        }
        const inner = glibcStrftime(sub, t, time, limit);
        if (inner === null) return null;
        out += text(inner);
      }
    }
    if (out.length >= limit) return null;
  }
  return out;
}

/** Seconds since 1970 of the fields read as UTC. */
function epochSeconds(t: Fields): number {
  return Math.floor(utcDay(t.year, t.month, t.day) / 1000) + t.hour * 3600 + t.minute * 60 + t.second;
}

/** The ISO 8601 week-numbering year and week: week 1 is the week (Monday first) holding the year's first Thursday. */
function isoWeek(t: Fields): { year: number; week: number } {
  const isoWeekday = t.wday || 7;
  const week = Math.floor((t.yday + 1 - isoWeekday + 10) / 7);
  if (week < 1) return { year: t.year - 1, week: weeksIn(t.year - 1) };
  if (week > weeksIn(t.year)) return { year: t.year + 1, week: 1 };
  return { year: t.year, week };
}

/** 53 when the year starts on a Thursday, or is a leap year starting on a Wednesday; else 52. */
function weeksIn(year: number): number {
  const jan1 = new Date(utcDay(year, 1, 1)).getUTCDay();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}
