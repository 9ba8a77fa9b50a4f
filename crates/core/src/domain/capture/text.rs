//! Canonical text extraction from HTML: visible text in document order, split into blocks, with
//! the title, meta description, links, and the page's own statements of its URL.
//!
//! This module owns the text algorithm that citations point into; it must never change its output
//! for a given input without bumping `TEXT_ALGORITHM_VERSION` (see docs/FORMATS.md). It never
//! reorders, normalises or strips characters other than collapsing HTML whitespace: bidi marks,
//! ZWNJ/ZWJ and other joiners are kept. It never follows links, loads resources or runs script.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::domain::capture::{Block, BlockKind, ExtractedText, Limits, PageLink};
use crate::domain::diagnostic::Diagnostic;

/// Version of the extraction algorithm. Bump it whenever `canonical` could change for some input.
pub const TEXT_ALGORITHM_VERSION: u32 = 1;

/// What a page says about its own address, in the order a loader should trust it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageAddress {
    /// `<link rel="canonical" href>`.
    pub canonical: Option<String>,
    /// `<meta property="og:url" content>`.
    pub og_url: Option<String>,
    /// Internet Explorer's / Chrome's `<!-- saved from url=(0041)https://… -->` comment.
    pub saved_from: Option<String>,
    /// SingleFile's `url: https://…` line in its leading comment.
    pub singlefile: Option<String>,
}

impl PageAddress {
    /// The best URL the page states, with the name of where it came from.
    pub fn best(&self) -> Option<(&str, &'static str)> {
        [
            (self.canonical.as_deref(), "link rel=canonical"),
            (self.og_url.as_deref(), "og:url"),
            (self.saved_from.as_deref(), "saved-from comment"),
            (self.singlefile.as_deref(), "SingleFile comment"),
        ]
        .into_iter()
        .find_map(|(url, source)| url.filter(|url| is_absolute_http_url(url)).map(|url| (url, source)))
    }
}

fn is_absolute_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The result of extracting one HTML document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlExtraction {
    pub text: ExtractedText,
    pub address: PageAddress,
    pub diagnostics: Vec<Diagnostic>,
}

/// Extracts the canonical text of an HTML document with default limits.
pub fn extract_text(html: &str) -> ExtractedText {
    extract_html(html, &Limits::default()).text
}

/// Elements whose whole subtree is never visible text.
fn is_skipped_element(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "head"
            | "iframe"
            | "object"
            | "canvas"
            | "audio"
            | "video"
            | "datalist"
            | "noembed"
            | "noframes"
    )
}

fn is_void_element(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "frame"
    )
}

/// Elements whose start and end each end the current block.
fn is_block_boundary(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "option"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "select"
            | "button"
            | "label"
            | "img"
    )
}

fn block_kind_of(name: &str) -> Option<BlockKind> {
    Some(match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "p" => BlockKind::Paragraph,
        "li" => BlockKind::ListItem,
        "td" | "th" => BlockKind::TableCell,
        "blockquote" => BlockKind::Quote,
        "pre" | "textarea" => BlockKind::Preformatted,
        _ => return None,
    })
}

/// Elements that, when opened, implicitly close an open `<p>` (HTML's "close a p element").
fn closes_paragraph(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "form"
            | "table"
            | "hr"
            | "li"
            | "dd"
            | "dt"
    )
}

struct OpenElement {
    name: String,
    skipped: bool,
    is_link: bool,
}

struct Extractor<'a> {
    limits: &'a Limits,
    stack: Vec<OpenElement>,
    /// Number of open elements that hide their subtree.
    skipped_depth: usize,
    pre_depth: usize,
    in_title: bool,
    title: String,
    description: Option<String>,
    address: PageAddress,
    canonical: String,
    canonical_chars: usize,
    blocks: Vec<Block>,
    current: String,
    /// In collapsed mode: whether a space is pending before the next non-space character.
    pending_space: bool,
    /// Set right after `<pre>`: a single leading newline is dropped, as HTML parsing does.
    drop_next_newline: bool,
    links: Vec<PageLink>,
    open_link: Option<(String, String)>,
    nesting_reported: bool,
    diagnostics: Vec<Diagnostic>,
}

/// Extracts text, title, description, links and the page's stated address from decoded HTML.
///
/// The most quoted attribute values a tag may have before the page is read only up to it; real
/// pages have a few dozen at most.
pub const MAX_QUOTED_ATTRIBUTES: usize = 400;

