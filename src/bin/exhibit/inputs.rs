//! Reading command-line paths (files or folders, recursively) into `InputFile`s for the domain.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use exhibit::domain::capture::InputFile;

/// Reads every file under the given paths. Paths inside a folder are kept relative to the folder
/// given, `/`-separated, in sorted order so loads are reproducible.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Vec<InputFile>, String> {
    let mut files = Vec::new();
    // A path given twice (or a folder and a file inside it) is read once.
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        let real = path.canonicalize().unwrap_or_else(|_| path.clone());
        if seen.iter().any(|earlier: &PathBuf| real.starts_with(earlier)) {
            eprintln!("{}: given twice (or inside a folder given before); read once", path.display());
            continue;
        }
        seen.insert(real);
        let name = path.file_name().map(|name| name.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        if path.is_file() && (name == "case.json" || name == "manifest.json") {
            let folder = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
            return Err(format!(
                "{}: a bundle's {name} names the files beside it; pass its folder instead ({})",
                path.display(),
                folder.display()
            ));
        }
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found).map_err(|error| format!("{}: {error}", path.display()))?;
            found.sort();
            let base = path.parent().unwrap_or(Path::new(""));
            for file in found {
                let Some(bytes) = read_file(&file)? else { continue };
                let relative = file.strip_prefix(base).unwrap_or(&file);
                files.push(InputFile::new(slash_path(relative), Arc::<[u8]>::from(bytes)));
            }
        } else {
            let metadata = std::fs::metadata(path).map_err(|error| format!("{}: {error}", path.display()))?;
            if !metadata.is_file() {
                return Err(format!("{}: not a regular file or folder", path.display()));
            }
            let Some(bytes) = read_file(path)? else { continue };
            let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
            files.push(InputFile::new(name, Arc::<[u8]>::from(bytes)));
        }
    }
    Ok(files)
}

/// A file's bytes; `None` (said on stderr) for one larger than a whole load may be, which is not
/// read into memory at all.
fn read_file(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let limit = exhibit::domain::capture::Limits::default().max_total_bytes;
    let size = std::fs::metadata(path).map_err(|error| format!("{}: {error}", path.display()))?.len();
    if size > limit {
        eprintln!("{}: {size} bytes is over the {limit}-byte limit of a load; skipped unread", path.display());
        return Ok(None);
    }
    std::fs::read(path).map(Some).map_err(|error| format!("{}: {error}", path.display()))
}

/// Files under `directory`. A link to a file is read as the file; a link to a folder is not
/// followed (it could loop), and a broken link is skipped: both said on stderr.
fn walk(directory: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(directory)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, found)?;
        } else if kind.is_file() {
            found.push(path);
        } else if kind.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(target) if target.is_file() => found.push(path),
                Ok(target) if target.is_dir() => {
                    eprintln!("{}: a link to a folder; not followed", path.display());
                }
                Ok(_) => eprintln!("{}: a link to something that is not a file; skipped", path.display()),
                Err(error) => eprintln!("{}: a broken link ({error}); skipped", path.display()),
            }
        }
    }
    Ok(())
}

fn slash_path(path: &Path) -> String {
    path.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}
