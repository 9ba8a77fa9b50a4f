// The JavaScript peers of each wasm kernel. Libraries are passed in (the page imports them through
// its import map; node scripts can import them from .tools/bench/node_modules), so this file has
// no bare imports. Each peer returns a count, printed next to the wasm kernel's for a sanity check.

export function makePeers({ franc, getDomain, diffLines, DiffMatchPatch, WARCParser }) {
  // --- Allegation ingest: regex refang + new URL() + tldts, duplicates merged by href. ----------
  const REFANG = /hxxp|\[\.\]|\(\.\)|\{\.\}|\[:\]|\[dot\]/gi;
  const refangOne = (m) => {
    const l = m.toLowerCase();
    return l === 'hxxp' ? 'http' : l === '[:]' ? ':' : '.';
  };
  const CANDIDATE = /(?:https?:\/\/)?(?:[\p{L}\p{N}-]+\.)+\p{L}[\p{L}\p{N}-]+(?::\d+)?(?:[/?#][^\s<>"'()\[\]]*)?/gu;
  function allegations(text) {
    const seen = new Map();
    for (const line of text.split('\n')) {
      if (!line) continue;
      const refanged = line.replace(REFANG, refangOne);
      for (const match of refanged.matchAll(CANDIDATE)) {
        let candidate = match[0];
        if (!/^https?:\/\//i.test(candidate)) candidate = 'http://' + candidate;
        let url;
        try {
          url = new URL(candidate);
        } catch {
          continue;
        }
        const host = url.hostname;
        const site = host.startsWith('www.') ? host.slice(4) : host;
        const domain = getDomain(host) || site;
        const key = url.href;
        const entry = seen.get(key);
        if (entry) entry.lines.push(line);
        else seen.set(key, { host, site, domain, lines: [line] });
      }
    }
    return seen.size;
  }

  // --- HTML → text: DOMParser + TreeWalker over text nodes, skipping invisible elements. --------
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD']);
  function htmlText(html) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const walker = doc.createTreeWalker(doc.body || doc.documentElement, NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        return SKIP.has(node.parentNode.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    const parts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue.replace(/\s+/g, ' ').trim();
      if (text) parts.push(text);
    }
    return parts.length;
  }

  // --- Language: franc per paragraph (profile, weighted by letters) and per snippet. -----------
  const LETTER = /\p{L}/gu;
  function langProfile(text) {
    const letters = new Map();
    for (const paragraph of text.split('\n\n')) {
      const count = (paragraph.match(LETTER) || []).length;
      if (!count) continue;
      const lang = franc(paragraph);
      letters.set(lang, (letters.get(lang) || 0) + count);
    }
    return letters.size;
  }
  function langSnippets(text) {
    let detected = 0;
    for (const line of text.split('\n')) {
      if (line && franc(line) !== 'und') detected++;
    }
    return detected;
  }

  // --- Diff: diff-match-patch in line mode (no timeout), and jsdiff diffLines. ----------------
  function dmpLines(before, after) {
    const dmp = new DiffMatchPatch();
    dmp.Diff_Timeout = 0; // exact, like the wasm kernel; the default 1 s gives up on a minimal diff
    const a = dmp.diff_linesToChars_(before, after);
    const diffs = dmp.diff_main(a.chars1, a.chars2, false);
    dmp.diff_charsToLines_(diffs, a.lineArray);
    return diffs.filter((d) => d[0] !== 0).length;
  }
  function jsdiffLines(before, after) {
    return diffLines(before, after).filter((part) => part.added || part.removed).length;
  }

  // --- WARC: warcio.js WARCParser over the gzip-per-record file, reading every block. ----------
  async function warc(bytes) {
    const parser = new WARCParser([bytes]);
    let records = 0;
    let blockBytes = 0;
    for await (const record of parser) {
      const content = await record.readFully(false);
      records++;
      blockBytes += content.length;
    }
    return records + blockBytes;
  }

  // --- SHA-256: WebCrypto (native code in the browser, the fastest peer there is). -------------
  async function sha256(bytes) {
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    return digest.byteLength * 2;
  }

  return { allegations, htmlText, langProfile, langSnippets, dmpLines, jsdiffLines, warc, sha256 };
}

// Which peers run against which case, and how each gets its input.
export function peersFor(caseName, peers, input) {
  if (caseName.startsWith('allegations')) return { 'regex+URL+tldts': () => peers.allegations(input.text) };
  if (caseName.startsWith('html')) return { 'DOMParser+TreeWalker': () => peers.htmlText(input.text) };
  if (caseName === 'lang-profile-1MB') return { franc: () => peers.langProfile(input.text) };
  if (caseName === 'lang-snippets-10k') return { franc: () => peers.langSnippets(input.text) };
  if (caseName.startsWith('diff')) {
    return {
      'diff-match-patch': () => peers.dmpLines(input.before, input.after),
      'jsdiff diffLines': () => peers.jsdiffLines(input.before, input.after),
    };
  }
  if (caseName.startsWith('warc')) return { 'warcio.js': () => peers.warc(input.bytes) };
  if (caseName.startsWith('sha256')) return { 'WebCrypto': () => peers.sha256(input.bytes) };
  return {};
}