/// The byte offset of the first start tag (`<` and a letter) with more than
/// `MAX_QUOTED_ATTRIBUTES` quoted attribute values, if any. One pass: each tag is scanned to its
/// `>` outside quotes.
fn overlong_tag(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(found) = bytes.get(at..).and_then(|rest| rest.iter().position(|&byte| byte == b'<')) {
        let start = at + found;
        if !bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            at = start + 1;
            continue;
        }
        let (mut quoted, mut quote, mut end) = (0usize, None::<u8>, start + 1);
        while let Some(&byte) = bytes.get(end) {
            match quote {
                Some(open) if byte == open => quote = None,
                Some(_) => {}
                None if byte == b'>' => break,
                None if byte == b'"' || byte == b'\'' => {
                    quote = Some(byte);
                    quoted += 1;
                }
                None => {}
            }
            end += 1;
        }
        if quoted > MAX_QUOTED_ATTRIBUTES {
            return Some(start);
        }
        at = end.max(start + 1);
    }
    None
}

/// The algorithm (version `TEXT_ALGORITHM_VERSION`) is documented in docs/FORMATS.md.
pub fn extract_html(html: &str, limits: &Limits) -> HtmlExtraction {
    let mut extractor = Extractor {
        limits,
        stack: Vec::new(),
        skipped_depth: 0,
        pre_depth: 0,
        in_title: false,
        title: String::new(),
        description: None,
        address: PageAddress::default(),
        canonical: String::new(),
        canonical_chars: 0,
        blocks: Vec::new(),
        current: String::new(),
        pending_space: false,
        drop_next_newline: false,
        links: Vec::new(),
        open_link: None,
        nesting_reported: false,
        diagnostics: Vec::new(),
    };
    // html5gum reads a quoted attribute by recursion, a few stack frames each: a tag with
    // thousands of them (a hostile page) would overflow the stack and take the whole load (and
    // the app's worker) down. The page is read up to such a tag, and says so.
    let html = match overlong_tag(html) {
        Some(offset) => {
            extractor.diagnostics.push(Diagnostic::warning(format!(
                "the page has a tag with more than {MAX_QUOTED_ATTRIBUTES} attributes (at byte {offset}): it was read up \
                 to that tag"
            )));
            html.get(..offset).unwrap_or_default()
        }
        None => html,
    };
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attribute = |key: &str| {
                    tag.attributes.get(key.as_bytes()).map(|value| String::from_utf8_lossy(&value.value).into_owned())
                };
                let hidden = tag.attributes.contains_key(b"hidden".as_slice());
                extractor.start_tag(&name, tag.self_closing, hidden, &attribute);
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                extractor.end_tag(&name);
            }
            Token::String(text) => extractor.text(&String::from_utf8_lossy(&text.value)),
            Token::Comment(comment) => extractor.comment(&String::from_utf8_lossy(&comment.value)),
            Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    extractor.finish()
}

