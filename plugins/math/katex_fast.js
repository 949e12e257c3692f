// Faster versions of five helpers KaTeX calls for every span, style and dimension it writes,
// and of a span's loop over its attributes, for the Node math worker (math_worker.js applies
// them to katex.min.js before compiling it).
//
// Each goes through a slow path of V8 on every call: a global regular expression replaced with
// a function (escaping, even when there is nothing to escape), a `$1` replacement (a style
// key's hyphens), `toFixed` and a parse back to a number (a dimension in em), a filtered copy
// of a span's class list before joining it, an array of a style's (a span's attributes') keys
// before walking them. Together they were 10-14% of Node's instructions over thousands of
// formulas, 8% of a cold worker's 103 (bench/README.md). Each version returns what KaTeX's
// own returns, so the HTML is byte-identical (tests/test_math_engines.py draws the sample
// formulas in Node and in the QuickJS VM, which runs KaTeX unchanged):
// - escaping: the string as it is when it holds none of the five characters escaped;
// - a style key's CSS name, and a dimension's text: remembered per key or number (a Map's
//   keys are equal as SameValueZero, where only 0 and -0 meet, and both give "0em"); the
//   dimensions a long dev-server session meets are forgotten every 4,096;
// - a class list: its truthy entries joined by spaces, each as String() gives it, which is
//   what `join` gives for every entry but a Symbol (where KaTeX's throws; it has none);
// - a style's CSS, a span's attributes: their keys walked with for-in, their own only, which
//   are the keys `Object.keys` gives, in the same order (an ordinary object's); null still
//   throws.
//
// Each pair is [KaTeX's text, its replacement], written for KaTeX 0.19's katex.min.js and the
// short names its minifier gave (`o`, `l`, `i`, `s`, `V`…). A text not found exactly once
// (another KaTeX version) is left as it is: that part is then KaTeX's own, only slower.
'use strict';

module.exports = [
  ['s=e=>e.replace(o,"-$1").toLowerCase()',
   's=(m=>e=>{let t=m.get(e);return void 0===t&&(t=e.replace(o,"-$1").toLowerCase(),m.set(e,t)),t})(new Map)'],
  ['a=e=>String(e).replace(l,e=>i[e])',
   'a=(q=>e=>(e=String(e),q.test(e)?e.replace(l,e=>i[e]):e))(/[&><"\']/)'],
  ['N=function(e){return+e.toFixed(4)+"em"}',
   'N=(m=>function(e){let t=m.get(e);return void 0===t&&(m.size>4095&&m.clear(),t=+e.toFixed(4)+"em",m.set(e,t)),t})(new Map)'],
  ['D=function(e){return e.filter(e=>e).join(" ")}',
   'D=function(e){let t="",r=0;for(let n=0;n<e.length;n++){const o=e[n];o&&(t=r++?t+" "+String(o):String(o))}return t}'],
  ['L=function(e){let t="";for(const r of Object.keys(e)){const n=e[r];void 0!==n&&(t+=s(r)+":"+n+";")}return t}',
   'L=(h=>function(e){null==e&&Object.keys(e);let t="";for(const r in e)if(h.call(e,r)){const n=e[r];void 0!==n&&(t+=s(r)+":"+n+";")}return t})(Object.prototype.hasOwnProperty)'],
  ['for(const e of Object.keys(this.attributes)){if(V.test(e))throw new n("Invalid attribute name \'"+e+"\'");t+=" "+e+\'="\'+a(this.attributes[e])+\'"\'}',
   '{const q=this.attributes;null==q&&Object.keys(q);for(const e in q)if(Object.prototype.hasOwnProperty.call(q,e)){if(V.test(e))throw new n("Invalid attribute name \'"+e+"\'");t+=" "+e+\'="\'+a(q[e])+\'"\'}}'],
];
