// The formula runtime: Excel's values, operators and functions, defined once per engine before
// everything is frozen. Formulas compile to calls of __x (operators) and of the upper-case functions;
// plain scripts may call the functions too.
//
// Values: numbers, text, booleans, Dates (wall-clock time in the caller's zone, held in UTC fields,
// as Excel has no zones), arrays (subform columns, multi-value fields) and null for blank. An Excel
// error (#DIV/0! ...) is thrown where it arises and unwinds the formula, which is what propagation
// means in Excel; IFERROR, ISERROR and their kin get their argument through __x.val, which turns a
// thrown error back into a value. A compiled formula catches what reaches its top and returns it.
(function (g) {
  'use strict';
  class XlError {
    constructor(code) { this['#error'] = code; Object.freeze(this); }
    toString() { return this['#error']; }
  }
  const E = {
    div0: new XlError('#DIV/0!'), value: new XlError('#VALUE!'), num: new XlError('#NUM!'),
    na: new XlError('#N/A'), name: new XlError('#NAME?'), ref: new XlError('#REF!'),
  };
  const isErr = (v) => v instanceof XlError;
  const MAX_TEXT = 32767;
  const DAY = 86400000;
  const EPOCH = Date.UTC(1899, 11, 30);

  // ---- numbers: kept to Excel's 15 significant digits after every operation, so that money adds
  // up exactly (0.1 + 0.2 is 0.3) wherever the exact decimal result has 15 digits or fewer.
  const fix = (x) => {
    if (!isFinite(x)) throw E.num;
    if (Number.isInteger(x)) return x;
    const a = Math.abs(x);
    const k = 14 - Math.floor(Math.log10(a));
    if (k <= 0) return x;
    if (k > 22) return Number(x.toPrecision(15));
    const f = 10 ** k;
    return Math.sign(x) * (Math.round(a * f) / f);
  };
  const blank = (v) => v === null || v === undefined || v === '';
  const numberText = /^\s*([-+]?)\s*[$¥€£]?\s*((?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*(%?)\s*$/;
  const parseNumber = (text) => {
    const m = numberText.exec(text);
    if (!m || m[2] === '' || m[2] === '.') return undefined;
    const n = Number(m[2].replace(/,/g, ''));
    if (!isFinite(n)) return undefined;
    return fix((m[1] === '-' ? -n : n) / (m[3] ? 100 : 1));
  };
  const isoDate = /^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/;
  const parseDate = (text) => {
    const m = isoDate.exec(text);
    if (!m) return undefined;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0)));
    return d.getUTCMonth() === +m[2] - 1 ? d : undefined;
  };
  const serial = (d) => (d.getTime() - EPOCH) / DAY;
  const fromSerial = (n) => new Date(EPOCH + Math.round(n * DAY));
  const single = (v) => (Array.isArray(v) ? (v.length === 1 ? v[0] : v.length === 0 ? null : fail(E.value)) : v);
  const fail = (e) => { throw e; };

  const num = (v) => {
    if (typeof v === 'number') return v;
    if (blank(v)) return 0;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v instanceof Date) return serial(v);
    if (typeof v === 'string') { const n = parseNumber(v); return n === undefined ? fail(E.value) : n; }
    if (isErr(v)) throw v;
    if (Array.isArray(v)) return num(single(v));
    throw E.value;
  };
  const int = (v) => Math.trunc(num(v));
  const pad = (n, w) => String(n).padStart(w, '0');
  const general = (n) => {
    const s = String(n);
    return s.length <= 15 && s.indexOf('e') < 0 ? s : String(fix(n)).toUpperCase();
  };
  const dateText = (d) => {
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
    const ms = d.getTime() % DAY;
    if (ms === 0) return day;
    return `${day} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}${d.getUTCSeconds() ? ':' + pad(d.getUTCSeconds(), 2) : ''}`;
  };
  const text = (v) => {
    if (typeof v === 'string') return v;
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return general(v);
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (v instanceof Date) return dateText(v);
    if (isErr(v)) throw v;
    if (Array.isArray(v)) return v.map(text).join(',');
    return String(v);
  };
  const bool = (v) => {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (blank(v)) return false;
    if (typeof v === 'string') {
      const u = v.toUpperCase();
      return u === 'TRUE' ? true : u === 'FALSE' ? false : fail(E.value);
    }
    if (isErr(v)) throw v;
    if (Array.isArray(v)) return v.length > 0 && bool(single(v));
    if (v instanceof Date) return true;
    throw E.value;
  };
  const date = (v) => {
    if (v instanceof Date) return v;
    if (typeof v === 'number') return fromSerial(v);
    if (typeof v === 'string') { const d = parseDate(v); return d === undefined ? fail(E.value) : d; }
    if (isErr(v)) throw v;
    if (Array.isArray(v)) return date(single(v));
    throw E.value;
  };
  const day = (d) => {
    const t = d.getTime(), r = ((t % DAY) + DAY) % DAY;
    return r === 0 ? d : new Date(t - r);
  };
  const capped = (s) => (s.length > MAX_TEXT ? fail(E.value) : s);
  // Joins texts only when the result fits, so no call builds a huge string first and checks it after.
  const joined = (parts, sep) => {
    let length = sep.length * Math.max(0, parts.length - 1);
    for (const p of parts) { length += p.length; if (length > MAX_TEXT) throw E.value; }
    return parts.join(sep);
  };
  const flat = (args) => args.flat(Infinity);
  // Excel ignores text and booleans inside ranges but converts them when typed as an argument.
  const numbers = (args, onDate) => {
    const out = [];
    for (const a of args) {
      if (Array.isArray(a)) {
        for (const v of flat(a)) {
          if (isErr(v)) throw v;
          if (typeof v === 'number') out.push(v);
          else if (v instanceof Date) { out.push(serial(v)); if (onDate) onDate(); }
        }
      } else if (!blank(a)) {
        if (a instanceof Date && onDate) onDate();
        out.push(num(a));
      }
    }
    return out;
  };
  // AND, OR, XOR: count the values that are not blank and the true ones among them.
  const logical = (args, decide, blankIsFalse) => {
    let n = 0, t = 0;
    for (const a of args) {
      if (Array.isArray(a)) { for (const v of flat(a)) if (!blank(v)) { n++; if (bool(v)) t++; } }
      else if (!blank(a)) { n++; if (bool(a)) t++; }
    }
    if (n === 0 && !blankIsFalse) throw E.value;
    return decide(n, t);
  };
  const extreme = (args, better) => {
    let best, sawDate = false;
    for (const a of args) {
      if (typeof a === 'number') { if (best === undefined || better(a, best)) best = a; continue; }
      for (const v of numbers([a], () => { sawDate = true; })) if (best === undefined || better(v, best)) best = v;
    }
    return best === undefined ? 0 : sawDate ? fromSerial(best) : best;
  };
  const scale = (x, digits) => {
    const s = Math.abs(x) * 10 ** digits;
    return Number(s.toPrecision(15));
  };
  const round = (how) => (n, digits) => {
    const x = fix(num(n));
    const d = digits === undefined ? 0 : int(digits);
    if (d > 15) return x;
    const s = d >= 0 ? scale(x, d) : Number((Math.abs(x) / 10 ** -d).toPrecision(15));
    const r = how(s);
    return fix(Math.sign(x) * (d >= 0 ? r / 10 ** d : r * 10 ** -d));
  };

  // ---- comparison: numbers < text < booleans; text ignores case; blank equals 0, "" and FALSE.
  const rank = (v) => (typeof v === 'number' || v instanceof Date ? 0 : typeof v === 'string' ? 1 : 2);
  const compare = (a, b) => {
    a = single(a); b = single(b);
    if (isErr(a)) throw a;
    if (isErr(b)) throw b;
    if (blank(a) && blank(b)) return 0;
    if (blank(a)) a = typeof b === 'string' ? '' : typeof b === 'boolean' ? false : 0;
    if (blank(b)) b = typeof a === 'string' ? '' : typeof a === 'boolean' ? false : 0;
    const ra = rank(a), rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (ra === 0) { const x = fix(num(a)), y = fix(num(b)); return x < y ? -1 : x > y ? 1 : 0; }
    if (ra === 1) { const x = a.toLowerCase(), y = b.toLowerCase(); return x < y ? -1 : x > y ? 1 : 0; }
    return (a ? 1 : 0) - (b ? 1 : 0);
  };

  // Operators take the quick way for two numbers; everything else goes through Excel's coercions.
  const addDays = (d, n) => new Date(d.getTime() + Math.round(n * DAY));
  // Blank and text operands are coerced here and go back to the host's decimal arithmetic; two numbers
  // arrive here only when decimal cannot hold them, and stay in double.
  const numbersOf = (a, b) => typeof a === 'number' && typeof b === 'number';
  const x = {
    // + - * / and ROUND are host functions (__dadd...) that take two numbers in decimal and call
    // these for anything else.
    slow: {
      add: (a, b) => {
        if (a instanceof Date && !(b instanceof Date)) return addDays(a, num(b));
        if (b instanceof Date && !(a instanceof Date)) return addDays(b, num(a));
        return numbersOf(a, b) ? fix(a + b) : __dadd(num(a), num(b));
      },
      sub: (a, b) => {
        if (a instanceof Date && b instanceof Date) return fix((a.getTime() - b.getTime()) / DAY);
        if (a instanceof Date) return addDays(a, -num(b));
        return numbersOf(a, b) ? fix(a - b) : __dsub(num(a), num(b));
      },
      mul: (a, b) => (numbersOf(a, b) ? fix(a * b) : __dmul(num(a), num(b))),
      div: (a, b) => { const y = num(b); return y === 0 ? fail(E.div0) : numbersOf(a, b) ? fix(a / b) : __ddiv(num(a), y); },
      round: (n, d) => round(Math.round)(n, d),
      roundup: (n, d) => round(Math.ceil)(n, d),
      rounddown: (n, d) => round(Math.floor)(n, d),
    },
    pow: (a, b) => {
      const x = num(a), y = num(b);
      if (x === 0 && y === 0) throw E.num;
      if (x === 0 && y < 0) throw E.div0;
      const r = x ** y;
      return isNaN(r) ? fail(E.num) : fix(r);
    },
    neg: (a) => (typeof a === 'number' ? -a : fix(-num(a))),
    pct: (a) => __ddiv(num(a), 100),
    cat: (a, b) => (typeof a === 'string' && typeof b === 'string' && a.length + b.length <= MAX_TEXT ? a + b : capped(text(a) + text(b))),
    eq: (a, b) => (typeof a === 'number' && typeof b === 'number' ? a === b : compare(a, b) === 0),
    ne: (a, b) => (typeof a === 'number' && typeof b === 'number' ? a !== b : compare(a, b) !== 0),
    lt: (a, b) => (typeof a === 'number' && typeof b === 'number' ? a < b : compare(a, b) < 0),
    le: (a, b) => (typeof a === 'number' && typeof b === 'number' ? a <= b : compare(a, b) <= 0),
    gt: (a, b) => (typeof a === 'number' && typeof b === 'number' ? a > b : compare(a, b) > 0),
    ge: (a, b) => (typeof a === 'number' && typeof b === 'number' ? a >= b : compare(a, b) >= 0),
    and: (a, b) => bool(a) && bool(b),
    or: (a, b) => bool(a) || bool(b),
    not: (a) => !bool(a),
    // IF's test.
    test: (v) => (v === true || v === false ? v : bool(v)),
    isErr,
    // An argument evaluated so that an error comes back as a value, for IFERROR, ISERROR and the like.
    val: (f) => {
      try { return f(); } catch (e) { if (e instanceof XlError) return e; throw e; }
    },
    // The shapes a formula's result is stored in, chosen by the field that holds it.
    asNumber: (v) => (blank(v) ? null : v instanceof Date ? fail(E.value) : num(v)),
    asText: (v) => (blank(v) ? null : text(v)),
    asDate: (v) => (blank(v) ? null : day(date(v))),
    asDateTime: (v) => (blank(v) ? null : date(v)),
    asBoolean: (v) => bool(v),
  };
  // Operators work element by element on lists, as Excel's array formulas do, so its idiom for a
  // conditional sum over a subform works: SUMPRODUCT((items.qty > 5) * items.price). A single value
  // meets every element; two lists must be as long as each other. An element that fails holds its error.
  const elementwise = (f) => (a, b) => {
    if (!Array.isArray(a) && !Array.isArray(b)) return f(a, b);
    const n = Array.isArray(a) ? a.length : b.length;
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) throw E.value;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      try { out[i] = f(Array.isArray(a) ? a[i] : a, Array.isArray(b) ? b[i] : b); }
      catch (e) { if (e instanceof XlError) out[i] = e; else throw e; }
    }
    return out;
  };
  for (const k of ['add', 'sub', 'mul', 'div']) x.slow[k] = elementwise(x.slow[k]);
  for (const k of ['pow', 'cat', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']) x[k] = elementwise(x[k]);
  // ---- criteria of SUMIF, COUNTIF...: 5, ">100", "<>A", "A*", "" (blank), "<>" (not blank).
  const wildcard = (pattern) => new RegExp('^' + pattern.replace(/~([*?~])|([*?])|[.+^${}()|[\]\\]/g, (m, lit, wild) =>
    lit ? '\\' + lit : wild === '*' ? '[\\s\\S]*' : wild === '?' ? '[\\s\\S]' : '\\' + m) + '$', 'i');
  const criterion = (c) => {
    if (isErr(c)) throw c;
    if (typeof c !== 'string') return (v) => !blank(v) && compare(v, c) === 0;
    const m = /^(>=|<=|<>|>|<|=)?([\s\S]*)$/.exec(c);
    const op = m[1] || '=', rest = m[2];
    if (rest === '') return op === '=' ? blank : op === '<>' ? (v) => !blank(v) : () => false;
    const n = parseNumber(rest);
    if (n !== undefined) {
      const target = n;
      const test = { '=': (r) => r === 0, '<>': (r) => r !== 0, '>': (r) => r > 0, '>=': (r) => r >= 0, '<': (r) => r < 0, '<=': (r) => r <= 0 }[op];
      return (v) => {
        if (op === '<>' && (blank(v) || typeof v === 'string' && parseNumber(v) === undefined)) return true;
        if (typeof v === 'number' || v instanceof Date) return test(compare(v, target));
        if (typeof v === 'string' && parseNumber(v) !== undefined && (op === '=' || op === '<>')) return test(compare(parseNumber(v), target));
        return false;
      };
    }
    if (op === '=' || op === '<>') {
      const re = wildcard(rest);
      return op === '=' ? (v) => !blank(v) && re.test(text(v)) : (v) => blank(v) || !re.test(text(v));
    }
    return (v) => typeof v === 'string' && (op === '>' ? compare(v, rest) > 0 : op === '>=' ? compare(v, rest) >= 0 : op === '<' ? compare(v, rest) < 0 : compare(v, rest) <= 0);
  };
  const list = (v) => (Array.isArray(v) ? flat(v) : [v]);
  const matching = (range, crit, values) => {
    const r = list(range), t = values === undefined ? r : list(values);
    const test = criterion(single(crit));
    const out = [];
    for (let i = 0; i < r.length; i++) if (test(r[i])) out.push(t[i]);
    return out;
  };
  const matchingAll = (target, pairs) => {
    const t = list(target);
    if (pairs.length === 0 || pairs.length % 2) throw E.value;
    const tests = [];
    for (let i = 0; i < pairs.length; i += 2) {
      const r = list(pairs[i]);
      if (r.length !== t.length) throw E.value;
      tests.push([r, criterion(single(pairs[i + 1]))]);
    }
    return t.filter((_, i) => tests.every(([r, test]) => test(r[i])));
  };
  const rangeNumbers = (values) => values.filter((v) => typeof v === 'number' || v instanceof Date).map((v) => num(v));

  // ---- dates
  const y = (d) => d.getUTCFullYear(), mo = (d) => d.getUTCMonth(), dd = (d) => d.getUTCDate();
  const ymd = (year, month, dayOfMonth) => {
    const d = new Date(Date.UTC(2000, 0, 1));
    d.setUTCFullYear(year, month, dayOfMonth);
    if (y(d) < 1900 || y(d) > 9999) throw E.num;
    return d;
  };
  const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const lastDay = (year, month) => (month === 1 && (year % 4 === 0 && year % 100 !== 0 || year % 400 === 0) ? 29 : MONTH_DAYS[month]);
  const addMonths = (d, n) => {
    const target = mo(d) + n;
    const ty = y(d) + Math.floor(target / 12), tm = ((target % 12) + 12) % 12;
    if (ty < 1900 || ty > 9999) throw E.num;
    const t = d.getTime();
    return new Date(Date.UTC(ty, tm, Math.min(dd(d), lastDay(ty, tm))) + (((t % DAY) + DAY) % DAY));
  };
  const weekday = (d) => d.getUTCDay();
  const isWorkday = (d, holidays) => weekday(d) !== 0 && weekday(d) !== 6 && !holidays.has(day(d).getTime());
  const holidaySet = (v) => new Set(v === undefined ? [] : list(v).filter((h) => !blank(h)).map((h) => day(date(h)).getTime()));
  // Date functions give blank for a blank date, as form users expect, where Excel would count from 1900.
  const blankOr = (dates, fn) => (dates === 1
    ? (a, b, c) => (blank(a) ? null : fn(a, b, c))
    : (a, b, c) => (blank(a) || blank(b) ? null : fn(a, b, c)));

  // ---- TEXT(value, format)
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const ZH_DAYS = ['日', '一', '二', '三', '四', '五', '六'];
  const dateToken = /"[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|aaaa|aaa|hh|h|ss|s|am\/pm|a\/p|./gi;
  const formatDate = (d, format) => {
    const { tokens, lower } = dateTokens(format);
    const twelve = lower.some((t) => t === 'am/pm' || t === 'a/p');
    const minuteAt = (i) => {
      for (let j = i - 1; j >= 0; j--) { if (/^h/.test(lower[j])) return true; if (/^[ymd]/.test(lower[j]) || /^s/.test(lower[j])) break; }
      for (let j = i + 1; j < lower.length; j++) { if (/^s/.test(lower[j])) return true; if (/^[ymdh]/.test(lower[j])) break; }
      return false;
    };
    const h = d.getUTCHours();
    return tokens.map((t, i) => {
      const l = lower[i];
      switch (l) {
        case 'yyyy': return String(y(d));
        case 'yy': return pad(y(d) % 100, 2);
        case 'mmmm': return MONTHS[mo(d)];
        case 'mmm': return MONTHS[mo(d)].slice(0, 3);
        case 'mm': return minuteAt(i) ? pad(d.getUTCMinutes(), 2) : pad(mo(d) + 1, 2);
        case 'm': return minuteAt(i) ? String(d.getUTCMinutes()) : String(mo(d) + 1);
        case 'dddd': return DAYS[weekday(d)];
        case 'ddd': return DAYS[weekday(d)].slice(0, 3);
        case 'dd': return pad(dd(d), 2);
        case 'd': return String(dd(d));
        case 'aaaa': return '星期' + ZH_DAYS[weekday(d)];
        case 'aaa': return ZH_DAYS[weekday(d)];
        case 'hh': return pad(twelve ? (h % 12 || 12) : h, 2);
        case 'h': return String(twelve ? (h % 12 || 12) : h);
        case 'ss': return pad(d.getUTCSeconds(), 2);
        case 's': return String(d.getUTCSeconds());
        case 'am/pm': return h < 12 ? (t[0] === 'a' ? 'am' : 'AM') : (t[0] === 'a' ? 'pm' : 'PM');
        case 'a/p': return h < 12 ? 'A' : 'P';
        default: return t[0] === '"' ? t.slice(1, -1) : t[0] === '\\' ? t.slice(1) : t;
      }
    }).join('');
  };
  // Formats are parsed once: a form formats every record with the same few. The caches are reachable
  // only from this closure, so no script can read or change them.
  const remembered = (parse) => {
    const cache = new Map();
    return (key) => {
      let value = cache.get(key);
      if (value === undefined) {
        if (cache.size > 500) cache.clear();
        value = parse(key);
        cache.set(key, value);
      }
      return value;
    };
  };
  const clean = (s) => s.replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1');
  const numberFormat = remembered((f) => {
    const m = /^([^#0.,]*)([#0,]*)(?:\.([0#]*))?([^#0]*)$/.exec(f);
    if (!m) return null;
    const [, prefix, whole, decimals = '', suffix] = m;
    return {
      prefix: clean(prefix), suffix: clean(suffix), percent: suffix.includes('%'), places: decimals.length,
      minInt: (whole.match(/0/g) || []).length, grouped: whole.includes(','), optional: (decimals.match(/#+$/) || [''])[0].length,
    };
  });
  const formatNumber = (n, format) => {
    const sections = format.split(';');
    let f = sections[0];
    if (n < 0 && sections.length > 1) { f = sections[1]; n = -n; } else if (n === 0 && sections.length > 2) f = sections[2];
    const spec = numberFormat(f);
    if (spec === null) throw E.value;
    const rounded = __round(spec.percent ? __dmul(n, 100) : n, spec.places);
    let [ip, fp = ''] = Math.abs(rounded).toFixed(spec.places).split('.');
    if (ip === '0' && spec.minInt === 0) ip = '';
    if (ip.length < spec.minInt) ip = ip.padStart(spec.minInt, '0');
    if (spec.grouped && ip.length > 3) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    for (let i = 0; i < spec.optional && fp.endsWith('0'); i++) fp = fp.slice(0, -1);
    return (rounded < 0 ? '-' : '') + spec.prefix + ip + (fp ? '.' + fp : '') + spec.suffix;
  };
  const isDateFormat = remembered((f) => /[yd]|h|s|aaa|am\/pm/i.test(f.replace(/"[^"]*"|\\./g, '')) || /^\s*m+\s*$/i.test(f));
  const dateTokens = remembered((f) => {
    const tokens = f.match(dateToken) || [];
    return { tokens, lower: tokens.map((t) => t.toLowerCase()) };
  });

  const defs = {
    // logical
    IF: (c, a, b) => (bool(c) ? (a === undefined ? true : a) : b === undefined ? false : b),
    IFS: (...a) => {
      if (a.length % 2) throw E.value;
      for (let i = 0; i < a.length; i += 2) if (bool(a[i])) return a[i + 1];
      throw E.na;
    },
    AND: (...a) => logical(a, (n, t) => t === n),
    OR: (...a) => logical(a, (n, t) => t > 0),
    XOR: (...a) => logical(a, (n, t) => t % 2 === 1, true),
    NOT: (v) => !bool(v),
    SWITCH: (v, ...cases) => {
      for (let i = 0; i + 1 < cases.length; i += 2) {
        const c = cases[i];
        if (typeof v === 'number' && typeof c === 'number' ? v === c : compare(v, c) === 0) return cases[i + 1];
      }
      if (cases.length % 2) return cases[cases.length - 1];
      throw E.na;
    },
    IFERROR: (v, alt) => (isErr(v) ? alt : v),
    ISERROR: (v) => isErr(v),
    NA: () => { throw E.na; },
    TRUE: () => true,
    FALSE: () => false,
    // math
    SUM: (...a) => numbers(a).reduce(__dadd, 0),
    AVERAGE: (...a) => { const v = numbers(a); if (!v.length) throw E.div0; return __ddiv(v.reduce(__dadd, 0), v.length); },
    MIN: (...a) => extreme(a, (v, best) => v < best),
    MAX: (...a) => extreme(a, (v, best) => v > best),
    // Numbers and dates count; typed-in arguments also count when they are logical values or numeric text.
    COUNT: (...a) => a.reduce((n, v) => n + (Array.isArray(v)
      ? flat(v).filter((e) => typeof e === 'number' || e instanceof Date).length
      : typeof v === 'number' || v instanceof Date || typeof v === 'boolean' || (typeof v === 'string' && parseNumber(v) !== undefined) ? 1 : 0), 0),
    COUNTA: (...a) => flat(a).filter((v) => !blank(v)).length,
    ROUND: (n, d) => __round(n, d === undefined ? 0 : d),
    ROUNDUP: (n, d) => __roundup(n, d === undefined ? 0 : d),
    ROUNDDOWN: (n, d) => __rounddown(n, d === undefined ? 0 : d),
    INT: (n) => Math.floor(fix(num(n))),
    MOD: (n, d) => { const a = num(n), b = num(d); if (b === 0) throw E.div0; return __dsub(a, __dmul(b, Math.floor(__ddiv(a, b)))); },
    ABS: (n) => Math.abs(num(n)),
    POWER: (a, b) => x.pow(a, b),
    SQRT: (n) => { const v = num(n); if (v < 0) throw E.num; return fix(Math.sqrt(v)); },
    CEILING: (n, s) => {
      const v = num(n), sig = s === undefined ? 1 : num(s);
      if (sig === 0 || v === 0) return 0;
      if (v > 0 && sig < 0) throw E.num;
      return fix(Math.ceil(fix(v / sig)) * sig);
    },
    FLOOR: (n, s) => {
      const v = num(n), sig = s === undefined ? 1 : num(s);
      if (v === 0) return 0;
      if (sig === 0) throw E.div0;
      if (v > 0 && sig < 0) throw E.num;
      return fix(Math.floor(fix(v / sig)) * sig);
    },
    // text
    CONCAT: (...a) => joined(flat(a).map(text), ''),
    CONCATENATE: (...a) => joined(flat(a).map(text), ''),
    TEXTJOIN: (sep, ignoreEmpty, ...a) => joined(flat(a).filter((v) => !(bool(ignoreEmpty) && blank(v))).map(text), text(sep)),
    LEFT: (s, n) => { const c = n === undefined ? 1 : int(n); if (c < 0) throw E.value; return text(s).slice(0, c); },
    RIGHT: (s, n) => { const c = n === undefined ? 1 : int(n); if (c < 0) throw E.value; const t = text(s); return c === 0 ? '' : t.slice(-c); },
    MID: (s, start, n) => { const b = int(start), c = int(n); if (b < 1 || c < 0) throw E.value; return text(s).slice(b - 1, b - 1 + c); },
    LEN: (s) => text(s).length,
    UPPER: (s) => text(s).toUpperCase(),
    LOWER: (s) => text(s).toLowerCase(),
    TRIM: (s) => text(s).replace(/ +/g, ' ').replace(/^ | $/g, ''),
    REPLACE: (s, start, n, by) => {
      const t = text(s), b = int(start), c = int(n);
      if (b < 1 || c < 0) throw E.value;
      return capped(t.slice(0, b - 1) + text(by) + t.slice(b - 1 + c));
    },
    SUBSTITUTE: (s, from, to, nth) => {
      const t = text(s), f = text(from), r = text(to);
      if (f === '') return t;
      if (nth === undefined) return joined(t.split(f), r);
      const k = int(nth);
      if (k < 1) throw E.value;
      let at = -1;
      for (let i = 0; i < k; i++) { at = t.indexOf(f, at + 1); if (at < 0) return t; }
      return capped(t.slice(0, at) + r + t.slice(at + f.length));
    },
    FIND: (f, s, start) => {
      const t = text(s), b = start === undefined ? 1 : int(start);
      if (b < 1 || b > t.length + 1) throw E.value;
      const at = t.indexOf(text(f), b - 1);
      if (at < 0) throw E.value;
      return at + 1;
    },
    SEARCH: (f, s, start) => {
      const t = text(s), b = start === undefined ? 1 : int(start);
      if (b < 1 || b > t.length + 1) throw E.value;
      const pattern = text(f);
      const re = new RegExp(wildcard(pattern).source.slice(1, -1), 'i');
      const m = re.exec(t.slice(b - 1));
      if (!m) throw E.value;
      return m.index + b;
    },
    TEXT: (v, format) => {
      const f = text(format);
      if (f === '' || f.toLowerCase() === 'general') return text(v);
      if (f === '@') return text(v);
      if (v instanceof Date || isDateFormat(f)) return formatDate(date(typeof v === 'string' && parseDate(v) === undefined ? num(v) : v), f);
      if (typeof v === 'string' && parseNumber(v) === undefined) return v;
      return formatNumber(num(v), f);
    },
    VALUE: (v) => {
      if (typeof v === 'number') return v;
      if (v instanceof Date) return serial(v);
      if (blank(v)) return 0;
      if (typeof v === 'string') {
        const n = parseNumber(v);
        if (n !== undefined) return n;
        const d = parseDate(v);
        if (d !== undefined) return serial(d);
      }
      throw E.value;
    },
    REPT: (s, n) => {
      const t = text(s), c = int(n);
      if (c < 0 || t.length * c > MAX_TEXT) throw E.value;
      return t.repeat(c);
    },
    // dates
    TODAY: () => __today(),
    NOW: () => __now(),
    ME: () => __me(),
    DATE: (year, month, dayOfMonth) => {
      let yr = int(year);
      if (yr < 0 || yr > 9999) throw E.num;
      if (yr < 1900) yr += 1900;
      return ymd(yr, int(month) - 1, int(dayOfMonth));
    },
    YEAR: blankOr(1, (d) => y(date(d))),
    MONTH: blankOr(1, (d) => mo(date(d)) + 1),
    DAY: blankOr(1, (d) => dd(date(d))),
    HOUR: blankOr(1, (d) => date(d).getUTCHours()),
    MINUTE: blankOr(1, (d) => date(d).getUTCMinutes()),
    WEEKDAY: blankOr(1, (d, type) => {
      const w = weekday(date(d)), t = type === undefined ? 1 : int(type);
      if (t === 1 || t === 17) return w + 1;
      if (t === 2 || t === 11) return ((w + 6) % 7) + 1;
      if (t === 3) return (w + 6) % 7;
      if (t >= 12 && t <= 16) return ((w - (t - 10) + 7) % 7) + 1;
      throw E.num;
    }),
    WEEKNUM: blankOr(1, (d, type) => {
      const v = day(date(d)), t = type === undefined ? 1 : int(type);
      if (t === 21) {
        const thursday = addDays(v, 3 - ((weekday(v) + 6) % 7));
        return Math.floor((thursday - Date.UTC(y(thursday), 0, 1)) / DAY / 7) + 1;
      }
      const start = t === 1 || t === 17 ? 0 : t === 2 || t === 11 ? 1 : t >= 12 && t <= 16 ? t - 10 : fail(E.num);
      const jan1 = new Date(Date.UTC(y(v), 0, 1));
      const offset = (weekday(jan1) - start + 7) % 7;
      return Math.floor(((v - jan1) / DAY + offset) / 7) + 1;
    }),
    DATEDIF: blankOr(2, (start, end, unit) => {
      const s = day(date(start)), e = day(date(end));
      if (s > e) throw E.num;
      const months = (y(e) - y(s)) * 12 + mo(e) - mo(s) - (dd(e) < dd(s) ? 1 : 0);
      switch (text(unit).toUpperCase()) {
        case 'D': return Math.round((e - s) / DAY);
        case 'M': return months;
        case 'Y': return Math.floor(months / 12);
        case 'YM': return months % 12;
        case 'MD': return Math.round((e - Date.UTC(y(e), mo(e) - (dd(e) < dd(s) ? 1 : 0), dd(s))) / DAY);
        case 'YD': {
          let anchor = Date.UTC(y(e), mo(s), dd(s));
          if (anchor > e) anchor = Date.UTC(y(e) - 1, mo(s), dd(s));
          return Math.round((e - anchor) / DAY);
        }
        default: throw E.num;
      }
    }),
    DAYS: blankOr(2, (end, start) => Math.round((day(date(end)) - day(date(start))) / DAY)),
    EDATE: blankOr(1, (d, n) => day(addMonths(date(d), int(n)))),
    EOMONTH: blankOr(1, (d, n) => { const v = date(d), target = mo(v) + int(n); return ymd(y(v), target + 1, 0); }),
    NETWORKDAYS: blankOr(2, (start, end, holidays) => {
      let s = day(date(start)), e = day(date(end)), sign = 1;
      if (s > e) { [s, e] = [e, s]; sign = -1; }
      const total = Math.round((e - s) / DAY) + 1;
      const weeks = Math.floor(total / 7);
      let count = weeks * 5;
      for (let i = weeks * 7; i < total; i++) if (isWorkday(addDays(s, i), new Set())) count++;
      for (const h of holidaySet(holidays)) if (h >= s.getTime() && h <= e.getTime() && isWorkday(new Date(h), new Set())) count--;
      return sign * count;
    }),
    WORKDAY: blankOr(1, (start, days, holidays) => {
      const hs = holidaySet(holidays);
      let n = int(days);
      if (Math.abs(n) > 1000000) throw E.num;
      const step = n < 0 ? -1 : 1;
      const from = day(date(start));
      // Any seven days in a row hold five weekdays: jump whole weeks, then give back the holidays passed.
      const weeks = Math.max(0, Math.floor((Math.abs(n) - 1) / 5));
      let d = addDays(from, step * 7 * weeks);
      n -= step * 5 * weeks;
      for (const h of hs) {
        const inside = step > 0 ? h > from.getTime() && h <= d.getTime() : h < from.getTime() && h >= d.getTime();
        if (inside && isWorkday(new Date(h), new Set())) n += step;
      }
      while (n !== 0) { d = addDays(d, step); if (isWorkday(d, hs)) n -= step; }
      return d;
    }),
    DATEADD: blankOr(1, (d, n, unit) => {
      const v = date(d), k = num(n);
      switch (text(unit === undefined ? 'd' : unit).toLowerCase()) {
        case 'y': return addMonths(v, Math.trunc(k) * 12);
        case 'q': return addMonths(v, Math.trunc(k) * 3);
        case 'm': return addMonths(v, Math.trunc(k));
        case 'w': return addDays(v, k * 7);
        case 'd': return addDays(v, k);
        case 'h': return addDays(v, k / 24);
        case 'mi': case 'n': return addDays(v, k / 1440);
        case 's': return addDays(v, k / 86400);
        default: throw E.value;
      }
    }),
    // over subform rows and arrays
    SUMIF: (range, crit, values) => rangeNumbers(matching(range, crit, values)).reduce(__dadd, 0),
    COUNTIF: (range, crit) => matching(range, crit).length,
    AVERAGEIF: (range, crit, values) => { const v = rangeNumbers(matching(range, crit, values)); if (!v.length) throw E.div0; return __ddiv(v.reduce(__dadd, 0), v.length); },
    MAXIFS: (target, ...pairs) => { const v = rangeNumbers(matchingAll(target, pairs)); return v.length ? Math.max(...v) : 0; },
    MINIFS: (target, ...pairs) => { const v = rangeNumbers(matchingAll(target, pairs)); return v.length ? Math.min(...v) : 0; },
    SUMPRODUCT: (...arrays) => {
      const lists = arrays.map(list);
      const n = lists[0].length;
      if (lists.some((l) => l.length !== n)) throw E.value;
      let total = 0;
      for (let i = 0; i < n; i++) {
        let p = 1;
        for (const l of lists) { const v = l[i]; if (isErr(v)) throw v; p = __dmul(p, typeof v === 'number' ? v : 0); }
        total = __dadd(total, p);
      }
      return total;
    },
    // information
    ISBLANK: (v) => blank(v) || (Array.isArray(v) && v.length === 0),
    ISNUMBER: (v) => typeof v === 'number' || v instanceof Date,
    ISTEXT: (v) => typeof v === 'string' && v !== '',
  };
  for (const [name, fn] of Object.entries(defs)) Object.defineProperty(g, name, { value: fn, enumerable: false });
  Object.defineProperty(g, '__x', { value: x, enumerable: false });
})(globalThis);
