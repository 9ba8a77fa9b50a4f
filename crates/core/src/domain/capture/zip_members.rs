//! Reading the members of a zip file (a zipped bundle or a WACZ) into memory, safely.
//!
//! This module owns the zip boundary: it refuses path-traversal and absolute member names, caps
//! each member's and the archive's total decompressed size (zip bombs), and reports unreadable
//! members. It must never write anywhere, follow a member name as a path, or read past the limits.

use std::io::{Cursor, Read};
use std::sync::Arc;

use crate::domain::capture::{InputFile, Limits};
use crate::domain::diagnostic::Diagnostic;

/// Most members read from one zip.
const MAX_MEMBERS: usize = 100_000;

/// A member name is safe when it is relative, has no `..` component, no backslash, no NUL and no
/// drive letter.
pub fn is_safe_member_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains('\0')
        && !name.split('/').any(|part| part == "..")
        && !name.split('/').next().is_some_and(|first| first.len() == 2 && first.ends_with(':'))
}

/// Reads every file member; paths are the members' names (`/`-separated, relative).
pub fn read_zip(file: &str, bytes: &[u8], limits: &Limits, diagnostics: &mut Vec<Diagnostic>) -> Vec<InputFile> {
    let mut members = Vec::new();
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(error) => {
            diagnostics.push(Diagnostic::error(format!("not a readable zip file ({error})")).in_file(file));
            return members;
        }
    };
    if archive.len() > MAX_MEMBERS {
        diagnostics.push(
            Diagnostic::warning(format!("{} members; only the first {MAX_MEMBERS} are read", archive.len()))
                .in_file(file),
        );
    }
    let mut total = 0u64;
    // Members that are files (not folders), read or not: none at all is said, never a silent zero.
    let mut files = 0usize;
    for index in 0..archive.len().min(MAX_MEMBERS) {
        let mut member = match archive.by_index(index) {
            Ok(member) => member,
            Err(error) => {
                diagnostics
                    .push(Diagnostic::warning(format!("member {index} unreadable ({error}); skipped")).in_file(file));
                continue;
            }
        };
        let name = member.name().map(|name| name.into_owned()).unwrap_or_default();
        if member.is_dir() {
            continue;
        }
        files += 1;
        if !is_safe_member_name(&name) {
            diagnostics.push(
                Diagnostic::error(format!("member name `{}` points outside the archive; refused", name.escape_debug()))
                    .in_file(file),
            );
            continue;
        }
        let member_path = format!("{file}/{name}");
        if member.size() > limits.max_file_bytes {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "declares {} bytes, over the {}-byte limit; skipped",
                    member.size(),
                    limits.max_file_bytes
                ))
                .in_file(&member_path),
            );
            continue;
        }
        let allowed = limits.max_file_bytes.min(limits.max_total_bytes.saturating_sub(total));
        let mut content = Vec::with_capacity(member.size().min(allowed).min(16 * 1024 * 1024) as usize);
        let result = (&mut member).take(allowed.saturating_add(1)).read_to_end(&mut content);
        if let Err(error) = result {
            diagnostics.push(
                Diagnostic::warning(format!("unreadable after {} bytes ({error}); skipped", content.len()))
                    .in_file(&member_path),
            );
            continue;
        }
        if content.len() as u64 > allowed {
            if allowed < limits.max_file_bytes {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the archive decompresses to more than the {}-byte total limit; stopped reading it",
                        limits.max_total_bytes
                    ))
                    .in_file(file),
                );
                break;
            }
            diagnostics.push(
                Diagnostic::warning(format!(
                    "decompresses to more than the {}-byte limit (its header said {}); skipped",
                    limits.max_file_bytes,
                    member.size()
                ))
                .in_file(&member_path),
            );
            continue;
        }
        total += content.len() as u64;
        members.push(InputFile { path: name, bytes: Arc::from(content) });
    }
    if files == 0 && archive.len() <= MAX_MEMBERS {
        diagnostics.push(Diagnostic::warning("no files found in this zip (it is empty)").in_file(file));
    }
    members
}