impl Extractor<'_> {
    fn visible(&self) -> bool {
        self.skipped_depth == 0
    }

    fn start_tag(&mut self, name: &str, self_closing: bool, hidden: bool, attribute: &dyn Fn(&str) -> Option<String>) {
        match name {
            "meta" => self.meta(attribute),
            "link" => {
                let rel = attribute("rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_ascii_whitespace().any(|part| part == "canonical") && self.address.canonical.is_none() {
                    self.address.canonical = attribute("href").map(|href| href.trim().to_string());
                }
            }
            "title" if self.skipped_depth == 0 || self.only_head_skips() => {
                self.in_title = self.title.is_empty();
            }
            "body" => {
                // Body content starts: anything still open from the head is closed.
                if let Some(position) = self.stack.iter().position(|element| element.name == "head") {
                    self.close_from(position);
                }
            }
            _ => {}
        }
        if self.visible() && is_block_boundary(name) {
            self.flush_block();
        }
        if self.visible() && name == "a" {
            self.close_link();
            if let Some(href) = attribute("href") {
                self.open_link = Some((href.trim().to_string(), String::new()));
            }
        }
        if is_void_element(name) {
            return;
        }
        let in_foreign = self.stack.iter().any(|element| element.name == "svg" || element.name == "math");
        if self_closing && (in_foreign || name == "svg" || name == "math") {
            return;
        }
        // Implied end tags, as HTML's tree builder would.
        self.close_implied(name);
        if self.stack.len() >= self.limits.max_nesting {
            if !self.nesting_reported {
                self.nesting_reported = true;
                self.diagnostics.push(Diagnostic::warning(format!(
                    "elements nested deeper than {} levels: deeper structure is flattened",
                    self.limits.max_nesting
                )));
            }
            return;
        }
        let skipped = hidden || is_skipped_element(name);
        if skipped {
            self.skipped_depth += 1;
        }
        if name == "pre" || name == "textarea" || name == "listing" {
            self.pre_depth += 1;
            self.drop_next_newline = true;
        }
        self.stack.push(OpenElement { name: name.to_string(), skipped, is_link: name == "a" });
    }

    fn only_head_skips(&self) -> bool {
        self.stack.iter().filter(|element| element.skipped).all(|element| element.name == "head")
    }

    /// Closes what HTML's tree builder closes implicitly when `name` opens.
    fn close_implied(&mut self, name: &str) {
        if closes_paragraph(name) {
            self.close_nearest(&["p"], &["table", "td", "th", "body", "html", "button"]);
        }
        match name {
            "li" => self.close_nearest(&["li"], &["ul", "ol", "menu", "table", "body", "html"]),
            "dd" | "dt" => self.close_nearest(&["dd", "dt"], &["dl", "table", "body", "html"]),
            "td" | "th" => self.close_nearest(&["td", "th"], &["tr", "table", "body", "html"]),
            "tr" => self.close_nearest(&["tr"], &["table", "body", "html"]),
            "option" => self.close_nearest(&["option"], &["select", "body", "html"]),
            _ => {}
        }
    }

    fn close_nearest(&mut self, targets: &[&str], scope_limits: &[&str]) {
        for index in (0..self.stack.len()).rev() {
            let Some(element) = self.stack.get(index) else { return };
            if targets.contains(&element.name.as_str()) {
                self.close_from(index);
                return;
            }
            if scope_limits.contains(&element.name.as_str()) {
                return;
            }
        }
    }

    fn end_tag(&mut self, name: &str) {
        if name == "title" {
            self.in_title = false;
        }
        if let Some(position) = self.stack.iter().rposition(|element| element.name == name) {
            self.close_from(position);
        } else if name == "p" && self.visible() {
            // `</p>` with no open p acts as `<p></p>`: a block boundary.
            self.flush_block();
        } else if name == "br" && self.visible() {
            self.flush_block();
        }
    }

    /// Closes the element at `position` and everything opened after it.
    fn close_from(&mut self, position: usize) {
        while self.stack.len() > position {
            let Some(element) = self.stack.pop() else { break };
            let was_visible = self.visible();
            if element.skipped {
                self.skipped_depth = self.skipped_depth.saturating_sub(1);
            }
            if matches!(element.name.as_str(), "pre" | "textarea" | "listing") {
                self.pre_depth = self.pre_depth.saturating_sub(1);
            }
            if element.is_link && was_visible {
                self.close_link();
            }
            if was_visible && is_block_boundary(&element.name) {
                self.flush_block_with_kind(block_kind_of(&element.name));
            }
        }
    }

    fn close_link(&mut self) {
        if let Some((href, text)) = self.open_link.take() {
            let text = collapse_whitespace(&text);
            if !href.is_empty() {
                self.links.push(PageLink::new(text, href));
            }
        }
    }

    fn meta(&mut self, attribute: &dyn Fn(&str) -> Option<String>) {
        let name = attribute("name").or_else(|| attribute("property")).unwrap_or_default().to_ascii_lowercase();
        let content = attribute("content").map(|content| content.trim().to_string());
        match name.as_str() {
            "description" => {
                if let Some(content) = content {
                    self.description = Some(collapse_whitespace(&content));
                }
            }
            "og:description" if self.description.is_none() => {
                self.description = content.map(|content| collapse_whitespace(&content));
            }
            "og:url" if self.address.og_url.is_none() => self.address.og_url = content,
            _ => {}
        }
    }

    fn comment(&mut self, comment: &str) {
        let trimmed = comment.trim();
        if self.address.saved_from.is_none() {
            if let Some(rest) = trimmed.strip_prefix("saved from url=") {
                // `(0041)https://…`: the number is the URL's length, which we do not need.
                let rest = rest.trim_start();
                let url = match rest.strip_prefix('(') {
                    Some(after) => after.split_once(')').map(|(_, url)| url).unwrap_or(after),
                    None => rest,
                };
                let url = url.split_whitespace().next().unwrap_or_default();
                if !url.is_empty() {
                    self.address.saved_from = Some(url.to_string());
                }
            }
        }
        if self.address.singlefile.is_none() && trimmed.contains("SingleFile") {
            for line in trimmed.lines() {
                if let Some(url) = line.trim().strip_prefix("url:") {
                    let url = url.trim();
                    if !url.is_empty() {
                        self.address.singlefile = Some(url.to_string());
                        break;
                    }
                }
            }
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_title {
            self.title.push_str(text);
            return;
        }
        if !self.visible() {
            return;
        }
        if let Some((_, link_text)) = self.open_link.as_mut() {
            link_text.push_str(text);
        }
        if self.pre_depth > 0 {
            let mut text = text;
            if self.drop_next_newline {
                self.drop_next_newline = false;
                text = text.strip_prefix("\r\n").or_else(|| text.strip_prefix('\n')).unwrap_or(text);
            }
            if self.pending_space && !self.current.is_empty() {
                self.current.push(' ');
            }
            self.pending_space = false;
            for c in text.chars() {
                match c {
                    '\r' => {}
                    _ => self.current.push(c),
                }
            }
            return;
        }
        for c in text.chars() {
            if is_html_whitespace(c) {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.current.is_empty() {
                    self.current.push(' ');
                }
                self.pending_space = false;
                self.current.push(c);
            }
        }
        if !text.is_empty() {
            self.drop_next_newline = false;
        }
    }

    fn innermost_block_kind(&self) -> BlockKind {
        self.stack.iter().rev().find_map(|element| block_kind_of(&element.name)).unwrap_or(BlockKind::Other)
    }

    fn flush_block(&mut self) {
        self.flush_block_with_kind(None);
    }

    /// Ends the current block. `closing_kind` is the kind of an element being closed, which
    /// wins over the enclosing elements (its own entry has already left the stack).
    fn flush_block_with_kind(&mut self, closing_kind: Option<BlockKind>) {
        self.pending_space = false;
        let text = std::mem::take(&mut self.current);
        let text = text.trim_end_matches(|c: char| is_html_whitespace(c) || c == '\r');
        let text = text.trim_start_matches(['\n', '\r']);
        if text.chars().all(char::is_whitespace) {
            return;
        }
        let kind = closing_kind.unwrap_or_else(|| self.innermost_block_kind());
        if !self.canonical.is_empty() {
            self.canonical.push_str("\n\n");
            self.canonical_chars += 2;
        }
        let start = self.canonical_chars;
        self.canonical.push_str(text);
        self.canonical_chars += text.chars().count();
        self.blocks.push(Block { kind, start, end: self.canonical_chars, text: text.to_string() });
    }

    fn finish(mut self) -> HtmlExtraction {
        self.close_link();
        self.close_from(0);
        self.flush_block();
        let title = collapse_whitespace(&self.title);
        HtmlExtraction {
            text: ExtractedText {
                title: (!title.is_empty()).then_some(title),
                description: self.description.filter(|description| !description.is_empty()),
                canonical: self.canonical,
                blocks: self.blocks,
                links: self.links,
            },
            address: self.address,
            diagnostics: self.diagnostics,
        }
    }
}

