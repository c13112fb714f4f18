// The functions formulas and rules call, defined once per engine before everything is frozen.
// Excel semantics where they differ from JavaScript's: ROUND halves away from zero, blanks count as 0 in SUM.
(function (g) {
  'use strict';
  const flat = (args) => args.flat(Infinity);
  const num = (v) => (v === null || v === undefined || v === '' ? 0 : Number(v));
  const isBlank = (v) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  const day = 86400000;
  const toDate = (v) => (v instanceof Date ? v : v === null || v === undefined || v === '' ? null : new Date(v));
  const defs = {
    IF: (c, a, b) => (c ? a : b === undefined ? false : b),
    AND: (...a) => flat(a).every(Boolean),
    OR: (...a) => flat(a).some(Boolean),
    NOT: (v) => !v,
    SUM: (...a) => flat(a).reduce((s, v) => s + num(v), 0),
    ROUND: (n, d) => {
      const f = Math.pow(10, d || 0);
      const x = num(n) * f;
      return (Math.sign(x) * Math.round(Math.abs(x) + 1e-9)) / f;
    },
    CONCAT: (...a) => flat(a).map((v) => (v === null || v === undefined ? '' : String(v))).join(''),
    ISBLANK: isBlank,
    TODAY: () => __today(),
    NOW: () => __now(),
    DATEDIF: (start, end, unit) => {
      const s = toDate(start), e = toDate(end);
      if (!s || !e || e < s) return null;
      const months = (e.getUTCFullYear() - s.getUTCFullYear()) * 12 + (e.getUTCMonth() - s.getUTCMonth()) - (e.getUTCDate() < s.getUTCDate() ? 1 : 0);
      switch (String(unit).toUpperCase()) {
        case 'D': return Math.floor((e - s) / day);
        case 'M': return months;
        case 'Y': return Math.floor(months / 12);
        case 'YM': return months % 12;
        case 'MD': {
          const anchor = Date.UTC(e.getUTCFullYear(), e.getUTCMonth() - (e.getUTCDate() < s.getUTCDate() ? 1 : 0), s.getUTCDate());
          return Math.floor((e - anchor) / day);
        }
        default: throw new RangeError('DATEDIF unit must be D, M, Y, YM or MD');
      }
    },
  };
  for (const [name, fn] of Object.entries(defs)) Object.defineProperty(g, name, { value: fn, enumerable: false });

  // Bound the built-ins that can build one huge string in a single call, below any statement check.
  const cap = 1000000;
  const sp = String.prototype;
  const repeat = sp.repeat, padStart = sp.padStart, padEnd = sp.padEnd;
  const guard = (n) => { if (Number(n) > cap) throw new RangeError('string too long'); };
  Object.defineProperty(sp, 'repeat', { value: function (n) { if (String(this).length * Number(n) > cap) throw new RangeError('string too long'); return repeat.call(this, n); } });
  Object.defineProperty(sp, 'padStart', { value: function (n, f) { guard(n); return padStart.call(this, n, f); } });
  Object.defineProperty(sp, 'padEnd', { value: function (n, f) { guard(n); return padEnd.call(this, n, f); } });

  // Freeze every object reachable from the global scope: no script can change what another sees.
  const seen = new Set();
  const freeze = (o) => {
    if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) return;
    seen.add(o);
    Object.freeze(o);
    for (const key of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (!d) continue;
      if ('value' in d) freeze(d.value); else { freeze(d.get); freeze(d.set); }
    }
    freeze(Object.getPrototypeOf(o));
  };
  freeze(g);
})(globalThis);
