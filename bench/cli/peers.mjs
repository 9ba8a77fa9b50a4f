// The JavaScript pipelines that `exhibit allegations` and `exhibit capture --text` are compared with
// as whole processes (scripts/bench.sh, stage "cli", under hyperfine). Each reads the same file and
// writes its result to stdout, as the CLI does:
//   node bench/cli/peers.mjs allegations LIST.txt   regex refang + new URL() + tldts, duplicates
//                                                   merged by href, pretty JSON out
//   node bench/cli/peers.mjs capture FILE.warc.gz   warcio WARCParser over every record, each HTML
//                                                   payload's SHA-256 (node:crypto) and its text
//                                                   (htmlparser2, script/style skipped, one line per
//                                                   block), printed as `== <uri>` + text
// Libraries come from .tools/bench/node_modules (BENCH_NODE_MODULES), installed by scripts/bench.sh.
// The peers do less than exhibit: no flags, confusables, provenance or diagnostics for the list; no
// encoding sniffing, canonical offsets, language profile or integrity record for the captures.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const modules = process.env.BENCH_NODE_MODULES || new URL('../../.tools/bench/node_modules', import.meta.url).pathname;
const require = createRequire(join(modules, 'noop.js'));
const out = (text) => new Promise((resolve) => process.stdout.write(text, resolve));

// The same refang and candidate rules as the browser peer (bench/web/peers.js).
const REFANG = /hxxp|\[\.\]|\(\.\)|\{\.\}|\[:\]|\[dot\]/gi;
const refangOne = (m) => {
  const l = m.toLowerCase();
  return l === 'hxxp' ? 'http' : l === '[:]' ? ':' : '.';
};
const CANDIDATE = /(?:https?:\/\/)?(?:[\p{L}\p{N}-]+\.)+\p{L}[\p{L}\p{N}-]+(?::\d+)?(?:[/?#][^\s<>"'()\[\]]*)?/gu;

async function allegations(file) {
  const { getDomain } = require('tldts');
  const text = readFileSync(file, 'utf8');
  const seen = new Map();
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
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
      const key = url.href;
      const entry = seen.get(key);
      if (entry) entry.lines.push(lineNo);
      else seen.set(key, { line: lineNo, raw: line, url: key, host, site, domain: getDomain(host) || site, lines: [lineNo] });
    }
  }
  await out(JSON.stringify({ allegations: [...seen.values()], diagnostics: [] }, null, 2) + '\n');
}

const BLOCK = new Set(['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'tr', 'br', 'section', 'article', 'blockquote', 'pre', 'title']);
const SKIP = new Set(['script', 'style', 'noscript', 'template']);

function htmlText(html) {
  const { Parser } = require('htmlparser2');
  const blocks = [];
  let current = '';
  let skipping = 0;
  const flush = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) blocks.push(text);
    current = '';
  };
  const parser = new Parser(
    {
      onopentagname(name) {
        if (SKIP.has(name)) skipping++;
        else if (BLOCK.has(name)) flush();
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK.has(name)) flush();
      },
      ontext(text) {
        if (!skipping) current += text;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return blocks.join('\n');
}

async function capture(file) {
  const { WARCParser } = require('warcio');
  const parser = new WARCParser(createReadStream(file));
  const decoder = new TextDecoder('utf-8');
  const parts = [];
  for await (const record of parser) {
    if (record.warcType !== 'response') continue;
    const payload = await record.readFully(true); // the HTTP body, headers parsed apart
    const sha256 = createHash('sha256').update(payload).digest('hex');
    parts.push(`== ${record.warcTargetURI} ${sha256}\n${htmlText(decoder.decode(payload))}\n`);
  }
  await out(parts.join(''));
}

const [command, file] = process.argv.slice(2);
if (command === 'allegations') await allegations(file);
else if (command === 'capture') await capture(file);
else {
  console.error('usage: node bench/cli/peers.mjs allegations|capture FILE');
  process.exit(2);
}