/// HTML's ASCII whitespace: the only characters collapsed (NBSP and other Unicode spaces are kept).
fn is_html_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{000C}')
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = false;
    for c in text.chars() {
        if is_html_whitespace(c) {
            pending = true;
        } else {
            if pending && !out.is_empty() {
                out.push(' ');
            }
            pending = false;
            out.push(c);
        }
    }
    out
}

/// Canonical text for a plain-text artifact: paragraphs separated by blank lines become blocks,
/// whitespace inside a paragraph collapsed as in HTML.
pub fn extract_plain_text(text: &str) -> ExtractedText {
    let normalised = text.replace("\r\n", "\n");
    let mut canonical = String::new();
    let mut chars = 0usize;
    let mut blocks = Vec::new();
    for paragraph in normalised.split("\n\n") {
        let collapsed = collapse_whitespace(paragraph);
        if collapsed.is_empty() {
            continue;
        }
        if !canonical.is_empty() {
            canonical.push_str("\n\n");
            chars += 2;
        }
        let start = chars;
        canonical.push_str(&collapsed);
        chars += collapsed.chars().count();
        blocks.push(Block { kind: BlockKind::Paragraph, start, end: chars, text: collapsed });
    }
    ExtractedText { title: None, description: None, canonical, blocks, links: Vec::new() }
}
