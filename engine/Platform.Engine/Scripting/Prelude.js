// Runs after Functions.js: bounds the built-ins that could build huge strings, then freezes the world.
(function (g) {
  'use strict';
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
